// Writing a file so that readers see the old content or the whole new one, never a part:
// a temporary file with a short random name beside the target (opened exclusively, 0600),
// fsync, rename over the target, fsync of the folder. The temporary name does not grow with
// the target's (a legal 249-character name must not become an illegal 270-character one).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { isPathError, OutputError, reasonOf } from './errors.js';

/** The few file-system calls the writer makes; tests replace them to simulate a full disk. */
export interface FileCalls {
  writeSync(fd: number, buffer: Buffer, offset: number, length: number): number;
  fsyncSync(fd: number): void;
  renameSync(from: string, to: string): void;
}

const NODE_CALLS: FileCalls = {
  writeSync: (fd, buffer, offset, length) => fs.writeSync(fd, buffer, offset, length),
  fsyncSync: (fd) => fs.fsyncSync(fd),
  renameSync: (from, to) => fs.renameSync(from, to),
};

export interface AtomicFileOptions {
  /** How the target is named in messages (`--out batch.ndjson`). */
  label?: string;
  calls?: FileCalls;
}

/** Buffered writes are handed to the OS in pieces of about this size. */
const FLUSH_BYTES = 256 * 1024;

export class AtomicFile {
  readonly target: string;
  private readonly folder: string;
  private readonly temp: string;
  private readonly label: string;
  private readonly calls: FileCalls;
  private fd: number | undefined;
  /** Device and inode of the file put in place by commit(). */
  private committed: fs.Stats | undefined;
  /** The one asynchronous write in flight (writeAsync), if any. */
  private inFlight: Promise<void> = Promise.resolve();
  private pending: string[] = [];
  private pendingChars = 0;

  constructor(target: string, options: AtomicFileOptions = {}) {
    this.target = path.resolve(target);
    this.folder = path.dirname(this.target);
    this.temp = path.join(this.folder, `.shopctl-${randomBytes(6).toString('hex')}.tmp`);
    this.label = options.label ?? target;
    this.calls = options.calls ?? NODE_CALLS;
    checkReplaceable(this.target, this.label);
  }

  /** Queues text; it reaches the file in large pieces (and at the latest on commit). */
  write(text: string): void {
    this.open();
    this.pending.push(text);
    this.pendingChars += text.length;
    if (this.pendingChars >= FLUSH_BYTES) this.flush();
  }

  /**
   * Hands `text` to the OS without blocking: the disk works on this chunk while the caller
   * builds the next, and the caller waits (backpressure) before handing over the one after.
   */
  async writeAsync(text: string | Uint8Array): Promise<void> {
    this.open();
    this.flush();
    try {
      await this.inFlight;
    } catch (error) {
      this.discard();
      throw this.failure('write', error);
    }
    this.inFlight = writeFully(this.fd!, typeof text === 'string' ? Buffer.from(text, 'utf8') : text);
    this.inFlight.catch(() => undefined); // observed by the next write or by commitAsync()
  }

  /** commit() once the write in flight has landed. */
  async commitAsync(): Promise<void> {
    try {
      await this.inFlight;
    } catch (error) {
      this.discard();
      throw this.failure('write', error);
    }
    this.commit();
  }

  /**
   * Makes the new content durable and puts it in place. Until this returns, the target is
   * untouched; if it throws, the target is untouched and the temporary file is gone.
   */
  commit(): void {
    this.open(); // nothing written still replaces the target with an empty file
    let written: fs.Stats;
    try {
      this.flush();
      this.calls.fsyncSync(this.fd!);
      written = fs.fstatSync(this.fd!);
      fs.closeSync(this.fd!);
      this.fd = undefined;
      this.calls.renameSync(this.temp, this.target);
    } catch (error) {
      this.discard();
      throw this.failure('write', error);
    }
    syncFolder(this.folder);
    this.committed = written;
    // What is acknowledged must be what is in place: if another writer renamed its file over
    // ours meanwhile, ours is gone and the caller must not treat it as delivered.
    if (!this.stillInPlace()) {
      throw new OutputError(`${this.label} was replaced by another writer before it could be checked`, false, 'REPLACED');
    }
  }

  /** After commit: is the file at the target still the one this writer put there? */
  stillInPlace(): boolean {
    const now = fs.statSync(this.target, { throwIfNoEntry: false });
    return this.committed !== undefined && now !== undefined && now.ino === this.committed.ino && now.dev === this.committed.dev;
  }

  /** discard() once the write in flight has settled (its descriptor must stay open until then). */
  async discardAsync(): Promise<void> {
    await this.inFlight.catch(() => undefined);
    this.discard();
  }

  /** Removes the temporary file; the target is left as it was. Never throws. */
  discard(): void {
    this.inFlight = Promise.resolve();
    try {
      if (this.fd !== undefined) fs.closeSync(this.fd);
    } catch {
      // already closed: nothing to undo
    }
    this.fd = undefined;
    this.pending = [];
    this.pendingChars = 0;
    try {
      fs.rmSync(this.temp, { force: true });
    } catch {
      // a stray temporary file is harmless; the target was never touched
    }
  }

  private open(): void {
    if (this.fd !== undefined) return;
    try {
      // `wx`: never follow or reuse a file someone else put under this name.
      this.fd = fs.openSync(this.temp, 'wx', 0o600);
    } catch (error) {
      throw this.failure('write', error);
    }
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    const buffer = Buffer.from(this.pending.join(''), 'utf8');
    this.pending = [];
    this.pendingChars = 0;
    let offset = 0;
    try {
      // A write may take only part of the buffer; a short write with no error is retried.
      while (offset < buffer.length) offset += this.calls.writeSync(this.fd!, buffer, offset, buffer.length - offset);
    } catch (error) {
      this.discard();
      throw this.failure('write', error);
    }
  }

  private failure(action: string, error: unknown): OutputError {
    if (error instanceof OutputError) return error;
    const reason = reasonOf(error);
    return new OutputError(`cannot ${action} ${this.label} (${reason})`, isPathError(error), reason, error);
  }
}

/**
 * The rename would replace whatever is at the target: never a folder, a FIFO or a device
 * (`--out /dev/stdout` run as root would swap the device node for a plain file), and the
 * folder must exist.
 */
function checkReplaceable(target: string, label: string): void {
  let existing: fs.Stats | undefined;
  try {
    const folder = fs.statSync(path.dirname(target));
    if (!folder.isDirectory()) throw Object.assign(new Error('ENOTDIR'), { code: 'ENOTDIR' });
    existing = fs.statSync(target, { throwIfNoEntry: false });
  } catch (error) {
    throw new OutputError(`cannot write ${label} (${reasonOf(error)})`, true, reasonOf(error), error);
  }
  if (existing && !existing.isFile()) {
    throw new OutputError(`cannot write ${label}: not a regular file`, true, 'NOT_A_FILE');
  }
}

/** Writes all of `buffer` at the file's current position (a write may take only part of it). */
async function writeFully(fd: number, buffer: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < buffer.length) {
    offset += await new Promise<number>((resolve, reject) => {
      fs.write(fd, buffer, offset, buffer.length - offset, null, (error, written) => (error ? reject(error) : resolve(written)));
    });
  }
}

/** Makes the rename itself durable (where the platform allows fsync on a folder). */
function syncFolder(folder: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(folder, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Some platforms refuse fsync on folders; the file's own data is already synced.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
