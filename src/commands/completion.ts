// shopctl completion bash|zsh|fish: a script completing nouns, verbs and flags, generated from
// the program itself so it never falls behind a new command.
import type { Command } from 'commander';
import { invalidArgument } from '../app/errors.js';
import { action, examples } from './action.js';
import type { CliContext } from './context.js';
import type { CliIO } from './io.js';

const SHELLS = ['bash', 'zsh', 'fish'] as const;
type Shell = (typeof SHELLS)[number];

interface Tree { flags: string[]; nouns: { name: string; summary: string; verbs: { name: string; summary: string; flags: string[] }[] }[] }

export function registerCompletionCommand(program: Command, io: CliIO): void {
  examples(
    program.command('completion').description('print a shell completion script (bash, zsh or fish)')
      .argument('<shell>', SHELLS.join(', ')),
    ['shopctl completion bash > ~/.local/share/bash-completion/completions/shopctl', 'shopctl completion fish > ~/.config/fish/completions/shopctl.fish'],
  // The registry loads every command group for this command (registry.ts).
  ).action(action(io, ([shell]) => ({ shell, program }), completion));
}

export interface CompletionOptions { shell: string; program: Command }

export function completion(ctx: CliContext, options: CompletionOptions): void {
  const shell = options.shell.trim().toLowerCase() as Shell;
  if (!SHELLS.includes(shell)) throw invalidArgument(`no completion for shell "${options.shell}"`, `one of ${SHELLS.join(', ')}`);
  const tree = treeOf(options.program);
  ctx.out(shell === 'fish' ? fishScript(tree) : bashScript(tree, shell === 'zsh'));
}

const longFlags = (command: Command) => command.options.filter((o) => !o.hidden && o.long).map((o) => o.long!).concat('--help');

function treeOf(program: Command): Tree {
  return {
    flags: longFlags(program),
    nouns: program.commands.filter((c) => c.name() !== 'help').map((noun) => ({
      name: noun.name(), summary: noun.description(),
      verbs: noun.commands.filter((c) => c.name() !== 'help').map((verb) => ({ name: verb.name(), summary: verb.description(), flags: longFlags(verb) })),
    })),
  };
}

function bashScript(tree: Tree, zsh: boolean): string {
  const cases = tree.nouns.flatMap((noun) => [
    ...noun.verbs.map((verb) => `      "${noun.name} ${verb.name}") opts="${verb.flags.join(' ')}" ;;`),
    noun.verbs.length === 0 ? `      "${noun.name} ") opts="" ;;` : '',
  ]).filter(Boolean);
  const verbs = tree.nouns.filter((n) => n.verbs.length > 0).map((n) => `      ${n.name}) opts="${n.verbs.map((v) => v.name).join(' ')}" ;;`);
  return `# shopctl completion for ${zsh ? 'zsh' : 'bash'}: source it, or save it where your shell loads completions.
${zsh ? 'autoload -U +X bashcompinit && bashcompinit\n' : ''}_shopctl_complete() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" opts="" w skip=0
  local -a words=() db=()
  for w in "\${COMP_WORDS[@]:1:COMP_CWORD-1}"; do
    if (( skip )); then skip=0; db=(--db "$w"); continue; fi
    case "$w" in --db) skip=1 ;; -*) ;; *) words+=("$w") ;; esac
  done
  if [[ "$cur" == -* ]]; then
    case "\${words[0]} \${words[1]}" in
${cases.join('\n')}
    esac
    opts="$opts ${tree.flags.join(' ')}"
  elif (( \${#words[@]} == 0 )); then
    opts="${tree.nouns.map((n) => n.name).join(' ')}"
  elif (( \${#words[@]} == 1 )); then
    case "\${words[0]}" in
${verbs.join('\n')}
    esac
  elif (( \${#words[@]} == 2 )); then
    # The thing a verb acts on, read from the shop (one quick query): order numbers, SKUs.
    case "\${words[0]} \${words[1]}" in
      "order confirm"|"order ship"|"order deliver"|"order cancel"|"order show")
        opts="$(shopctl "\${db[@]}" --json order list 2>/dev/null | grep -o '"number":[0-9]*' | cut -d: -f2)" ;;
      "product show"|"product update"|"product update-price"|"product activate"|"product deactivate"|"product add-variant"|"inventory restock"|"inventory reserve")
        opts="$(shopctl "\${db[@]}" --json inventory list 2>/dev/null | grep -o '"sku":"[^"]*"' | cut -d'"' -f4)" ;;
    esac
  fi
  COMPREPLY=( $(compgen -W "$opts" -- "$cur") )
}
complete -F _shopctl_complete shopctl
`;
}

function fishScript(tree: Tree): string {
  const quote = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  const nouns = tree.nouns.map((n) => n.name).join(' ');
  const lines = [
    '# shopctl completion for fish: save as ~/.config/fish/completions/shopctl.fish',
    'complete -c shopctl -f',
    ...tree.flags.map((f) => `complete -c shopctl -l ${f.slice(2)}`),
  ];
  for (const noun of tree.nouns) {
    lines.push(`complete -c shopctl -n "not __fish_seen_subcommand_from ${nouns}" -a ${noun.name} -d ${quote(noun.summary)}`);
    const verbs = noun.verbs.map((v) => v.name).join(' ');
    for (const verb of noun.verbs) {
      lines.push(`complete -c shopctl -n "__fish_seen_subcommand_from ${noun.name}; and not __fish_seen_subcommand_from ${verbs}" -a ${verb.name} -d ${quote(verb.summary)}`);
      for (const flag of verb.flags) {
        lines.push(`complete -c shopctl -n "__fish_seen_subcommand_from ${noun.name}; and __fish_seen_subcommand_from ${verb.name}" -l ${flag.slice(2)}`);
      }
    }
  }
  return lines.join('\n');
}
