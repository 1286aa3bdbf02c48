// Issue 16 items 1, 3, 8 and 12, and the one output module: outputs never overwrite the shop or
// the input, the rejects file is durable before the import commits, unusable paths are usage
// errors, a failed write to stdout is an error (EPIPE a quiet end), CSV cells are not formulas.
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { importRestock } from '../../src/app/import/index.js';
import { AtomicFile, csvCell, csvLine, neutraliseFormula, OutputError, StreamWriter } from '../../src/app/output/index.js';
import { exportOutbox } from '../../src/app/outbox.js';
import { ShopApp } from '../../src/app/shopApp.js';
import { classifyError } from '../../src/commands/errors.js';
import { tempDb } from '../helpers/cli.js';
import { inProcess, ok, readOnlyFolder, shell, smallShop, writeFile } from './support.js';

function counts(db: string): { events: number; delivered: number; imports: number; onHand: number } {
  const conn = new Database(db, { readonly: true });
  try {
    const n = (sql: string) => conn.prepare(sql).pluck().get() as number;
    return {
      events: n('SELECT count(*) FROM events'),
      delivered: n('SELECT count(*) FROM outbox_deliveries'),
      imports: n('SELECT count(*) FROM imports'),
      onHand: n(`SELECT onHand FROM inventory WHERE sku = 'MUG-1'`),
    };
  } finally {
    conn.close();
  }
}

const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });

describe('--out and --rejects never replace the shop or the input (item 1)', () => {
  it('outbox export --out onto the database, its -wal/-shm/-journal, a hard link or a symlink to it: exit 2, nothing marked', async () => {
    const { dir, db } = await smallShop();
    await ok(db, ['customer', 'register', '--email', 'ada@example.com', '--name', 'Ada', '--password-stdin'], { stdin: 'correct horse battery staple\n' });
    fs.linkSync(db, path.join(dir, 'hard.db'));
    fs.symlinkSync(db, path.join(dir, 'soft.db'));
    const before = counts(db);
    const bytes = fs.readFileSync(db);
    for (const target of [db, `${db}-wal`, `${db}-shm`, `${db}-journal`, path.join(dir, 'hard.db'), path.join(dir, 'soft.db')]) {
      const result = await inProcess(db, ['--json', 'outbox', 'export', '--out', target]);
      expect(result.code, `${target}: ${result.stderr}`).toBe(2);
      expect(JSON.parse(result.stderr).error.code).toBe('EXPORT_FAILED');
      expect(result.stderr).toMatch(/is the database/);
    }
    expect(counts(db)).toEqual(before);
    expect(fs.readFileSync(db).equals(bytes)).toBe(true);
  });

  it('import --rejects onto the database or the input (also through a symlink): exit 2, nothing imported, files intact', async () => {
    const { dir, db } = await smallShop();
    const input = writeFile(dir, 'nightly.csv', 'sku,quantity\nMUG-1,2\nNOPE,1\n');
    fs.symlinkSync(input, path.join(dir, 'link.csv'));
    const before = counts(db);
    for (const target of [db, `${db}-wal`, input, path.join(dir, 'link.csv')]) {
      const result = await inProcess(db, ['--json', 'import', 'restock', input, '--skip-invalid', '--rejects', target]);
      expect(result.code, `${target}: ${result.stderr}`).toBe(2);
      expect(result.stderr).toMatch(/is the (database|input file)/);
    }
    expect(counts(db)).toEqual(before);
    expect(fs.readFileSync(input, 'utf8')).toBe('sku,quantity\nMUG-1,2\nNOPE,1\n');
    // A database that does not exist yet is not created first.
    const fresh = path.join(dir, 'new.db');
    const result = await inProcess(fresh, ['import', 'restock', input, '--skip-invalid', '--rejects', fresh]);
    expect(result.code).toBe(2);
    expect(fs.existsSync(fresh)).toBe(false);
  });
});

describe('the rejects file is durable before the import commits (item 3)', () => {
  it('a full disk while writing or syncing the rejects file rolls the import back: exit 1, nothing applied, and a retry applies it once', async () => {
    const { dir, db } = await smallShop();
    const input = writeFile(dir, 'nightly.csv', `sku,quantity\n${Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? `NOPE-${i},1` : 'MUG-1,1')).join('\n')}\n`);
    const rejects = path.join(dir, 'rejected.csv');
    const failingCalls = [
      { writeSync: () => { throw enospc(); }, fsyncSync: (fd: number) => fs.fsyncSync(fd), renameSync: fs.renameSync },
      { writeSync: (fd: number, b: Buffer, o: number, l: number) => fs.writeSync(fd, b, o, l), fsyncSync: () => { throw enospc(); }, renameSync: fs.renameSync },
      // 4 KB free: a short write, then nothing more fits.
      (() => {
        let room = 4096;
        return {
          writeSync: (fd: number, b: Buffer, o: number, l: number) => {
            if (room === 0) throw enospc();
            const n = Math.min(room, l);
            room -= n;
            return fs.writeSync(fd, b, o, n);
          },
          fsyncSync: (fd: number) => fs.fsyncSync(fd),
          renameSync: fs.renameSync,
        };
      })(),
    ];
    const before = counts(db);
    for (const calls of failingCalls) {
      const app = new ShopApp({ dbPath: db });
      try {
        const failure = await importRestock(app, { file: input, stdin: Readable.from([]), skipInvalid: true, rejects, rejectsFileCalls: calls })
          .then(() => undefined, (error: unknown) => error);
        expect(failure).toBeInstanceOf(OutputError);
        const classified = classifyError(failure);
        expect(classified.exitCode).toBe(1);
        expect(classified.code).toBe('REJECTS_WRITE_FAILED');
        expect(classified.message).toMatch(/ENOSPC.*rolled back, nothing was applied/);
      } finally {
        app.close();
      }
      expect(counts(db)).toEqual(before);
      expect(fs.existsSync(rejects)).toBe(false);
      expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    }
    // Not recorded as imported: the retry applies it (no ALREADY_IMPORTED), and the file is whole.
    const result = await inProcess(db, ['--json', 'import', 'restock', input, '--skip-invalid', '--rejects', rejects]);
    expect(result.code, result.stderr).toBe(6);
    expect(counts(db).onHand).toBe(before.onHand + 200);
    const lines = fs.readFileSync(rejects, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(101);
    expect(lines[100]).toMatch(/^NOPE-297,1,.*\[PRODUCT_NOT_FOUND\]"?$/);
  });

  it('with no rejected row an existing rejects file is left alone and rejectsFile is null', async () => {
    const { dir, db } = await smallShop();
    const input = writeFile(dir, 'good.csv', 'sku,quantity\nMUG-1,2\n');
    const rejects = writeFile(dir, 'rejected.csv', 'yesterday,s,rejects\n');
    const report = await ok(db, ['import', 'restock', input, '--skip-invalid', '--rejects', rejects]);
    expect(report.rejectsFile).toBeNull();
    expect(fs.readFileSync(rejects, 'utf8')).toBe('yesterday,s,rejects\n');
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('a file is acknowledged only if it is the one left in place (item 2, the writer\'s part)', () => {
  it('another writer renaming its file over ours right after our rename: commit fails, the export marks nothing', async () => {
    const { dir, db } = await smallShop();
    const target = path.join(dir, 'batch.ndjson');
    const file = new AtomicFile(target, {
      calls: {
        writeSync: (fd, b, o, l) => fs.writeSync(fd, b, o, l),
        fsyncSync: (fd) => fs.fsyncSync(fd),
        renameSync: (from, to) => {
          fs.renameSync(from, to);
          fs.writeFileSync(`${to}.other`, 'the other export\n');
          fs.renameSync(`${to}.other`, to);
        },
      },
    });
    file.write('ours\n');
    expect(() => file.commit()).toThrowError(expect.objectContaining({ reason: 'REPLACED' }));
    // Through the export: nothing is acknowledged.
    const app = new ShopApp({ dbPath: db });
    try {
      await ok(db, ['customer', 'register', '--email', 'ada@example.com', '--name', 'Ada', '--password-stdin'], { stdin: 'correct horse battery staple\n' });
      const sink = {
        write: (chunk: string) => Promise.resolve(file.write(chunk)),
        finish: () => Promise.reject(new OutputError('batch.ndjson was replaced by another writer', false, 'REPLACED')),
        abort: () => Promise.resolve(file.discard()),
      };
      await expect(exportOutbox(app, { ack: true }, sink)).rejects.toThrow(/replaced/);
      expect(counts(db).delivered).toBe(0);
    } finally {
      app.close();
    }
  });
});

describe('unusable paths are usage errors, and stdout failures are errors (item 8)', () => {
  it('a missing input with --rejects is exit 2 and leaves no temporary file behind', async () => {
    const { dir, db } = await smallShop();
    const result = await inProcess(db, ['import', 'restock', path.join(dir, 'missing.csv'), '--skip-invalid', '--rejects', path.join(dir, 'rejected.csv')]);
    expect(result.code).toBe(2);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp') || f === 'rejected.csv')).toEqual([]);
  });

  it('a 249-character --rejects name works (the temporary name is short)', async () => {
    const { dir, db } = await smallShop();
    const input = writeFile(dir, 'in.csv', 'sku,quantity\nMUG-1,2\nNOPE,1\n');
    const rejects = path.join(dir, `${'r'.repeat(245)}.csv`);
    const result = await inProcess(db, ['--json', 'import', 'restock', input, '--skip-invalid', '--rejects', rejects]);
    expect(result.code, result.stderr).toBe(6);
    expect(fs.readFileSync(rejects, 'utf8')).toMatch(/^sku,quantity,error\nNOPE,1,/);
  });

  it('a CSV appended to while it is imported: exit 2 (INPUT_CHANGED), nothing written', async () => {
    const { dir, db } = await smallShop();
    const input = writeFile(dir, 'growing.csv', `sku,quantity\n${'MUG-1,1\n'.repeat(5000)}`);
    const before = counts(db);
    const app = new ShopApp({ dbPath: db });
    let appended = false;
    const failure = await importRestock(app, {
      file: input, stdin: Readable.from([]),
      onProgress: () => {
        if (!appended) fs.appendFileSync(input, 'MUG-1,1000\n');
        appended = true;
      },
    }).then(() => undefined, (error: unknown) => error);
    app.close();
    const classified = classifyError(failure);
    expect(classified.exitCode).toBe(2);
    expect(classified.code).toBe('INPUT_CHANGED');
    expect(counts(db)).toEqual(before);
  });

  it('--rejects in a read-only folder and a database in a read-only folder (inventory list) exit 2', () => {
    const { dir: work, db } = tempDb();
    fs.chmodSync(work, 0o777);
    shell(`$SHOPCTL --db ${db} category create Apparel && $SHOPCTL --db ${db} product create --name Mug --price 5 --category Apparel --sku MUG-1`);
    fs.chmodSync(db, 0o666);
    const input = writeFile(work, 'in.csv', 'sku,quantity\nMUG-1,2\nNOPE,1\n');
    const locked = readOnlyFolder(() => undefined);
    const rejects = shell(`$SHOPCTL --db ${db} --json import restock ${input} --skip-invalid --rejects ${locked}/rejected.csv`, { unprivileged: true });
    expect(rejects.code, rejects.stderr).toBe(2);
    expect(JSON.parse(rejects.stderr).error.message).toMatch(/EACCES/);
    expect(counts(db).imports).toBe(0);

    const shopInLockedFolder = readOnlyFolder((dir) => fs.copyFileSync(db, path.join(dir, 'shop.db')));
    const list = shell(`$SHOPCTL --db ${shopInLockedFolder}/shop.db --json inventory list`, { unprivileged: true });
    expect(list.code, list.stderr).toBe(2);
    expect(JSON.parse(list.stderr).error.code).toBe('DATABASE_UNAVAILABLE');
  });

  it('product list > /dev/full fails (exit 1, one line naming ENOSPC); a reader closing the pipe ends quietly (exit 0, no warning)', async () => {
    const { dir, db } = await smallShop();
    const full = shell(`$SHOPCTL --db ${db} product list > /dev/full`);
    expect(full.code).toBe(1);
    expect(full.stderr).toBe('error: cannot write to stdout (ENOSPC); the output was lost [OUTPUT_FAILED]\n');
    // Enough output that the writer waits on the pipe many times (the old writer added a
    // listener per wait and warned MaxListenersExceeded).
    const rows = writeFile(dir, 'many.csv', `sku,quantity\n${'MUG-1,1\n'.repeat(4000)}`);
    await ok(db, ['import', 'restock', rows]);
    for (const json of ['', '--json']) {
      const piped = shell(`$SHOPCTL --db ${db} ${json} events list | head -c 100 > /dev/null; echo "\${PIPESTATUS[0]}"`, { bash: true });
      expect(piped.stdout).toBe('0\n');
      expect(piped.stderr).toBe('');
    }
  });

  it('the stream writer keeps one error listener however many times it waits, and releases it', async () => {
    const listeners: ((e: Error) => void)[] = [];
    let pending: (() => void)[] = [];
    const stream = {
      write: (_text: string, callback?: (error?: Error | null) => void) => {
        pending.push(() => callback?.());
        return false;
      },
      on: (_event: 'error', listener: (e: Error) => void) => listeners.push(listener),
      off: (_event: 'error', listener: (e: Error) => void) => listeners.splice(listeners.indexOf(listener), 1),
    };
    const writer = new StreamWriter(stream);
    for (let i = 0; i < 50; i++) {
      const next = writer.write(`line ${i}\n`);
      const waiting = pending;
      pending = [];
      waiting.forEach((release) => release());
      await next;
    }
    expect(listeners).toHaveLength(1);
    const done = writer.finish();
    pending.forEach((release) => release());
    await done;
    expect(listeners).toHaveLength(0);
    // A stream error fails the next write.
    const failing = new StreamWriter(stream);
    listeners[0](Object.assign(new Error('EPIPE'), { code: 'EPIPE' }));
    await expect(failing.write('x')).rejects.toThrow(/closed by its reader \(EPIPE\)/);
  });
});

describe('CSV written for people neutralises formulas (item 12)', () => {
  it('cells starting with = + - @ tab or CR get an apostrophe unless they are plain numbers', () => {
    expect(neutraliseFormula('=HYPERLINK("http://x")')).toBe(`'=HYPERLINK("http://x")`);
    expect(neutraliseFormula('+cmd')).toBe(`'+cmd`);
    expect(neutraliseFormula('-2+3')).toBe(`'-2+3`);
    expect(neutraliseFormula('@SUM(A1)')).toBe(`'@SUM(A1)`);
    expect(neutraliseFormula('\t=1')).toBe(`'\t=1`);
    expect(neutraliseFormula('\r=1')).toBe(`'\r=1`);
    expect(neutraliseFormula('-3')).toBe('-3');
    expect(neutraliseFormula('+4.50')).toBe('+4.50');
    expect(neutraliseFormula('MUG-1')).toBe('MUG-1');
    expect(csvCell('=1,2')).toBe(`"'=1,2"`);
    expect(csvLine(['a', '"q"', '-1'])).toBe('a,"""q""",-1\n');
  });

  it('the rejects file of a restock import holds neutralised cells', async () => {
    const { dir, db } = await smallShop();
    const input = writeFile(dir, 'evil.csv', 'sku,quantity\n=cmd|/c calc,1\nMUG-1,-3\n@SUM(A1),2\n');
    const rejects = path.join(dir, 'rejected.csv');
    const result = await inProcess(db, ['import', 'restock', input, '--skip-invalid', '--rejects', rejects]);
    expect(result.code, result.stderr).toBe(6);
    const lines = fs.readFileSync(rejects, 'utf8').trimEnd().split('\n');
    expect(lines[1].startsWith(`'=cmd|/c calc,1,`)).toBe(true);
    expect(lines[2].startsWith('MUG-1,-3,')).toBe(true);
    expect(lines[3].startsWith(`'@SUM(A1),2,`)).toBe(true);
    for (const line of lines) expect(line).not.toMatch(/^[=+@]|,[=+@]/);
  });
});
