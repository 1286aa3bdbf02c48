// outbox deliver as real processes: SIGKILL mid-delivery then a new run, and two --follow
// processes on one shop (the lease: never two batches in flight; SIGTERM exits 0).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { readOnly, SHOPCTL, shopctl, tempDb } from '../helpers/cli.js';
import { SECRET, startReceiver, TEST_CA_FILE, type Receiver } from './receiver.js';
import { deliveredIds, firstProduct, produceManyMessages } from './setup.js';

const ENV = { ...process.env, NO_COLOR: '1', CI: '1', SHOPCTL_WEBHOOK_SECRET: SECRET, SHOPCTL_TEST_WAIT_SCALE: '0.001' };

interface Child {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

function startDeliver(db: string, args: string[]): Child {
  const child = spawn(process.execPath, [SHOPCTL, '--db', db, '--json', 'outbox', 'deliver', ...args], { env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, exited };
}

function allIds(db: string): string[] {
  return readOnly(db, (conn) => conn.prepare('SELECT messageId FROM outbox ORDER BY sequence').pluck().all() as string[]);
}

function leaseHolderPid(db: string): number | undefined {
  return readOnly(db, (conn) => conn.prepare("SELECT pid FROM outbox_leases WHERE name = 'outbox'").pluck().get() as number | undefined);
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`gave up waiting: ${what}`);
}

let receiver: Receiver | undefined;
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await receiver?.close();
  receiver = undefined;
});

describe('outbox deliver processes', () => {
  it('SIGKILL mid-delivery, then a new run: every message received at least once, none marked that was not accepted', async () => {
    const { db } = tempDb();
    produceManyMessages(db, 12);
    const ids = allIds(db);
    let killed = false;
    let run!: Child;
    receiver = await startReceiver((n) => {
      // The 4th batch arrives: kill the sender before it gets an answer.
      if (n === 4 && !killed) {
        killed = true;
        run.child.kill('SIGKILL');
        return 'hang';
      }
      return { status: 200 };
    });
    run = startDeliver(db, ['--url', receiver.url, '--batch-size', '2']);
    children.push(run.child);
    const first = await run.exited;
    expect(first.signal).toBe('SIGKILL');
    const markedAfterKill = deliveredIds(db);
    expect(markedAfterKill.size).toBe(6);
    for (const id of markedAfterKill) expect(receiver.accepted().has(id), id).toBe(true);
    // The killed run's lease is still recorded, but its process is gone: the next run takes over at once.
    expect(leaseHolderPid(db)).toBe(run.child.pid);

    const next = shopctlJsonAsync(db, receiver.url);
    const second = await next;
    expect(second.code, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ delivered: 6, batches: 3, failed: 0, lastSequence: '000000000012' });
    const received = new Set(receiver.received.flatMap((r) => r.events.map((e) => e.id)));
    for (const id of ids) expect(received.has(id), id).toBe(true);
    const marked = deliveredIds(db);
    expect(marked.size).toBe(12);
    for (const id of marked) expect(receiver.accepted().has(id), id).toBe(true);
    // The batch in flight at the kill was sent again with the same webhook-id.
    expect(receiver.received[4].id).toBe(receiver.received[3].id);
  });

  it('two --follow processes never send concurrently; the standby takes over; SIGTERM exits 0; exports meanwhile are OUTBOX_BUSY', async () => {
    const { db, dir } = tempDb();
    produceManyMessages(db, 20);
    const product = firstProduct(db);
    receiver = await startReceiver(() => ({ status: 200, delayMs: 15 }));
    const a = startDeliver(db, ['--url', receiver.url, '--batch-size', '2', '--follow', '--interval', '0.1']);
    const b = startDeliver(db, ['--url', receiver.url, '--batch-size', '2', '--follow', '--interval', '0.1']);
    children.push(a.child, b.child);
    await until(() => receiver!.accepted().size === 20, '20 messages delivered');

    // While one of them holds the lease, an export (or a one-off deliver) is refused, touching nothing.
    const out = `${dir}/batch.ndjson`;
    produceManyMessages(db, 2, product);
    const refused = shopctl(['--db', db, '--json', 'outbox', 'export', '--out', out]);
    expect(refused.code, refused.stderr).toBe(5);
    expect(JSON.parse(refused.stderr).error).toMatchObject({ code: 'OUTBOX_BUSY', details: { purpose: 'deliver' } });
    expect(fs.existsSync(out)).toBe(false);
    await until(() => receiver!.accepted().size === 22, '22 messages delivered');

    // Stop whichever holds the lease; the other takes over and delivers what comes next.
    const holder = leaseHolderPid(db);
    const [active, standby] = holder === a.child.pid ? [a, b] : [b, a];
    expect(holder).toBe(active.child.pid);
    active.child.kill('SIGTERM');
    const activeExit = await active.exited;
    expect(activeExit.code, activeExit.stderr).toBe(0);
    produceManyMessages(db, 3, product);
    await until(() => receiver!.accepted().size === 25, '25 messages delivered');
    expect(leaseHolderPid(db)).toBe(standby.child.pid);
    standby.child.kill('SIGINT');
    const standbyExit = await standby.exited;
    expect(standbyExit.code, standbyExit.stderr).toBe(0);

    expect(receiver.maxInFlight()).toBe(1);
    const summaries = [JSON.parse(activeExit.stdout), JSON.parse(standbyExit.stdout)];
    expect(summaries[0].delivered + summaries[1].delivered).toBe(25);
    expect(summaries[1].delivered).toBeGreaterThanOrEqual(3);
    // Every batch was sent exactly once (no failures, no overlap).
    expect(receiver.received.length).toBe(new Set(receiver.received.map((r) => r.id)).size);
    expect(deliveredIds(db).size).toBe(25);
    expect(leaseHolderPid(db)).toBeUndefined();
  });

  it('HTTPS: delivers to a receiver whose certificate is trusted (NODE_EXTRA_CA_CERTS); an untrusted one is a TLS error, exit 7', async () => {
    const { db } = tempDb();
    produceManyMessages(db, 3);
    receiver = await startReceiver(() => ({ status: 200 }), { tls: true });
    const untrusted = startDeliver(db, ['--url', receiver.url, '--max-attempts', '1']);
    children.push(untrusted.child);
    const refused = await untrusted.exited;
    expect(refused.code).toBe(7);
    expect(JSON.parse(refused.stderr).error.message).toMatch(/failed after 1 attempt \(TLS error \(.+\)\); first undelivered sequence 000000000001/);
    expect(deliveredIds(db).size).toBe(0);

    const trusted = spawn(process.execPath, [SHOPCTL, '--db', db, '--json', 'outbox', 'deliver', '--url', receiver.url], {
      env: { ...ENV, NODE_EXTRA_CA_CERTS: TEST_CA_FILE }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(trusted);
    let stdout = '';
    let stderr = '';
    trusted.stdout!.on('data', (d) => (stdout += d));
    trusted.stderr!.on('data', (d) => (stderr += d));
    const code = await new Promise((resolve) => trusted.on('close', resolve));
    expect(code, stderr).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ delivered: 3, batches: 1 });
    expect(receiver.received.every((r) => r.verified)).toBe(true);
    expect(deliveredIds(db).size).toBe(3);
  });
});

function shopctlJsonAsync(db: string, url: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const run = startDeliver(db, ['--url', url, '--batch-size', '2']);
  children.push(run.child);
  return run.exited;
}
