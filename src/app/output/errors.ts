// A file or stream shopctl writes could not be written. `badPath`: the path itself is unusable
// (missing or read-only folder, a folder, a device, the database) — the caller's to fix, exit 2;
// otherwise writing failed on the way (disk full, I/O error, closed pipe) — exit 1.
export class OutputError extends Error {
  constructor(
    message: string,
    readonly badPath: boolean,
    /** The errno code (ENOSPC, EPIPE…) when there is one. */
    readonly reason: string,
    override readonly cause?: unknown,
    /** The stable error code shown to the user. */
    readonly code = 'OUTPUT_FAILED',
  ) {
    super(message);
    this.name = 'OutputError';
  }
}

/** Errors that say the path is wrong rather than that writing failed. */
const PATH_ERRORS = new Set(['ENOENT', 'ENOTDIR', 'EACCES', 'EPERM', 'EISDIR', 'EROFS', 'ENAMETOOLONG', 'ELOOP']);

export function reasonOf(error: unknown): string {
  return (error as NodeJS.ErrnoException | null)?.code ?? (error instanceof Error ? error.message : String(error));
}

export function isPathError(error: unknown): boolean {
  return PATH_ERRORS.has((error as NodeJS.ErrnoException | null)?.code ?? '');
}
