// The CLI frame shared by every command: global flags, --json errors, help, colour, prompts.
// In-process where the command's own output decides; spawned where the process does (working
// directory, stdin pipe, terminal, exit status and stream separation as a shell sees them).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SHOPCTL, shopctl, shopctlJson, tempDb } from '../helpers/cli.js';
import { run, runJson } from '../helpers/shop.js';

const ESC = '\u001b[';

/** Runs a shell command line on a pseudo-terminal (util-linux `script`), stdout+stderr merged. */
function onTerminal(args: string[], env: Record<string, string | undefined>): { code: number; output: string } {
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const line = [process.execPath, SHOPCTL, ...args].map(quote).join(' ');
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  delete childEnv.NO_COLOR;
  delete childEnv.CI;
  delete childEnv.FORCE_COLOR;
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete childEnv[key];
    else childEnv[key] = value;
  }
  const result = spawnSync('/usr/bin/script', ['-qec', line, '/dev/null'], { env: childEnv, encoding: 'utf8', input: '' });
  return { code: result.status ?? -1, output: result.stdout };
}

describe('global flags', () => {
  it('--db, --json, --no-color and --no-input work before and after the subcommand', async () => {
    const { db } = tempDb();
    await runJson(db, ['category', 'create', 'Apparel']);
    const before = await run(['--db', db, '--json', '--no-color', '--no-input', 'category', 'list']);
    const after = await run(['category', 'list', '--db', db, '--json', '--no-color', '--no-input']);
    expect(before.code).toBe(0);
    expect(after.code).toBe(0);
    expect(JSON.parse(after.stdout)).toEqual(JSON.parse(before.stdout));
    expect(JSON.parse(after.stdout)[0].name).toBe('Apparel');
  });

  it('SHOPCTL_DB names the database when --db is absent; --db wins over it', async () => {
    const { db } = tempDb();
    const other = tempDb().db;
    await run(['category', 'create', 'FromEnv'], { env: { SHOPCTL_DB: db } });
    expect((await runJson(db, ['category', 'list'])).map((c: { name: string }) => c.name)).toEqual(['FromEnv']);
    await run(['--db', other, 'category', 'create', 'FromFlag'], { env: { SHOPCTL_DB: db } });
    expect(await runJson(db, ['category', 'list'])).toHaveLength(1);
  });

  it('without --db or SHOPCTL_DB it uses ./shopctl.db', () => {
    const { dir } = tempDb();
    expect(shopctl(['category', 'create', 'Here'], { cwd: dir }).code).toBe(0);
    expect(shopctlJson(`${dir}/shopctl.db`, ['category', 'list'])[0].name).toBe('Here');
  });
});

describe('errors', () => {
  it('--json puts {"error":{code,message,details}} on stderr and nothing on stdout, wherever --json stands', () => {
    const { db } = tempDb();
    expect(shopctl(['--db', db, 'init']).code).toBe(0); // a read never creates the database
    for (const args of [['--json', '--db', db, 'product', 'show', 'NOPE'], ['product', 'show', 'NOPE', '--db', db, '--json']]) {
      const result = shopctl(args);
      expect(result.code).toBe(4);
      expect(result.stdout).toBe('');
      expect(JSON.parse(result.stderr)).toEqual({
        error: { code: 'PRODUCT_NOT_FOUND', message: expect.stringContaining('NOPE'), details: { product: 'NOPE' } },
      });
    }
  });

  it('without --json an error is one line "error: ..." with a hint where one helps', async () => {
    const { db } = tempDb();
    expect((await run(['--db', db, 'init'])).code).toBe(0); // a read never creates the database
    const result = await run(['--db', db, 'product', 'show', 'NOPE']);
    expect(result.code).toBe(4);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^error: product "NOPE" does not exist \[PRODUCT_NOT_FOUND\] \(hint: .*product list.*\)\n$/);
  });

  it('an unknown command, an unknown option and a missing argument are usage errors (exit 2), JSON with --json', async () => {
    const { db } = tempDb();
    expect((await run(['--db', db, 'frobnicate'])).code).toBe(2);
    const option = await run(['--db', db, '--json', 'product', 'list', '--colour']);
    expect(option.code).toBe(2);
    expect(JSON.parse(option.stderr).error).toMatchObject({ code: 'USAGE', message: expect.stringContaining('--colour') });
    const missing = await run(['--db', db, 'inventory', 'restock', 'MUG-1']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^error: .*quantity/);
  });

  it('a missing --name with stdin an open pipe that never closes is exit 2 naming the flag, without waiting on stdin', async () => {
    const { db } = tempDb();
    const env = { ...process.env };
    delete env.CI; // the pipe alone must be enough to rule out prompting
    const child = spawn(process.execPath, [SHOPCTL, '--db', db, 'product', 'create', '--price', '1', '--category', 'X'], {
      env, stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    // Never end stdin. If the CLI waited on it, this kill would end the test with a signal.
    const guard = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    clearTimeout(guard);
    child.stdin.destroy();
    expect(code).toBe(2);
    expect(stderr).toMatch(/missing required option --name/);
  });

  it('on a terminal, --no-input or CI turn prompting off: exit 2 naming the argument', () => {
    const { db } = tempDb();
    const noInput = onTerminal(['--db', db, '--no-input', 'category', 'create'], {});
    expect(noInput.code).toBe(2);
    expect(noInput.output).toMatch(/missing required argument <name>/);
    const ci = onTerminal(['--db', db, 'category', 'create'], { CI: '1' });
    expect(ci.code).toBe(2);
    expect(ci.output).toMatch(/missing required argument <name>/);
  });
});

describe('colour', () => {
  it('is on for a terminal and off with NO_COLOR=1, --no-color or TERM=dumb', () => {
    const { db } = tempDb();
    const coloured = onTerminal(['--db', db, 'init'], { TERM: 'xterm-256color' });
    expect(coloured.code).toBe(0);
    expect(coloured.output).toContain(ESC);
    for (const [args, env] of [
      [['--db', db, 'init'], { NO_COLOR: '1', TERM: 'xterm-256color' }],
      [['--db', db, 'init', '--no-color'], { TERM: 'xterm-256color' }],
      [['--db', db, 'init'], { TERM: 'dumb' }],
    ] as const) {
      const plain = onTerminal([...args], env);
      expect(plain.code).toBe(0);
      expect(plain.output).toMatch(/shop database ready/);
      expect(plain.output).not.toContain(ESC);
    }
  });

  it('is off when stdout is not a terminal, even without NO_COLOR', () => {
    const { db } = tempDb();
    const result = shopctl(['--db', db, 'init'], { env: { NO_COLOR: undefined, FORCE_COLOR: undefined, TERM: 'xterm-256color' } });
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain(ESC);
  });
});

describe('help', () => {
  /** Subcommand names from the "Commands:" block of a --help text. */
  function subcommands(help: string): string[] {
    const block = help.split('\nCommands:\n')[1]?.split('\n\n')[0] ?? '';
    // Entries are indented by two spaces; wrapped descriptions further.
    return block.split('\n').filter((l) => /^ {2}\S/.test(l)).map((l) => l.trim().split(/\s+/)[0]).filter((n) => n !== 'help');
  }

  it('every command and command group has --help with Examples (exit 0, on stdout)', async () => {
    const root = await run(['--help']);
    expect(root.code).toBe(0);
    expect(root.stdout).toMatch(/Examples:/);
    const groups = subcommands(root.stdout);
    expect(groups).toEqual(expect.arrayContaining(['init', 'category', 'product', 'inventory', 'events']));
    const seen: string[] = [];
    const groupHelps = await Promise.all(groups.map((group) => run([group, '--help'])));
    const leaves: string[][] = [];
    groups.forEach((group, i) => {
      expect(groupHelps[i].code, group).toBe(0);
      expect(groupHelps[i].stdout, `${group} --help`).toMatch(/\nExamples:\n {2}\$ shopctl /);
      for (const sub of subcommands(groupHelps[i].stdout)) leaves.push([group, sub]);
    });
    const leafHelps = await Promise.all(leaves.map((path) => run([...path, '--help'])));
    leaves.forEach((path, i) => {
      expect(leafHelps[i].code, path.join(' ')).toBe(0);
      expect(leafHelps[i].stdout, `${path.join(' ')} --help`).toMatch(/\nExamples:\n {2}\$ shopctl /);
      seen.push(path.join(' '));
    });
    expect(seen).toEqual(expect.arrayContaining([
      'category create', 'category list', 'product create', 'product update-price', 'product add-variant',
      'product deactivate', 'product list', 'product show', 'inventory restock', 'inventory reserve', 'inventory list',
      'events list',
    ]));
  });

  it('help never touches the database', () => {
    const { dir, db } = tempDb();
    expect(shopctl(['--db', db, 'product', 'create', '--help']).code).toBe(0);
    expect(shopctl(['product', 'list', '--help'], { cwd: dir }).code).toBe(0);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
