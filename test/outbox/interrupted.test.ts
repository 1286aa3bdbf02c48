// At-least-once when the export is interrupted: the process killed mid-way, or the reader of
// stdout going away. Nothing is marked delivered; the next export starts with the same ids.
import { spawn } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { SHOPCTL, shopctl, tempDb } from '../helpers/cli.js';
import { parseLines, pendingCount, produceManyMessages } from './setup.js';

// Far more than a pipe buffer holds (~700 bytes a line), so the export cannot finish unread.
const MESSAGES = 3000;

let db: string;
beforeAll(async () => {
  db = tempDb().db;
  await produceManyMessages(db, MESSAGES);
});

function startExport(args: string[] = []) {
  const child = spawn(process.execPath, [SHOPCTL, '--db', db, 'outbox', 'export', ...args], {
    env: { ...process.env, NO_COLOR: '1', CI: '1' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal }));
  });
  /** Resolves with the first chunk of stdout, then stops reading (the pipe fills up). */
  const firstChunk = new Promise<string>((resolve) => {
    child.stdout.once('data', (chunk: Buffer) => {
      child.stdout.pause();
      resolve(chunk.toString('utf8'));
    });
  });
  return { child, exited, firstChunk, stderr: () => stderr };
}

describe('interrupted export', () => {
  it('killed mid-way marks nothing, and the next export repeats the same ids', async () => {
    const run = startExport();
    const first = await run.firstChunk;
    run.child.kill('SIGKILL');
    const { signal } = await run.exited;
    expect(signal).toBe('SIGKILL');
    expect(await pendingCount(db)).toBe(MESSAGES);

    const next = shopctl(['--db', db, 'outbox', 'export', '--no-ack', '--limit', '3']);
    const firstId = JSON.parse(first.split('\n')[0]).id;
    expect(parseLines(next.stdout)[0].id).toBe(firstId);
  });

  it('a reader that closes the pipe early (EPIPE) marks nothing; the next export repeats the same ids', async () => {
    const run = startExport();
    const first = await run.firstChunk;
    run.child.stdout.destroy(); // like `| head -1` exiting
    await run.exited;
    expect(await pendingCount(db)).toBe(MESSAGES);
    const next = shopctl(['--db', db, 'outbox', 'export', '--no-ack', '--limit', '1']);
    expect(parseLines(next.stdout)[0].id).toBe(JSON.parse(first.split('\n')[0]).id);
  });

  // src/main.ts leaves EPIPE to a command that listens for stdout errors itself.
  it('a reader that closes the pipe early (EPIPE) fails the export with a non-zero exit', async () => {
    const run = startExport();
    await run.firstChunk;
    run.child.stdout.destroy();
    const { code } = await run.exited;
    expect(code, run.stderr()).toBe(1);
    expect(run.stderr()).toMatch(/export failed: stdout was closed by its reader \(EPIPE\); nothing was marked delivered \[EXPORT_FAILED\]/);
    expect(await pendingCount(db)).toBe(MESSAGES);
  });
});
