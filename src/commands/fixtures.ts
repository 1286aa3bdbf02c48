// shopctl fixtures apply <file.json>: runs a fixture's steps through this same CLI, in-process,
// each with --json and --db forced, and ends with a summary of the shop.
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { Argument, Command, Option } from 'commander';
import { UsageError } from '../app/errors.js';
import { ShopApp } from '../app/shopApp.js';
import { describeStep, parseFixture, type ArgValue, type FixtureStep } from './fixtures/fixtureFile.js';
import { applyFixture, checkFixture, type FixtureRun, type StepExecutor, type StepOutcome } from './fixtures/runner.js';
import { shopSummary } from '../app/summary.js';
import { action, examples, flagSet } from './action.js';
import type { CliContext } from './context.js';
import { ExitWithCode } from './errors.js';
import { Interrupted, withInterruptCheckpoints } from './interrupt.js';
import type { CliIO } from './io.js';
import type { Shell } from './shell.js';
import { printShopSummary } from './summary.js';

export function registerFixturesCommand(program: Command, io: CliIO, shell: Shell): void {
  const fixtures = program.command('fixtures').description('build known shop states from JSON fixture files');
  examples(
    fixtures.command('apply').description('run a fixture\'s steps in order against an empty database, then summarize the shop')
      .argument('<file>', 'fixture file (JSON: {"steps":[{"name","command","args","expectError"}]})')
      .option('--append', 'apply even if the database already holds events'),
    [
      'shopctl fixtures apply fixtures/demo-shop.json',
      'SHOPCTL_NOW=2026-01-01T00:00:00Z shopctl --db ci.db --json fixtures apply fixtures/demo-shop.json',
    ],
  ).action(action(io, ([file], flags) => ({ file, append: flagSet(flags, 'append') }), (ctx, options) => fixturesApply(ctx, shell, options)));
}

export interface FixturesApplyOptions {
  file: string;
  append: boolean;
}

export async function fixturesApply(ctx: CliContext, shell: Shell, { file, append }: FixturesApplyOptions): Promise<void> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read fixture ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const fixture = parseFixture(text, file, ctx.io.env);
  // Every step's command, arguments and input files are checked before the database is opened:
  // a fixture that cannot run creates nothing (and reports what is wrong, not "database created").
  const stepRunner = await cliExecutor(ctx, shell);
  checkFixture(fixture, stepRunner.executor, ctx.io.env, { baseDir: path.dirname(file) });
  const before = shopSummary(ctx.shop()).events;
  if (before > 0 && !append) {
    throw new UsageError(
      `${ctx.shownDb} already holds ${before} events; a fixture builds a shop from an empty database`,
      'use --db with a new file, or --append to apply on top',
      'FIXTURE_DATABASE_NOT_EMPTY',
    );
  }
  ctx.close();
  // Every step runs on one open shop and one commander program: opening the file and building
  // the program per step cost more than the steps themselves (docs/reliability.md).
  const shop = new ShopApp({ dbPath: ctx.dbPath, fixedNow: ctx.io.env.SHOPCTL_NOW || undefined, source: `fixtures:${file}` });
  let run: FixtureRun;
  let summary: ReturnType<typeof shopSummary>;
  try {
    stepRunner.runOn(shop);
    const { executor } = stepRunner;
    // Ctrl-C stops the fixture between two steps ("cancelled", 130): a step never stops halfway.
    let stepsDone = 0;
    try {
      run = await withInterruptCheckpoints((steps) => shop.batch(() => applyFixture(fixture, executor, ctx.io.env, {
        baseDir: path.dirname(file),
        checkpoint: async (done) => {
          stepsDone = done;
          await steps.checkpoint();
        },
      })));
    } catch (error) {
      if (error instanceof Interrupted && !ctx.json) ctx.warn(`stopped after ${stepsDone} step(s) of ${file}; each step is committed on its own, so those stay applied`);
      throw error;
    }
    summary = shopSummary(shop);
  } finally {
    shop.close();
  }
  report(ctx, file, run, summary.events - before, summary);
  if (run.failure) {
    const { failure } = run;
    throw new ExitWithCode(failure.exitCode, failure.message, failure.code, {
      step: failure.index, name: failure.name, command: failure.command, ...(failure.error ? { error: failure.error } : {}),
    });
  }
}

function report(ctx: CliContext, file: string, run: FixtureRun, eventsWritten: number, shop: ReturnType<typeof shopSummary>): void {
  const expectedErrors = run.steps.filter((s) => s.status === 'failed as expected').length;
  if (ctx.json) {
    ctx.printJson({
      file, db: ctx.shownDb, ok: !run.failure, stepsRun: run.steps.length, expectedErrors, eventsWritten,
      steps: run.steps, ...(run.failure ? { failure: run.failure } : {}), summary: shop,
    });
    return;
  }
  const c = ctx.color;
  for (const step of run.steps) {
    const what = describeStep({ index: step.index, name: step.name ?? undefined, command: step.command });
    ctx.out(step.status === 'ok'
      ? `${c.green('✔')} ${what}${step.id ? c.dim(` → ${step.id}`) : ''}`
      : `${c.green('✔')} ${what} ${c.yellow(`failed as expected (${step.error})`)}`);
  }
  if (run.failure) return ctx.warn(`stopped at step ${run.failure.index}; ${eventsWritten} events written before it`);
  ctx.out(`Applied ${file}: ${run.steps.length} steps (${expectedErrors} expected failure(s)), ${eventsWritten} events written.`);
  printShopSummary(ctx, shop);
}

/**
 * Runs steps as command lines on one program and one open shop, output captured per step;
 * checks commands and arg names with commander.
 */
async function cliExecutor(ctx: CliContext, shell: Shell): Promise<{ executor: StepExecutor; runOn(shop: ShopApp): void }> {
  let stdout = '';
  let stderr = '';
  // The shop is given once the steps have been checked (runOn): checking needs only the program.
  const stepIO: CliIO = {
    stdout: { write: (t: string) => ((stdout += t), true) },
    stderr: { write: (t: string) => ((stderr += t), true) },
    stdin: Readable.from([]),
    env: ctx.io.env,
  };
  const session = await shell.session(stepIO);
  const program = session.program;
  const shapes = new Map<string, Command>();
  const commandOf = (step: FixtureStep): Command => {
    let command = shapes.get(step.command);
    if (command) return command;
    command = findCommand(program, step.command.split(' '));
    if (!command) throw new UsageError(`${describeStep(step)}: unknown command "${step.command}"`, 'see `shopctl --help`', 'FIXTURE_INVALID');
    if (step.command === 'fixtures apply') throw new UsageError(`${describeStep(step)}: a fixture cannot apply another fixture`, undefined, 'FIXTURE_INVALID');
    shapes.set(step.command, command);
    return command;
  };
  const executor: StepExecutor = {
    check: (step) => void toArgv(step, commandOf(step), step.args),
    async run(step, args): Promise<StepOutcome> {
      const shop = stepIO.shop;
      if (!shop) throw new Error('fixture step run before its shop was opened');
      const { argv, stdin } = toArgv(step, commandOf(step), args);
      stdout = '';
      stderr = '';
      stepIO.stdin = Readable.from(stdin === undefined ? [] : [stdin]);
      shop.beginRun();
      const exitCode = await session.run(['--db', ctx.dbPath, '--json', '--no-input', ...argv]);
      if (exitCode === 0) return { exitCode, output: parseJson(stdout) };
      const error = (parseJson(stderr.trim().split('\n').pop() ?? '') as { error?: StepOutcome['error'] } | undefined)?.error;
      return { exitCode, error: error ?? { code: 'UNKNOWN_ERROR', message: stderr.trim() || `exited ${exitCode}` } };
    },
  };
  return {
    executor,
    runOn(shop) {
      stepIO.shop = shop;
      stepIO.source = shop.source;
    },
  };
}

function findCommand(program: Command, words: string[]): Command | undefined {
  let current: Command | undefined = program;
  for (const word of words) current = current?.commands.find((c) => c.name() === word || c.aliases().includes(word));
  return current && current !== program && current.commands.length === 0 ? current : undefined;
}

const FORCED = new Set(['db', 'json', 'input', 'noinput', 'color', 'nocolor', 'help', 'version']);
const normal = (key: string) => key.replace(/[-_]/g, '').toLowerCase();

/**
 * Fixture args → argv: positionals by the names `--help` shows (after "--", so a value may
 * start with "-"), flags as --long=value, booleans as bare flags, a password via stdin.
 */
function toArgv(step: FixtureStep, command: Command, args: Record<string, ArgValue>): { argv: string[]; stdin?: string } {
  const positionals = command.registeredArguments;
  const options = command.options as readonly Option[];
  const flags: string[] = [];
  const byPosition: (ArgValue | undefined)[] = positionals.map(() => undefined);
  let stdin: string | undefined;
  for (const [key, value] of Object.entries(args)) {
    const wanted = normal(key);
    const where = `${describeStep(step)}, arg "${key}"`;
    const position = positionals.findIndex((p: Argument) => normal(p.name()) === wanted);
    if (position !== -1) {
      byPosition[position] = value;
      continue;
    }
    if (wanted === 'password' && options.some((o) => o.long === '--password-stdin')) {
      if (Array.isArray(value) || typeof value === 'boolean') throw new UsageError(`${where}: a password is one string`, undefined, 'FIXTURE_INVALID');
      stdin = `${value}\n`;
      flags.push('--password-stdin');
      continue;
    }
    const option = options.find((o) => o.long !== undefined && !o.hidden && normal(o.long) === wanted);
    if (!option && FORCED.has(wanted)) throw new UsageError(`${where}: --${key} is set by fixtures apply itself`, undefined, 'FIXTURE_INVALID');
    if (!option) {
      const known = [...positionals.map((p) => p.name()), ...options.filter((o) => !o.hidden && o.long).map((o) => o.long!.slice(2))];
      throw new UsageError(`${where} is not an argument of "${step.command}" (it takes: ${known.join(', ') || 'nothing'})`, undefined, 'FIXTURE_INVALID');
    }
    if (option.isBoolean()) {
      if (typeof value !== 'boolean') throw new UsageError(`${where}: --${option.long!.slice(2)} is a switch; give true or false`, undefined, 'FIXTURE_INVALID');
      if (value) flags.push(option.long!);
      continue;
    }
    for (const item of Array.isArray(value) ? value : [value]) flags.push(`${option.long}=${item}`);
  }
  const argv = [...step.command.split(' '), ...flags];
  const trailing: string[] = [];
  positionals.forEach((p, i) => {
    const value = byPosition[i];
    if (value === undefined) return;
    if (typeof value === 'boolean') throw new UsageError(`${describeStep(step)}: <${p.name()}> needs a value, not ${value}`, undefined, 'FIXTURE_INVALID');
    trailing.push(...(Array.isArray(value) ? value : [value]).map(String));
  });
  // A missing positional before a given one would shift values into the wrong place.
  const firstMissing = byPosition.findIndex((v) => v === undefined);
  if (firstMissing !== -1 && byPosition.slice(firstMissing).some((v) => v !== undefined)) {
    throw new UsageError(`${describeStep(step)}: give <${positionals[firstMissing].name()}> too (it comes before later arguments)`, undefined, 'FIXTURE_INVALID');
  }
  return { argv: trailing.length > 0 ? [...argv, '--', ...trailing] : argv, stdin };
}

function parseJson(text: string): unknown {
  try {
    return text.trim() === '' ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}
