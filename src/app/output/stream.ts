// Writing to a stream (stdout) with backpressure: at most one chunk in flight, the next one
// handed over only once the stream has taken the previous. One error listener for the whole
// run (never one per wait: that leaked listeners and warned MaxListenersExceeded), removed at
// the end. Any stream error — EPIPE when the reader went away — fails the writer.
import { OutputError, reasonOf } from './errors.js';

/** What we need of a writable; process.stdout and the tests' fake streams have it. */
export interface WritableLike {
  /** Bytes (UTF-8) only to an evented stream (a real one); a plain capture gets text. */
  write(text: string | Uint8Array, callback?: (error?: Error | null) => void): boolean;
  on?(event: 'error', listener: (error: Error) => void): unknown;
  off?(event: 'error', listener: (error: Error) => void): unknown;
}

export class StreamWriter {
  private failure: Error | undefined;
  private inFlight: Promise<void> = Promise.resolve();
  private readonly evented: boolean;
  private readonly onError = (error: Error) => {
    this.failure ??= error;
  };

  constructor(private readonly stream: WritableLike, private readonly label = 'stdout') {
    this.evented = typeof stream.on === 'function' && typeof stream.off === 'function';
    if (this.evented) stream.on!('error', this.onError);
  }

  /** Resolves when the next chunk may be written; rejects once the stream has failed. */
  async write(chunk: string | Uint8Array): Promise<void> {
    this.check();
    await this.inFlight;
    this.check();
    this.inFlight = this.hand(chunk);
  }

  /** Resolves once everything written has been handed to the OS; then lets go of the stream. */
  async finish(): Promise<void> {
    try {
      this.check();
      await this.inFlight;
      this.check();
    } finally {
      this.release();
    }
  }

  release(): void {
    if (this.evented) this.stream.off!('error', this.onError);
  }

  private hand(chunk: string | Uint8Array): Promise<void> {
    // A plain object with a write method (an in-process caller's capture) takes it at once, as text.
    if (!this.evented) {
      this.stream.write(typeof chunk === 'string' ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('utf8'));
      return Promise.resolve();
    }
    // The callback closes over nothing but `settle`, so it does not keep `chunk` alive.
    let settle!: () => void;
    const done = new Promise<void>((resolve) => {
      settle = resolve;
    });
    try {
      this.stream.write(chunk, (error) => {
        if (error) this.failure ??= error;
        settle();
      });
    } catch (error) {
      this.failure ??= error as Error;
      settle();
    }
    return done;
  }

  private check(): void {
    if (!this.failure) return;
    const reason = reasonOf(this.failure);
    const message = reason === 'EPIPE'
      ? `${this.label} was closed by its reader (EPIPE)`
      : `cannot write to ${this.label} (${reason})`;
    throw new OutputError(message, false, reason, this.failure);
  }
}
