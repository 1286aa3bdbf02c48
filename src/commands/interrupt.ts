// Ctrl-C: "cancelled" on stderr, exit 130, nothing written, the terminal as it was (docs/references.md).
// A prompt turns Ctrl-C into a rejected promise (handled in main); anywhere else SIGINT
// arrives here. While a write transaction runs synchronously, no handler is installed: the
// signal then ends the process at once and SQLite rolls the open transaction back, so a
// signal can never be handled after a commit it should have prevented.

export const EXIT_INTERRUPTED = 130;

type Cleanup = () => void;
const cleanups = new Set<Cleanup>();

/** Runs `cleanup` (synchronously) if the command is interrupted, until the returned function is called. */
export function onInterrupt(cleanup: Cleanup): () => void {
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

interface InterruptIO {
  stderr: { write(text: string): boolean; isTTY?: boolean };
  stdin: { isTTY?: boolean; isRaw?: boolean; setRawMode?(mode: boolean): unknown };
  exit(code: number): never;
}

/** Puts the terminal back as a prompt may have left it: line mode, echo, a visible cursor. */
export function restoreTerminal(io: Pick<InterruptIO, 'stderr' | 'stdin'>): void {
  try {
    if (io.stdin.isTTY && io.stdin.isRaw) io.stdin.setRawMode?.(false);
  } catch {
    // a terminal that is already gone has nothing to restore
  }
  if (io.stderr.isTTY) io.stderr.write('\u001b[?25h');
}

let handler: (() => void) | undefined;
let gracefulListeners = 0;

/**
 * A long-running command that stops gracefully on an interrupt (`outbox deliver --follow`)
 * subscribes through this: while it listens, the handler here leaves the signal to it.
 */
export function subscribeGracefully(subscribe: () => () => void): () => void {
  gracefulListeners++;
  const unsubscribe = subscribe();
  let done = false;
  return () => {
    if (done) return;
    done = true;
    gracefulListeners--;
    unsubscribe();
  };
}

/** Installs the SIGINT handler for a CLI run; returns its removal (for tests). */
export function installInterruptHandler(io: InterruptIO): () => void {
  handler = () => {
    if (gracefulListeners > 0) return; // the command stops on its own terms
    for (const cleanup of cleanups) {
      try {
        cleanup();
      } catch {
        // cleaning up is best effort; the exit must happen
      }
    }
    restoreTerminal(io);
    io.stderr.write('\ncancelled\n');
    io.exit(EXIT_INTERRUPTED);
  };
  const installed = handler;
  process.on('SIGINT', installed);
  return () => {
    process.removeListener('SIGINT', installed);
    if (handler === installed) handler = undefined;
  };
}

/** Runs a synchronous write with the default SIGINT action (see the top of this file). */
export function withDefaultInterrupt<T>(work: () => T): T {
  if (handler === undefined) return work();
  const installed = handler;
  process.removeListener('SIGINT', installed);
  try {
    return work();
  } finally {
    process.on('SIGINT', installed);
  }
}

/** Whether an error is a prompt ended by Ctrl-C (or by its input closing). */
export function isPromptCancel(error: unknown): boolean {
  const name = (error as { name?: string } | null)?.name;
  return name === 'ExitPromptError' || name === 'AbortPromptError' || name === 'CancelPromptError';
}
