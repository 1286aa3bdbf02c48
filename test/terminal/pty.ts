// Driving the built shopctl in a pseudo-terminal, as a merchant at the keyboard would.
import { createRequire } from 'node:module';
import { SHOPCTL } from '../helpers/cli.js';

const require = createRequire(import.meta.url);
const pty = require('node-pty') as typeof import('node-pty');

export interface Terminal {
  /** Everything the terminal showed so far (escape sequences included). */
  output(): string;
  /** Resolves once the screen shows `text` (colour codes ignored). */
  waitFor(text: string | RegExp, timeoutMs?: number): Promise<void>;
  type(keys: string): void;
  exited: Promise<{ exitCode: number; signal?: number }>;
}

// eslint-disable-next-line no-control-regex
export const stripAnsi = (text: string) => text.replace(/\u001b\[[0-9;?]*[A-Za-z]|\u001b[()][A-Z0-9]|\u001b[=>]/g, '');

function terminalEnv(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  delete env.CI;
  delete env.SHOPCTL_DB;
  delete env.SHOPCTL_NOW;
  delete env.COLUMNS;
  return { ...env, TERM: 'xterm-256color', NO_COLOR: '1', ...extra };
}

/** Runs `file args` in a new pseudo-terminal of the given size. */
export function openTerminal(file: string, args: string[], options: { cols?: number; rows?: number; env?: Record<string, string> } = {}): Terminal {
  const child = pty.spawn(file, args, {
    name: 'xterm-256color', cols: options.cols ?? 100, rows: options.rows ?? 40, env: terminalEnv(options.env ?? {}),
  });
  let text = '';
  const waiters: (() => void)[] = [];
  child.onData((data) => {
    text += data;
    for (const wake of [...waiters]) wake();
  });
  const exited = new Promise<{ exitCode: number; signal?: number }>((resolve) => child.onExit(resolve));
  return {
    output: () => text,
    type: (keys) => child.write(keys),
    exited,
    waitFor: (wanted, timeoutMs = 20_000) => new Promise<void>((resolve, reject) => {
      const seen = () => (typeof wanted === 'string' ? stripAnsi(text).includes(wanted) : wanted.test(stripAnsi(text)));
      if (seen()) return resolve();
      const timer = setTimeout(() => reject(new Error(`terminal never showed ${String(wanted)}; it showed:\n${stripAnsi(text)}`)), timeoutMs);
      const wake = () => {
        if (!seen()) return;
        clearTimeout(timer);
        waiters.splice(waiters.indexOf(wake), 1);
        resolve();
      };
      waiters.push(wake);
      void exited.then(() => setTimeout(() => wake(), 50));
    }),
  };
}

/** shopctl itself in a pseudo-terminal. */
export function shopctlInTerminal(args: string[], options: { cols?: number; env?: Record<string, string> } = {}): Terminal {
  return openTerminal(process.execPath, [SHOPCTL, ...args], options);
}

/** A shell command line in a pseudo-terminal (for pipes and `stty` after shopctl). */
export function shellInTerminal(script: string, options: { cols?: number; env?: Record<string, string> } = {}): Terminal {
  return openTerminal('/bin/sh', ['-c', script], options);
}

export const KEY = { enter: '\r', ctrlC: '\u0003', down: '\u001b[B' };
