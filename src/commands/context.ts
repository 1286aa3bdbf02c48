// Per-run CLI context built from the global flags: where the database is, how to print,
// whether prompting is allowed. Command modules receive it; they never touch process.*.
import { shownLocation } from '../app/location.js';
import { Chalk, type ChalkInstance } from 'chalk';
import { ShopApp } from '../app/shopApp.js';
import { withDefaultInterrupt, withInterruptCheckpoints } from './interrupt.js';
import type { CliIO } from './io.js';
import { renderTable, type Cell } from './render/table.js';
import { forTerminal, safeJson } from './terminalText.js';

export interface GlobalFlags {
  db?: string;
  json?: boolean;
  color?: boolean;
  input?: boolean;
  wide?: boolean;
}

export interface ContextOptions {
  /** The command only reads: a missing database is NO_DATABASE, never created. */
  readOnly?: boolean;
  /** Say on stderr when a write creates the database (`init` says it its own way). */
  announceCreate?: boolean;
}

export class CliContext {
  readonly json: boolean;
  readonly interactive: boolean;
  /** Colour in prompts (on stderr): off with --no-color, NO_COLOR or TERM=dumb. */
  readonly promptColor: boolean;
  readonly color: ChalkInstance;
  /** Whether colour codes are written (and so kept by the terminal escaping). */
  readonly colorOn: boolean;
  readonly dbPath: string;
  /** The database as it may be printed (a URL's password replaced by ***). */
  readonly shownDb: string;
  private readonly passwordInFlag: boolean;
  /** Width tables must fit (undefined: never cut, e.g. piped output or --wide). */
  readonly width: number | undefined;
  /** Whether stdout is a terminal (a person reads it). */
  readonly terminal: boolean;
  private app: ShopApp | undefined;

  constructor(readonly io: CliIO, flags: GlobalFlags, private readonly options: ContextOptions = {}) {
    const env = io.env;
    this.json = flags.json === true;
    this.dbPath = flags.db ?? (env.SHOPCTL_DB || './shopctl.db');
    this.shownDb = shownLocation(this.dbPath);
    this.passwordInFlag = flags.db !== undefined && this.shownDb !== flags.db;
    // Prompts draw on stderr and read stdin: both must be terminals (README "Environment").
    this.interactive = Boolean(io.stdin.isTTY && io.stderr.isTTY && !env.CI && flags.input !== false);
    this.terminal = Boolean(io.stdout.isTTY);
    this.colorOn = this.terminal && flags.color !== false && !env.NO_COLOR && env.TERM !== 'dumb';
    this.promptColor = flags.color !== false && !env.NO_COLOR && env.TERM !== 'dumb';
    this.color = new Chalk({ level: this.colorOn ? 1 : 0 });
    this.width = flags.wide ? undefined : terminalWidth(io);
  }

  /** Opens the store on first use (help and usage errors never touch the database). */
  shop(): ShopApp {
    if (this.io.shop) return this.io.shop;
    if (this.app) return this.app;
    this.app = new ShopApp({
      dbPath: this.dbPath, fixedNow: this.io.env.SHOPCTL_NOW || undefined, source: this.io.source, mustExist: this.options.readOnly,
      aroundWrite: withDefaultInterrupt, aroundLongWrite: withInterruptCheckpoints,
    });
    // A password typed in a flag is visible in the process list and the shell's history.
    if (this.passwordInFlag && !this.json) {
      this.warn('warning: the --db URL holds a password, which other users can see in the process list; put the URL in SHOPCTL_DB, or the password in PGPASSWORD or ~/.pgpass');
    }
    // Said once, on stderr; with --json stderr is kept for the JSON error document.
    if (this.app.created && !this.json && this.options.announceCreate !== false) {
      this.warn(`created a new shop database at ${this.shownDb} (currency ${this.app.currency()}; \`shopctl init --currency <code>\` on a new file picks another)`);
    }
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

  /** A table that fits the terminal (see render/table.ts). */
  table(head: string[], rows: Cell[][], align?: ('left' | 'right' | undefined)[]): string {
    // Escaped before the table measures them, so the columns line up (see terminalText.ts).
    const safe = rows.map((row) => row.map((cell) => (typeof cell === 'string' ? forTerminal(cell, this.colorOn) : cell)));
    return renderTable(head, safe, { width: this.width, header: this.colorOn ? (text) => this.color.bold(text) : undefined, align });
  }
}

/**
 * The terminal's width: stdout's own, else $COLUMNS. Only for a terminal: piped output is
 * never cut, so grep and awk see every character.
 */
function terminalWidth(io: CliIO): number | undefined {
  if (!io.stdout.isTTY) return undefined;
  const columns = io.stdout.columns;
  if (columns !== undefined && columns > 0) return columns;
  const fromEnv = Number(io.env.COLUMNS);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : undefined;
}
