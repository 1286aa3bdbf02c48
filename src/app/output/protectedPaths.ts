// An output path (--out, --rejects) may never be a file shopctl is reading or running on: the
// database, its -wal/-shm/-journal companions, or the import's input. Compared by real path
// (through symlinks) and, for files that exist, by device + inode (hard links). Checked before
// anything is read or written (docs/reliability.md).
import fs from 'node:fs';
import path from 'node:path';
import { isPostgresUrl } from '../location.js';
import { OutputError } from './errors.js';

/** The database file and the companions SQLite keeps beside it (none: a PostgreSQL URL). */
function databaseFiles(dbPath: string): string[] {
  if (isPostgresUrl(dbPath)) return [];
  return ['', '-wal', '-shm', '-journal'].map((suffix) => dbPath + suffix);
}

/** Throws OutputError (a usage error) when `target` is one of `protectedFiles`. */
export function refuseProtectedTarget(target: string, flag: string, protectedFiles: readonly { file: string; what: string }[]): void {
  const targetReal = realPath(target);
  const targetId = fileId(target);
  for (const { file, what } of protectedFiles) {
    const id = fileId(file);
    const same = realPath(file) === targetReal || (id !== undefined && id === targetId);
    if (same) {
      throw new OutputError(`${flag} ${target} is ${what}; choose another file`, true, 'PROTECTED_PATH');
    }
  }
}

/** The database files and, when given, the input file, each named for the message. */
export function shopFiles(dbPath: string, input?: string): { file: string; what: string }[] {
  const files = databaseFiles(dbPath).map((file, i) => ({ file, what: i === 0 ? 'the database' : `the database's ${file.slice(dbPath.length + 1)} file` }));
  if (input !== undefined && input !== '-') files.push({ file: input, what: 'the input file' });
  return files;
}

/** dev:ino of what `file` points to, when it exists. */
function fileId(file: string): string | undefined {
  try {
    const stat = fs.statSync(file, { bigint: true });
    return `${stat.dev}:${stat.ino}`;
  } catch {
    return undefined;
  }
}

/**
 * The path with every symlink resolved; for a file that does not exist (yet), its folder's real
 * path plus its name — following a dangling symlink to where it points.
 */
function realPath(file: string, depth = 0): string {
  const absolute = path.resolve(file);
  try {
    return fs.realpathSync(absolute);
  } catch {
    // missing, or a dangling symlink
  }
  if (depth < 16) {
    try {
      const link = fs.readlinkSync(absolute);
      return realPath(path.resolve(path.dirname(absolute), link), depth + 1);
    } catch {
      // not a symlink
    }
  }
  try {
    return path.join(fs.realpathSync(path.dirname(absolute)), path.basename(absolute));
  } catch {
    return absolute;
  }
}
