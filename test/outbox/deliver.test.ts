// outbox deliver against a real HTTP receiver on 127.0.0.1 that verifies every signature: order,
// acknowledgement, retries, failures (exit 7), Retry-After, interrupts, output. In-process
// (runCli with a fake IO); the process-level cases are in deliverProcesses.test.ts.
import { createHmac, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readOnly, tempDb } from '../helpers/cli.js';
import { deadUrl, runShopctl, SECRET, SECRET_BYTES, startReceiver, type Receiver } from './receiver.js';
import { firstProduct, produceAllTypes, produceManyMessages } from './setup.js';

let template: string;
let many: string;
beforeAll(() => {
  template = tempDb().db;
  produceAllTypes(template); // 8 messages, all 7 types
  many = tempDb().db;
  produceManyMessages(many, 25);
});

function copyOf(db: string): string {
  const copy = tempDb().db;
  fs.copyFileSync(db, copy);
  if (fs.existsSync(`${db}-wal`)) fs.copyFileSync(`${db}-wal`, `${copy}-wal`);
  return copy;
}

/** Sequence → messageId of every message, and which are marked delivered (read directly). */
function outboxState(db: string): { all: { sequence: number; messageId: string; delivered: boolean }[]; deliveredIds: Set<string> } {
  const rows = readOnly(db, (conn) => conn.prepare('SELECT sequence, messageId, deliveredAt FROM outbox ORDER BY sequence').all() as { sequence: number; messageId: string; deliveredAt: string | null }[]);
  const all = rows.map((r) => ({ sequence: r.sequence, messageId: r.messageId, delivered: r.deliveredAt !== null }));
  return { all, deliveredIds: new Set(all.filter((r) => r.delivered).map((r) => r.messageId)) };
}


let receiver: Receiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

describe('outbox deliver', () => {
  it('POSTs every pending message in sequence order as signed CloudEvents batches and marks them delivered', async () => {
    const db = copyOf(template);
    receiver = await startReceiver();
    const run = await runShopctl(['--db', db, '--json', 'outbox', 'deliver', '--url', receiver.url, '--batch-size', '3']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ delivered: 8, batches: 3, attempts: 3, failed: 0, lastSequence: '000000000008' });

    const got = receiver.received;
    expect(got.map((r) => r.events.length)).toEqual([3, 3, 2]);
    for (const r of got) {
      expect(r.verified, `signature of request ${r.n}`).toBe(true);
      expect(r.signature).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
      expect(r.contentType).toBe('application/cloudevents-batch+json');
      expect(r.id).toMatch(/^msg_[A-Za-z0-9_-]+$/);
      expect(Math.abs(r.timestamp - Date.now() / 1000)).toBeLessThan(300);
      for (const event of r.events) expect(event).toMatchObject({ specversion: '1.0', datacontenttype: 'application/json' });
    }
    expect(new Set(got.map((r) => r.id)).size).toBe(3);
    const sequences = got.flatMap((r) => r.events.map((e) => e.sequence));
    expect(sequences).toEqual(['000000000001', '000000000002', '000000000003', '000000000004', '000000000005', '000000000006', '000000000007', '000000000008']);
    const state = outboxState(db);
    expect(state.all.every((m) => m.delivered)).toBe(true);
    expect(state.deliveredIds).toEqual(receiver.accepted());

    // Nothing left: a second run sends nothing.
    const again = await runShopctl(['--db', db, 'outbox', 'deliver', '--url', receiver.url]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/Nothing pending to deliver to http:\/\/127\.0\.0\.1:\d+\/hook\./);
    expect(receiver.received).toHaveLength(3);
  });

  it('the body is the same CloudEvents objects the export writes', async () => {
    const db = copyOf(template);
    receiver = await startReceiver();
    const exported = await runShopctl(['--db', db, 'outbox', 'export', '--no-ack']);
    const run = await runShopctl(['--db', db, 'outbox', 'deliver', '--url', receiver.url]);
    expect(run.code, run.stderr).toBe(0);
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0].events).toEqual(exported.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line)));
  });

  it('500 twice then 200: each batch is marked exactly once, sent at most --max-attempts times, with one webhook-id', async () => {
    const db = copyOf(template);
    const answers = new Map<string, number>();
    receiver = await startReceiver((_n, r) => {
      const seen = (answers.get(r.id) ?? 0) + 1;
      answers.set(r.id, seen);
      return { status: seen <= 2 ? 500 : 200 };
    });
    const run = await runShopctl(['--db', db, '--json', 'outbox', 'deliver', '--url', receiver.url, '--batch-size', '4', '--max-attempts', '3']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ delivered: 8, batches: 2, attempts: 6, failed: 4, lastSequence: '000000000008' });
    // Two batches, three sends each; every retry of a batch carries the same id and body, freshly signed.
    expect(receiver.received.map((r) => r.status)).toEqual([500, 500, 200, 500, 500, 200]);
    const ids = receiver.received.map((r) => r.id);
    expect(new Set(ids.slice(0, 3)).size).toBe(1);
    expect(new Set(ids.slice(3)).size).toBe(1);
    expect(ids[0]).not.toBe(ids[3]);
    expect(new Set(receiver.received.slice(0, 3).map((r) => r.body)).size).toBe(1);
    expect(receiver.received.every((r) => r.verified)).toBe(true);
    // The second batch was not sent before the first was acknowledged.
    expect(receiver.received[3].events[0].sequence).toBe('000000000005');
    const state = outboxState(db);
    expect(state.all.every((m) => m.delivered)).toBe(true);
    // Delivered messages carry no stuck record.
    const status = await runShopctl(['--db', db, '--json', 'outbox', 'status']);
    expect(JSON.parse(status.stdout).stuck).toBeNull();
  });

  it('a receiver that keeps failing: exit 7 naming URL, status and first undelivered sequence; attempts recorded; next run resumes there', async () => {
    const db = copyOf(template);
    receiver = await startReceiver((n) => ({ status: n <= 2 ? 200 : 500 }));
    const run = await runShopctl(['--db', db, '--json', 'outbox', 'deliver', '--url', `${receiver.url}?token=canary-token`, '--batch-size', '2', '--max-attempts', '3']);
    expect(run.code).toBe(7);
    expect(run.stdout).toBe('');
    const error = JSON.parse(run.stderr).error;
    expect(error.code).toBe('DELIVERY_FAILED');
    expect(error.message).toMatch(/^delivery to http:\/\/127\.0\.0\.1:\d+\/hook\?… failed after 3 attempts \(HTTP 500\); first undelivered sequence 000000000005$/);
    expect(error.details).toMatchObject({ status: 500, firstUndeliveredSequence: '000000000005', delivered: 4, batches: 2, attempts: 5, failed: 3, lastSequence: '000000000004' });
    expect(run.stderr).not.toContain('canary-token');
    expect(receiver.received).toHaveLength(5);

    const state = outboxState(db);
    expect(state.all.map((m) => m.delivered)).toEqual([true, true, true, true, false, false, false, false]);
    const status = JSON.parse((await runShopctl(['--db', db, '--json', 'outbox', 'status'])).stdout);
    expect(status.stuck).toMatchObject({ messages: 2, sequence: '000000000005', attempts: 3, lastError: 'HTTP 500' });
    expect(typeof status.stuck.since).toBe('string');
    const human = await runShopctl(['--db', db, 'outbox', 'status']);
    expect(human.stdout).toMatch(/Stuck: 2 pending messages failed delivery; sequence 000000000005: 3 attempts since .+, last at .+: HTTP 500/);

    // The next run starts again from sequence 5 (same batch, same webhook-id).
    const failedId = receiver.received[4].id;
    await receiver.close();
    receiver = await startReceiver();
    const next = await runShopctl(['--db', db, '--json', 'outbox', 'deliver', '--url', receiver.url, '--batch-size', '2']);
    expect(next.code, next.stderr).toBe(0);
    expect(receiver.received[0].id).toBe(failedId);
    expect(receiver.received[0].events[0].sequence).toBe('000000000005');
    expect(outboxState(db).all.every((m) => m.delivered)).toBe(true);
    expect(JSON.parse((await runShopctl(['--db', db, '--json', 'outbox', 'status'])).stdout).stuck).toBeNull();
  });

  it('a receiver that hangs past --timeout leaves everything pending and exits 7', async () => {
    const db = copyOf(template);
    receiver = await startReceiver(() => 'hang');
    const run = await runShopctl(['--db', db, '--json', 'outbox', 'deliver', '--url', receiver.url, '--timeout', '0.2', '--max-attempts', '2']);
    expect(run.code).toBe(7);
    const error = JSON.parse(run.stderr).error;
    expect(error.message).toMatch(/failed after 2 attempts \(no answer within 0\.2 s\); first undelivered sequence 000000000001/);
    expect(error.details.status).toBeNull();
    expect(receiver.received).toHaveLength(2);
    expect(outboxState(db).deliveredIds.size).toBe(0);
    expect(JSON.parse((await runShopctl(['--db', db, '--json', 'outbox', 'status'])).stdout).stuck)
      .toMatchObject({ messages: 8, attempts: 2, lastError: 'no answer within 0.2 s' });
  });

  it('a receiver that closes the connection mid-request leaves everything pending and exits 7', async () => {
    const db = copyOf(template);
    receiver = await startReceiver(() => 'destroy');
    const run = await runShopctl(['--db', db, '--json', 'outbox', 'deliver', '--url', receiver.url, '--max-attempts', '2']);
    expect(run.code).toBe(7);
    expect(JSON.parse(run.stderr).error.message).toMatch(/\((the connection (was reset|closed) mid-request)\); first undelivered sequence 000000000001/);
    expect(receiver.received).toHaveLength(2);
    expect(outboxState(db).deliveredIds.size).toBe(0);
  });

  it('a receiver that is down leaves everything pending and exits 7 (human message on one line)', async () => {
    const db = copyOf(template);
    const url = await deadUrl();
    const run = await runShopctl(['--db', db, 'outbox', 'deliver', '--url', url, '--max-attempts', '2']);
    expect(run.code).toBe(7);
    expect(run.stderr).toMatch(/^error: delivery to http:\/\/127\.0\.0\.1:\d+\/hook failed after 2 attempts \(connection refused \(is the receiver running\?\)\); first undelivered sequence 000000000001 \[DELIVERY_FAILED\] \(hint: the next run starts again from that sequence/);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(outboxState(db).deliveredIds.size).toBe(0);
  });

  it('the secret never appears in any output, and a batch answered 2xx by a signature-checking receiver is all that is marked', async () => {
    const db = copyOf(template);
    receiver = await startReceiver((_n, r) => ({ status: r.verified ? 200 : 401 }));
    const ok = await runShopctl(['--db', db, 'outbox', 'deliver', '--url', receiver.url, '--batch-size', '5']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/✔ delivered 8 messages in 2 batches to http:\/\/127\.0\.0\.1:\d+\/hook through sequence 000000000008, marked delivered/);
    // A wrong secret: the receiver refuses (401), nothing marked, and neither secret is printed.
    const db2 = copyOf(template);
    const wrong = 'whsec_' + Buffer.from('not the receiver secret').toString('base64');
    const refused = await runShopctl(['--db', db2, 'outbox', 'deliver', '--url', receiver.url, '--max-attempts', '1', '--secret-env', 'HOOK_KEY'], { env: { HOOK_KEY: wrong } });
    expect(refused.code).toBe(7);
    expect(refused.stderr).toMatch(/\(HTTP 401\)/);
    for (const text of [ok.stdout, ok.stderr, refused.stdout, refused.stderr]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(SECRET_BYTES.toString('base64'));
      expect(text).not.toContain(wrong.slice(6));
    }
    expect(outboxState(db2).deliveredIds.size).toBe(0);
  });

  it('a plain-text secret (not whsec_) is used as its UTF-8 bytes', async () => {
    const db = copyOf(template);
    receiver = await startReceiver((_n, r) => ({ status: r.verified ? 200 : 401 }));
    const run = await runShopctl(['--db', db, 'outbox', 'deliver', '--url', receiver.url], { env: { SHOPCTL_WEBHOOK_SECRET: SECRET_BYTES.toString('utf8') } });
    expect(run.code, run.stderr).toBe(0);
    expect(receiver.received[0].verified).toBe(true);
  });

  it('refuses to send without a secret (exit 2) unless --unsigned; --unsigned sends no signature header', async () => {
    const db = copyOf(template);
    receiver = await startReceiver();
    const refused = await runShopctl(['--db', db, '--json', 'outbox', 'deliver', '--url', receiver.url], { env: { SHOPCTL_WEBHOOK_SECRET: '' } });
    expect(refused.code).toBe(2);
    expect(JSON.parse(refused.stderr).error.message).toBe('no signing secret: SHOPCTL_WEBHOOK_SECRET is not set');
    expect(receiver.received).toHaveLength(0);
    const unsigned = await runShopctl(['--db', db, 'outbox', 'deliver', '--url', receiver.url, '--unsigned'], { env: { SHOPCTL_WEBHOOK_SECRET: '' } });
    expect(unsigned.code, unsigned.stderr).toBe(0);
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0].signature).toBeUndefined();
    expect(receiver.received[0].id).toMatch(/^msg_/);
  });

  it.each([
    [['--url', 'not a url'], /--url is not a URL/],
    [['--url', 'ftp://example.com/x'], /--url must be an http:\/\/ or https:\/\/ URL/],
    [['--url', 'http://127.0.0.1:1/x', '--batch-size', '1001'], /--batch-size must be at most 1000/],
    [['--url', 'http://127.0.0.1:1/x', '--batch-size', '0'], /--batch-size must be at least 1/],
    [['--url', 'http://127.0.0.1:1/x', '--max-attempts', 'two'], /--max-attempts "two" is not a whole number/],
    [['--url', 'http://127.0.0.1:1/x', '--timeout', '0'], /--timeout must be between 0\.1 and 600 seconds/],
    [['--url', 'http://127.0.0.1:1/x', '--interval', '5'], /--interval needs --follow/],
    [['--url', 'http://127.0.0.1:1/x', '--type', 'Nope'], /--type "Nope" is not an integration event type/],
    [['--url', 'http://127.0.0.1:1/x', '--secret-env', 'BAD-NAME'], /--secret-env must name an environment variable/],
  ])('usage error (exit 2), nothing sent or marked: %j', async (args, message) => {
    const db = copyOf(template);
    const run = await runShopctl(['--db', db, 'outbox', 'deliver', ...args]);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(outboxState(db).deliveredIds.size).toBe(0);
  });

  it('a whsec_ secret that is not base64 is a usage error that does not echo it', async () => {
    const db = copyOf(template);
    const run = await runShopctl(['--db', db, 'outbox', 'deliver', '--url', 'http://127.0.0.1:1/x'], { env: { SHOPCTL_WEBHOOK_SECRET: 'whsec_not*base64!' } });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/SHOPCTL_WEBHOOK_SECRET starts with whsec_ but the rest is not base64/);
    expect(run.stderr).not.toContain('not*base64');
  });

  it('--type delivers only that type and leaves the others pending', async () => {
    const db = copyOf(template);
    receiver = await startReceiver();
    const run = await runShopctl(['--db', db, '--json', 'outbox', 'deliver', '--url', receiver.url, '--type', 'OrderPlacedNotification']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ delivered: 2, batches: 1 });
    expect(receiver.received[0].events.map((e) => e.type)).toEqual(['com.shopctl.order.placed.v1', 'com.shopctl.order.placed.v1']);
    expect(outboxState(db).deliveredIds.size).toBe(2);
  });

  it('shows a progress line on a terminal (stderr), none otherwise', async () => {
    const db = copyOf(many);
    receiver = await startReceiver();
    const tty = await runShopctl(['--db', db, 'outbox', 'deliver', '--url', receiver.url, '--batch-size', '10'], { stderrTTY: true });
    expect(tty.code, tty.stderr).toBe(0);
    expect(tty.stderr).toContain('\r\x1b[Kdelivering to http://127.0.0.1:');
    expect(tty.stderr).toMatch(/3 batches, 25 messages\n$/);
    const db2 = copyOf(many);
    const plain = await runShopctl(['--db', db2, 'outbox', 'deliver', '--url', receiver.url, '--batch-size', '10']);
    expect(plain.code).toBe(0);
    expect(plain.stderr).toBe('');
  });

  it('an interrupt during a request finishes that batch (marked), sends no more and exits 0 with --follow', async () => {
    const db = copyOf(many);
    let send!: () => void;
    receiver = await startReceiver((n) => {
      if (n === 2) send(); // SIGTERM while the second batch is in flight
      return { status: 200, delayMs: 50 };
    });
    const run = await runShopctl(['--db', db, '--json', 'outbox', 'deliver', '--url', receiver.url, '--batch-size', '5', '--follow', '--interval', '0.1'], {
      interrupt: (s) => (send = s),
    });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ delivered: 10, batches: 2, attempts: 2, failed: 0, lastSequence: '000000000010' });
    expect(receiver.received).toHaveLength(2);
    expect(outboxState(db).deliveredIds).toEqual(receiver.accepted());
  });

  it('a second interrupt abandons the request in flight: its batch stays pending', async () => {
    const db = copyOf(many);
    let send!: () => void;
    receiver = await startReceiver((n) => {
      if (n === 1) {
        send();
        send();
      }
      return 'hang';
    });
    const run = await runShopctl(['--db', db, '--json', 'outbox', 'deliver', '--url', receiver.url, '--follow'], { interrupt: (s) => (send = s) });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ delivered: 0, batches: 0, attempts: 1, failed: 0, lastSequence: null });
    expect(outboxState(db).deliveredIds.size).toBe(0);
  });

  it('without --follow an interrupt exits 130 after the batch in flight', async () => {
    const db = copyOf(many);
    let send!: () => void;
    receiver = await startReceiver((n) => {
      if (n === 1) send();
      return { status: 200 };
    });
    const run = await runShopctl(['--db', db, 'outbox', 'deliver', '--url', receiver.url, '--batch-size', '5'], { interrupt: (s) => (send = s) });
    expect(run.code).toBe(130);
    expect(run.stderr).toMatch(/cancelled; undelivered messages stay pending/);
    expect(outboxState(db).deliveredIds.size).toBe(5);
  });

  it('--follow delivers messages committed after it started', async () => {
    const db = copyOf(many);
    let send!: () => void;
    receiver = await startReceiver((n) => {
      if (n === 1) setTimeout(() => produceManyMessages(db, 3, firstProduct(db)), 10);
      if (n === 2) setTimeout(() => send(), 10);
      return { status: 200 };
    });
    const run = await runShopctl(['--db', db, '--json', 'outbox', 'deliver', '--url', receiver.url, '--follow', '--interval', '0.1'], { interrupt: (s) => (send = s) });
    expect(run.code, run.stderr).toBe(0);
    expect(receiver.received.map((r) => r.events.length)).toEqual([25, 3]);
    expect(JSON.parse(run.stdout)).toMatchObject({ delivered: 28, batches: 2 });
  });

  it('the receiver-side verification shown in the README accepts our requests and refuses a tampered body', async () => {
    const readme = fs.readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');
    const block = /```js\n([\s\S]*?function verify\([\s\S]*?)```/.exec(readme)![1].replace(/^import .*$/m, '');
    const verify = new Function('createHmac', 'timingSafeEqual', `${block}\nreturn verify;`)(createHmac, timingSafeEqual);
    const db = copyOf(template);
    receiver = await startReceiver();
    const run = await runShopctl(['--db', db, 'outbox', 'deliver', '--url', receiver.url]);
    expect(run.code, run.stderr).toBe(0);
    const r = receiver.received[0];
    const headers = { 'webhook-id': r.id, 'webhook-timestamp': String(r.timestamp), 'webhook-signature': r.signature };
    expect(verify(SECRET, headers, Buffer.from(r.body))).toBe(true);
    expect(verify(SECRET, headers, Buffer.from(r.body.replace('1999', '1'), 'utf8'))).toBe(false);
  });

  it('help: `outbox deliver --help` lists its flags with examples; the root help lists exit 7', async () => {
    const help = await runShopctl(['outbox', 'deliver', '--help']);
    expect(help.code).toBe(0);
    for (const flag of ['--url', '--type', '--batch-size', '--max-attempts', '--timeout', '--follow', '--interval', '--secret-env', '--unsigned']) {
      expect(help.stdout).toContain(flag);
    }
    expect(help.stdout).toMatch(/Examples:\n {2}\$ shopctl outbox deliver --url https:\/\/hooks\.example\.com\/shop +# signed with the secret in \$SHOPCTL_WEBHOOK_SECRET/);
    const root = await runShopctl(['--help']);
    expect(root.stdout).toMatch(/7 delivery to a webhook failed after its retries/);
    expect(root.stdout).toMatch(/outbox deliver +POST pending messages to a webhook/);
  });
});
