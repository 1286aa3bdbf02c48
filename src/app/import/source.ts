// Where an import's bytes come from. A file is read where it lies; `-` (stdin) is spooled to
// a private temporary file first, so that both passes over it (hash, then rows) read the same
// bytes from disk and memory stays bounded whatever the size.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { UsageError } from '../errors.js';

export interface ImportSource {
  /** The path the rows are read from (the spool file for stdin). */
  path: string;
  /** What history and messages call it: the path as given, or "-" for stdin. */
  fileName: string;
  sha256: string;
  size: number;
  /** Removes the spool file, if any. */
  cleanup(): void;
}

export async function openImportSource(file: string, stdin: Readable): Promise<ImportSource> {
  if (file === '-') return spoolStdin(stdin);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  if (!stat.isFile()) throw new UsageError(`cannot read ${file}: not a regular file`, 'use - to read stdin');
  const hash = createHash('sha256');
  await pipeline(fs.createReadStream(file, { highWaterMark: 256 * 1024 }), hash);
  return { path: file, fileName: file, sha256: hash.digest('hex'), size: stat.size, cleanup: () => undefined };
}

async function spoolStdin(stdin: Readable): Promise<ImportSource> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shopctl-import-'));
  const spool = path.join(dir, 'stdin.csv');
  const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
  try {
    const hash = createHash('sha256');
    let size = 0;
    const out = fs.createWriteStream(spool, { mode: 0o600 });
    await pipeline(stdin, async function* (chunks: AsyncIterable<Buffer | string>) {
      for await (const chunk of chunks) {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        hash.update(bytes);
        size += bytes.length;
        yield bytes;
      }
    }, out);
    return { path: spool, fileName: '-', sha256: hash.digest('hex'), size, cleanup };
  } catch (error) {
    cleanup();
    throw error;
  }
}
