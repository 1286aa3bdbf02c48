// Ctrl-C: "cancelled" on stderr, exit 130, nothing written, the terminal as it was (docs/references.md).
// A prompt turns Ctrl-C into a rejected promise (handled in main); anywhere else SIGINT
// arrives here. While a write transaction runs synchronously, no handler is installed: the
// signal then ends the process at once and SQLite rolls the open transaction back, so a
// signal can never be handled after a commit it should have prevented. A long write (import,
// replay) instead yields at checkpoints inside its transaction: a signal that arrived meanwhile
// is noted, and the next checkpoint throws Interrupted, which rolls the transaction back and
// ends in "cancelled" (session.ts); only its short synchronous end runs without a handler.

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

/** What a checkpoint throws once Ctrl-C was pressed: the long write rolls back, the run ends in "cancelled". */
export class Interrupted extends Error {
  constructor() {
    super('cancelled');
    this.name = 'Interrupted';
  }
}

/** Long writes running now: while there is one, SIGINT is noted for its next checkpoint. */
let longWrites = 0;
let interruptNoted = false;

/** Installs the SIGINT handler for a CLI run; returns its removal (for tests). */
export function installInterruptHandler(io: InterruptIO): () => void {
  handler = () => {
    if (gracefulListeners > 0) return; // the command stops on its own terms
    if (longWrites > 0) {
      interruptNoted = true; // the long write's next checkpoint throws Interrupted
      return;
    }
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

/** The steps a long write is given (app/shopApp.ts, WriteSteps): yield, and stop when interrupted. */
export interface InterruptibleSteps {
  checkpoint(): Promise<void>;
  closing(): Promise<void>;
}

/**
 * Runs a long write whose transaction yields at `checkpoint()`: SIGINT meanwhile throws
 * Interrupted there (the transaction rolls back). From `closing()` on (the synchronous end of
 * the transaction) the signal has its default action again, as for withDefaultInterrupt.
 */
export async function withInterruptCheckpoints<T>(work: (steps: InterruptibleSteps) => Promise<T>): Promise<T> {
  const installed = handler;
  let detached = false;
  const attach = () => {
    if (!detached || !installed) return;
    process.on('SIGINT', installed);
    detached = false;
  };
  const steps: InterruptibleSteps = {
    async checkpoint() {
      attach(); // a retried transaction checkpoints again after its closing()
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (interruptNoted) throw new Interrupted();
    },
    async closing() {
      await steps.checkpoint();
      if (!installed) return;
      process.removeListener('SIGINT', installed);
      detached = true;
    },
  };
  longWrites++;
  try {
    return await work(steps);
  } catch (error) {
    // Whatever else failed, the merchant asked to stop, and nothing was written.
    if (interruptNoted) throw new Interrupted();
    throw error;
  } finally {
    attach();
    if (--longWrites === 0) interruptNoted = false;
  }
}

/** Whether an error is a prompt ended by Ctrl-C (or by its input closing). */
export function isPromptCancel(error: unknown): boolean {
  const name = (error as { name?: string } | null)?.name;
  return name === 'ExitPromptError' || name === 'AbortPromptError' || name === 'CancelPromptError';
}
