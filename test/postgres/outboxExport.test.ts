// outbox export on PostgreSQL reads the pending messages as binary COPY data and assembles each
// line from its bytes (src/store/postgres/outboxExport.ts). Its files must be, byte for byte,
// what the SQLite export writes for the same messages: every type, strings that need escaping
// and strings that do not, more lines than fit one chunk of COPY data, --limit, --type, stdout.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { INTEGRATION_EVENT_TYPES } from '../../src/domain/integration.js';
import { tempDb } from '../helpers/cli.js';
import { runIn } from '../helpers/shop.js';
import { openSqlWritable } from '../helpers/store.js';
import { freshDatabase } from './support.js';

/** Enough lines (about 1.5 MB) for several chunks of COPY data and several batches. */
const MESSAGES = 2_500;
const SUBJECTS = [
  'order-1', 'order-"quoted"', 'back\\slash', 'line\nbreak', 'tab\there', 'café crème', 'emoji 😀', 'separator \u2028 here',
  'control \u0001 char', 'ünïcödé/ключ', '',
];

function plant(db: string): void {
  const conn = openSqlWritable(db);
  try {
    const message = conn.prepare('INSERT INTO outbox_messages (sequence, messageId, type, subject, data, occurredAt, sourcePosition) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const pending = conn.prepare('INSERT INTO outbox_pending (sequence, type) VALUES (?, ?)');
    conn.transaction(() => {
      for (let i = 1; i <= MESSAGES; i++) {
        const type = INTEGRATION_EVENT_TYPES[i % INTEGRATION_EVENT_TYPES.length]!;
        const subject = SUBJECTS[i % SUBJECTS.length]!;
        const data = JSON.stringify({ orderId: `order-${i}`, note: subject, lines: Array.from({ length: 1 + (i % 4) }, (_, k) => ({ sku: `SKU-${k}`, quantity: k + 1, name: 'Linen shirt “summer”' })) });
        const id = i % 97 === 0 ? `id "${i}"` : `message-${i}`;
        message.run(i, id, type, subject, data, new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(), i);
        pending.run(i, type);
      }
    })();
  } finally {
    conn.close();
  }
}

let sqlite: string;
let postgres: string;
let dir: string;
beforeAll(async () => {
  ({ dir, db: sqlite } = tempDb());
  sqlite = path.join(dir, 'shop.db'); // a file, also when the suite runs on PostgreSQL
  postgres = await freshDatabase();
  for (const db of [sqlite, postgres]) {
    expect((await runIn(db, ['init'])).code).toBe(0);
    plant(db);
  }
});

async function exported(db: string, args: string[]): Promise<{ file: string; summary: any; stdout: string }> {
  const out = path.join(dir, `out-${Math.random().toString(36).slice(2)}.ndjson`);
  const toFile = !args.includes('-');
  const result = await runIn(db, ['--json', 'outbox', 'export', ...(toFile ? ['--out', out] : []), ...args.filter((a) => a !== '-')]);
  expect(result.code, result.stderr).toBe(0);
  const summaryText = toFile ? result.stdout : result.stderr;
  const summary = JSON.parse(summaryText);
  delete summary.out;
  return { file: toFile ? fs.readFileSync(out, 'utf8') : '', summary, stdout: toFile ? '' : result.stdout };
}

describe('outbox export on PostgreSQL (binary COPY, lines assembled from bytes)', () => {
  it('writes the same bytes as SQLite, with --limit, with --type, and to stdout', async () => {
    for (const args of [['--no-ack'], ['--no-ack', '--limit', '777'], ['--no-ack', '--type', 'OrderShippedNotification'], ['--no-ack', '-']]) {
      const [onSqlite, onPostgres] = [await exported(sqlite, args), await exported(postgres, args)];
      expect(onPostgres.summary, args.join(' ')).toEqual(onSqlite.summary);
      expect(onPostgres.file === onSqlite.file, args.join(' ')).toBe(true);
      expect(onPostgres.stdout === onSqlite.stdout, args.join(' ')).toBe(true);
    }
    const all = await exported(postgres, ['--no-ack']);
    expect(all.summary.exported).toBe(MESSAGES);
    const lines = all.file.trimEnd().split('\n').map((line) => JSON.parse(line));
    expect(lines).toHaveLength(MESSAGES);
    expect(lines.map((line) => line.subject).slice(0, SUBJECTS.length)).toEqual([...SUBJECTS.slice(1), SUBJECTS[0]]);
  });

  it('marks what it exported, and the next export has nothing', async () => {
    const [onSqlite, onPostgres] = [await exported(sqlite, []), await exported(postgres, [])];
    expect(onPostgres.summary).toEqual(onSqlite.summary);
    expect(onPostgres.summary.acknowledged).toBe(MESSAGES);
    expect(onPostgres.file === onSqlite.file).toBe(true);
    expect((await exported(postgres, [])).summary.exported).toBe(0);
  });
});
