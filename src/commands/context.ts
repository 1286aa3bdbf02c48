// Per-run CLI context built from the global flags: where the database is, how to print,
// whether prompting is allowed. Command modules receive it; they never touch process.*.
import { Chalk, type ChalkInstance } from 'chalk';
import { ShopApp } from '../app/shopApp.js';
import type { CliIO } from './io.js';
import { forTerminal, safeJson } from './terminalText.js';

export interface GlobalFlags {
  db?: string;
  json?: boolean;
  color?: boolean;
  input?: boolean;
}

export class CliContext {
  readonly json: boolean;
  readonly interactive: boolean;
  readonly color: ChalkInstance;
  /** Whether colour codes are written (and so kept by the terminal escaping). */
  readonly colorOn: boolean;
  readonly dbPath: string;
  private app: ShopApp | undefined;

  constructor(readonly io: CliIO, flags: GlobalFlags) {
    const env = io.env;
    this.json = flags.json === true;
    this.dbPath = flags.db ?? (env.SHOPCTL_DB || './shopctl.db');
    this.interactive = Boolean(io.stdin.isTTY && io.stdout.isTTY && !env.CI && flags.input !== false);
    const colorOn = Boolean(io.stdout.isTTY) && flags.color !== false && !env.NO_COLOR && env.TERM !== 'dumb';
    this.colorOn = colorOn;
    this.color = new Chalk({ level: colorOn ? 1 : 0 });
  }

  /** Opens the store on first use (help and usage errors never touch the database). */
  shop(): ShopApp {
    if (this.io.shop) return this.io.shop;
    this.app ??= new ShopApp({ dbPath: this.dbPath, fixedNow: this.io.env.SHOPCTL_NOW || undefined, source: this.io.source });
    return this.app;
  }

  /** Closes the store this context opened (a shop lent through the IO stays open). */
  close(): void {
    this.app?.close();
    this.app = undefined;
  }

  /** Human output; escaped for the terminal here, the one place (see terminalText.ts). */
  out(text: string): void {
    const safe = forTerminal(text, this.colorOn);
    this.io.stdout.write(safe.endsWith('\n') ? safe : safe + '\n');
  }

  /** Diagnostics, warnings, progress: stderr only. */
  warn(text: string): void {
    const safe = forTerminal(text, this.colorOn);
    this.io.stderr.write(safe.endsWith('\n') ? safe : safe + '\n');
  }

  printJson(value: unknown): void {
    this.io.stdout.write(safeJson(value) + '\n');
  }
}
