// The commander program: global flags, one module per noun, help with examples. The catalogue
// groups are built in here; the other groups (registry.ts) come in through `registerExtras`, so
// that a catalogue command need not load them at all (start-up time, SPEC §10).
import { Command, Option } from 'commander';
import { examples, examplesOf } from './action.js';
import { registerCategoryCommands } from './category.js';
import { registerEventCommands } from './events.js';
import { registerInitCommand } from './init.js';
import { registerInventoryCommands } from './inventory.js';
import type { CliIO } from './io.js';
import { registerProductCommands } from './product.js';

/** The command groups built in here; any other first word needs the registry's groups. */
export const CORE_GROUPS: ReadonlySet<string> = new Set(['init', 'category', 'product', 'inventory', 'events']);

const GLOBAL_FLAGS_WITH_VALUE = new Set(['--db']);

/** The first word of a command line that is not a global flag (the command group), if any. */
export function commandGroupOf(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i];
    if (word === '--') return argv[i + 1];
    if (GLOBAL_FLAGS_WITH_VALUE.has(word)) i++;
    else if (!word.startsWith('-')) return word;
  }
  return undefined;
}

/** Every `shopctl <noun> <verb>` with its one-line summary, for the root --help. */
function allCommands(program: Command): string {
  const lines: [string, string][] = [];
  for (const group of program.commands) {
    if (group.name() === 'help') continue;
    const leaves = group.commands.filter((leaf) => leaf.name() !== 'help');
    if (leaves.length === 0) lines.push([group.name(), group.description()]);
    for (const leaf of leaves) lines.push([`${group.name()} ${leaf.name()}`, leaf.description()]);
  }
  const width = Math.max(...lines.map(([name]) => name.length));
  return `\nAll commands:\n${lines.map(([name, summary]) => `  ${name.padEnd(width)}  ${summary}`).join('\n')}\n`;
}

export function buildProgram(io: CliIO, registerExtras?: (program: Command, io: CliIO) => void): Command {
  const program: Command = new Command('shopctl')
    .description('Run a small online shop from the terminal: every change is a checked command recorded as events.')
    .version('0.1.0', '-V, --version')
    .addOption(new Option('--db <path>', 'database file (default: $SHOPCTL_DB or ./shopctl.db)'))
    .option('--json', 'print one JSON document on stdout (errors as JSON on stderr)')
    .option('--no-color', 'no colours (also off when NO_COLOR is set, TERM=dumb, or stdout is not a terminal)')
    .option('--no-input', 'never prompt; a missing value is an error')
    .option('--wide', 'tables show every column uncut, whatever the terminal width')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      // Commander's own error text is replaced by ours (one line, JSON when asked) in main;
      // help shown for a missing verb goes to main too, which decides how to show it.
      writeErr: (text) => io.helpOutput?.write(text),
      outputError: () => undefined,
    })
    .showSuggestionAfterError(true)
    .addHelpText('after', (): string => `${allCommands(program)}
Examples:
  $ shopctl init --currency USD
  $ shopctl category create Apparel
  $ shopctl product create --name "T-shirt" --price 19.99 --category Apparel --sku TEE-1 --stock 10
  $ shopctl inventory restock TEE-1 5
  $ shopctl --json events list --limit 10

Exit codes: 0 ok, 1 internal error, 2 usage error, 3 rejected by a rule, 4 not found,
5 conflict or busy database/outbox, 6 import finished with rejected rows,
7 delivery to a webhook failed after its retries, 130 interrupted (Ctrl-C: "cancelled", nothing written).
Environment: SHOPCTL_DB (database file), SHOPCTL_NOW (fixed ISO-8601 clock), NO_COLOR, CI,
SHOPCTL_DEBUG (stack trace on internal errors).`);

  registerInitCommand(program, io);
  registerCategoryCommands(program, io);
  registerProductCommands(program, io);
  registerInventoryCommands(program, io);
  registerEventCommands(program, io);
  registerExtras?.(program, io);

  // Every subcommand shares the error behaviour of the root. A command group without its own
  // examples shows the first example of each of its commands, so every --help has examples.
  const inherit = (command: Command) => {
    for (const sub of command.commands) {
      sub.exitOverride().configureOutput({
        writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.helpOutput?.write(text), outputError: () => undefined,
      });
      inherit(sub);
      if (sub.commands.length > 0 && examplesOf(sub).length === 0) {
        const gathered = sub.commands.map((leaf) => examplesOf(leaf)[0]).filter((line) => line !== undefined);
        if (gathered.length > 0) examples(sub, gathered);
      }
    }
  };
  inherit(program);
  return program;
}
