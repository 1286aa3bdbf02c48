// Shared helpers for the hardening tests: run shopctl in-process with a captured IO, build a
// small shop, and run the built binary as an unprivileged user where permissions matter.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { SHOPCTL, tempDb, type RunResult } from '../helpers/cli.js';
import { run } from '../helpers/shop.js';

export type Outcome = RunResult;

/** In-process through the shared runner (../helpers/shop.ts): never prompting, a fixed clock unless given. */
export function inProcess(db: string, argv: string[], options: { stdin?: string | Buffer | Readable; env?: Record<string, string> } = {}): Promise<Outcome> {
  return run(['--db', db, '--no-input', ...argv], { input: options.stdin, env: { SHOPCTL_NOW: '2026-03-01T10:00:00Z', ...options.env } });
}

/** Expects success and returns the parsed JSON of stdout. */
export async function ok<T = any>(db: string, argv: string[], options?: { stdin?: string }): Promise<T> {
  const result = await inProcess(db, ['--json', ...argv], options);
  if (result.code !== 0) throw new Error(`${argv.join(' ')} exited ${result.code}: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

/** A shop with a category, a mug (MUG-1, 5 in stock) and a tee with one variant. */
export async function smallShop(): Promise<{ dir: string; db: string; mugId: string; teeId: string }> {
  const { dir, db } = tempDb();
  await ok(db, ['category', 'create', 'Apparel']);
  const mug = await ok(db, ['product', 'create', '--name', 'Mug', '--price', '5.00', '--category', 'Apparel', '--sku', 'MUG-1', '--stock', '5']);
  const tee = await ok(db, ['product', 'create', '--name', 'Tee', '--price', '9.00', '--category', 'Apparel', '--sku', 'TEE-1']);
  return { dir, db, mugId: mug.id, teeId: tee.id };
}

export function writeFile(dir: string, name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

const NOBODY = 65534;

/** Runs the built shopctl through `sh -c` (for redirections and umask), as nobody when run as root. */
export function shell(script: string, options: { unprivileged?: boolean; cwd?: string; bash?: boolean } = {}): RunResult {
  const asNobody = options.unprivileged && process.getuid?.() === 0;
  const shellArgv = [options.bash ? 'bash' : 'sh', '-c', script];
  const argv = asNobody ? ['setpriv', `--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', ...shellArgv] : shellArgv;
  const result = spawnSync(argv[0], argv.slice(1), {
    cwd: options.cwd, encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', CI: '1', SHOPCTL: `${process.execPath} ${SHOPCTL}`, SHOPCTL_DB: '', SHOPCTL_NOW: '' },
  });
  if (result.error) throw result.error;
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** A folder nobody may write to (but may read), holding what `fill` puts there. */
export function readOnlyFolder(fill: (dir: string) => void): string {
  const { dir } = tempDb();
  fs.chmodSync(dir, 0o755);
  fill(dir);
  for (const name of fs.readdirSync(dir)) fs.chmodSync(path.join(dir, name), 0o644);
  fs.chmodSync(dir, 0o555);
  return dir;
}
