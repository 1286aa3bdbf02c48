// The one output module: every file shopctl writes (outbox export --out, import --rejects) goes
// through AtomicFile; every large output on a stream (export to stdout, events list) through
// StreamWriter; every CSV cell for people through csv.ts.
import { AtomicFile, type AtomicFileOptions } from './atomicFile.js';
import { StreamWriter, type WritableLike } from './stream.js';

export { AtomicFile, type AtomicFileOptions, type FileCalls } from './atomicFile.js';
export { StreamWriter, type WritableLike } from './stream.js';
export { OutputError } from './errors.js';
export { csvCell, csvLine, neutraliseFormula } from './csv.js';
export { refuseProtectedTarget, shopFiles } from './protectedPaths.js';

/** Where a batch of output goes. Nothing may be acknowledged unless `finish` resolved. */
export interface OutputSink {
  /** Takes one chunk (text, or UTF-8 bytes no longer used by the caller); resolves when more may be written (backpressure). */
  write(chunk: string | Uint8Array): Promise<void>;
  /** Resolves once everything written is durable (file) or handed to the reader (stream). */
  finish(): Promise<void>;
  /** Undoes what can be undone after a failure (removes a temporary file). Never throws. */
  abort(): Promise<void>;
  /** After finish: is the output still the one written (not replaced since)? Absent: always. */
  stillInPlace?(): boolean;
  /** abort() at once, for an interrupted run that exits right after (removes a temporary file). */
  discardNow?(): void;
}

/** A file replaced atomically once everything is written (see AtomicFile). */
export function fileSink(target: string, options?: AtomicFileOptions): OutputSink {
  const file = new AtomicFile(target, options);
  return {
    write: (chunk) => file.writeAsync(chunk),
    finish: () => file.commitAsync(),
    abort: () => file.discardAsync(),
    stillInPlace: () => file.stillInPlace(),
    discardNow: () => file.discard(),
  };
}

/** A stream (stdout), with backpressure; a stream error fails the batch. */
export function streamSink(stream: WritableLike, label?: string): OutputSink {
  const writer = new StreamWriter(stream, label);
  return {
    write: (chunk) => writer.write(chunk),
    finish: () => writer.finish(),
    abort: async () => writer.release(),
  };
}
