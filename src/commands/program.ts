// The commander program: global flags, help with examples, and the command groups of the
// registry (registry.ts) — only the one a command line names, or all of them.
import { Command, Option } from 'commander';
import { examples, examplesOf } from './action.js';
import type { CliIO } from './io.js';
import { loadCommandGroups } from './registry.js';
import type { Shell } from './shell.js';

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

/** The program with the named command group, or with every group when `group` names none. */
export async function buildProgram(io: CliIO, shell: Shell, group?: string): Promise<Command> {
  const registrars = await loadCommandGroups(group);
  // Commander's own error text is replaced by ours (one line, JSON when asked) in the session;
  // help shown for a missing verb goes there too, which decides how to show it. Every
  // subcommand shares this behaviour of the root.
  const output = {
    writeOut: (text: string) => io.stdout.write(text),
    writeErr: (text: string) => io.helpOutput?.write(text),
    outputError: () => undefined,
  };
  const program: Command = new Command('shopctl')
    .description('Run a small online shop from the terminal: every change is a checked command recorded as events.')
    .version('0.1.0', '-V, --version')
    .addOption(new Option('--db <path>', 'database file (default: $SHOPCTL_DB or ./shopctl.db)'))
    .option('--json', 'print one JSON document on stdout (errors as JSON on stderr)')
    .option('--no-color', 'no colours (also off when NO_COLOR is set, TERM=dumb, or stdout is not a terminal)')
    .option('--no-input', 'never prompt; a missing value is an error')
    .option('--wide', 'tables show every column uncut, whatever the terminal width')
    .exitOverride()
    .configureOutput(output)
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

  for (const register of registrars) register(program, io, shell);

  // Every subcommand shares the error behaviour of the root. A command group without its own
  // examples shows the first example of each of its commands, so every --help has examples.
  const inherit = (command: Command) => {
    for (const sub of command.commands) {
      sub.exitOverride().configureOutput(output);
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
