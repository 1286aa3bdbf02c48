// What a CLI run reads and writes. main() uses the process's streams; fixtures and tests can
// pass their own to run commands in-process.
import type { Readable } from 'node:stream';
import type { ShopApp } from '../app/shopApp.js';
import { subscribeGracefully } from './interrupt.js';

export interface OutputStream {
  write(text: string): boolean;
  isTTY?: boolean;
  /** A terminal's width in columns. */
  columns?: number;
  once?(event: 'drain' | 'error', listener: (...args: unknown[]) => void): unknown;
}

export interface CliIO {
  stdout: OutputStream;
  stderr: OutputStream;
  stdin: Readable & { isTTY?: boolean };
  env: Record<string, string | undefined>;
  /** Event metadata source; "cli" unless a fixture run says otherwise. */
  source?: string;
  /** Where commander's help goes when it is shown as an error (a command group without its verb). */
  helpOutput?: OutputStream;
  /**
   * An open shop to run against instead of opening --db (fixtures run every step on one
   * connection: reopening the file per step cost more than the steps). Not closed by the command.
   */
  shop?: ShopApp;
  /**
   * Subscribes to interrupts (SIGINT, SIGTERM) for a long-running command; returns the
   * unsubscribe function. Absent: the command cannot be interrupted gracefully.
   */
  onInterrupt?: (listener: (signal: string) => void) => () => void;
}

export function processIO(): CliIO {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, onInterrupt: processInterrupts };
}

function processInterrupts(listener: (signal: string) => void): () => void {
  const signals = ['SIGINT', 'SIGTERM'] as const;
  // While this command listens, the general Ctrl-C handler (interrupt.ts) steps aside.
  return subscribeGracefully(() => {
    for (const signal of signals) process.on(signal, listener);
    return () => {
      for (const signal of signals) process.off(signal, listener);
    };
  });
}
