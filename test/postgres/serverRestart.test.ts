// The PostgreSQL server stopped in the middle of a command: the command ends with one clean
// line (exit 5 DATABASE_UNAVAILABLE, no stack, no hang); after the server is back nothing of
// the interrupted command is visible, replay --verify is clean and the same command succeeds.
// This file starts a server of its own (the run's shared server is never stopped).
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, loadEmbeddedPostgres } from '../helpers/postgresServer.js';
import { catalogueFile, expectGapFreeLog, expectJsonError, expectNoStack, expectReplayVerifies, json, rawEvents, restockFile, runAsync, sql } from './support.js';

// An import that takes over a second here, against ~0.1 s from seeing its transaction open to the
// server stopped; were it to commit first, the test fails (exit 0, not 5) rather than pass quietly.
const ROWS = 10_000;

interface OwnServer { url: string; stop(): Promise<void>; start(): Promise<void>; dispose(): Promise<void> }

/** A server that can be stopped and started again on the same data (persistent, unlike startTestPostgres). */
async function ownServer(): Promise<OwnServer> {
  const EmbeddedPostgres = await loadEmbeddedPostgres(); // without its exit hook (bench/postgresServer.ts)
  // Under the folder test/helpers/postgresServer.ts sweeps: a killed run's server is stopped there.
  const root = path.join(os.tmpdir(), 'shopctl-test-postgres');
  fs.mkdirSync(root, { recursive: true });
  fs.chmodSync(root, 0o755);
  const dir = fs.mkdtempSync(path.join(root, 'server-'));
  fs.chmodSync(dir, 0o755);
  fs.writeFileSync(path.join(dir, 'owner.pid'), String(process.pid));
  const password = crypto.randomBytes(12).toString('hex');
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: path.join(dir, 'data'), port, user: 'postgres', password, authMethod: 'scram-sha-256', persistent: true,
    createPostgresUser: true, initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'fsync=off', '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: () => undefined, onError: () => undefined,
  });
  await server.initialise();
  await server.start();
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    stop: () => server.stop(),
    start: () => server.start(),
    dispose: async () => {
      await server.stop().catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}


describe('the PostgreSQL server restarted during a command', () => {
  let server: OwnServer;
  let shop: string;
  beforeAll(async () => {
    server = await ownServer();
    await sql(server.url, 'CREATE DATABASE shop');
    shop = server.url.replace(/\/postgres$/, '/shop');
    json(shop, ['import', 'products', catalogueFile(20), '--create-categories']);
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it(`import restock of ${ROWS} rows: exit 5 in one line; afterwards none of it is there, and it runs again`, async () => {
    const before = await rawEvents(shop);
    const file = restockFile(ROWS, 20, 'restart');
    const name = `shopctl-restart-${process.pid}`;
    const running = runAsync(`${shop}?application_name=${name}`, ['--json', 'import', 'restock', file]);
    // Stop the server once the import's transaction is open on it.
    let inTransaction = false;
    for (let i = 0; i < 500 && !inTransaction; i++) {
      const rows = await sql(server.url, `SELECT 1 FROM pg_stat_activity WHERE application_name = $1 AND xact_start IS NOT NULL`, [name]);
      inTransaction = rows.length > 0;
      if (!inTransaction) await new Promise((r) => setTimeout(r, 10));
    }
    expect(inTransaction).toBe(true);
    await server.stop();
    const result = await running;
    const error = expectJsonError(result, 5, 'DATABASE_UNAVAILABLE');
    expectNoStack(result.stderr);
    expect(error.message).not.toContain(new URL(server.url).password);

    // While the server is down, any command: the same clean refusal.
    expectJsonError(await runAsync(shop, ['--json', 'product', 'list']), 5, 'DATABASE_UNAVAILABLE');

    await server.start();
    const after = await rawEvents(shop);
    expect(after).toEqual(before);
    expectGapFreeLog(after);
    expect(json(shop, ['import', 'history']).filter((i: { kind: string }) => i.kind === 'restock')).toEqual([]);
    expectReplayVerifies(shop);

    const again = await runAsync(shop, ['--json', 'import', 'restock', file]);
    expect(again.code, again.stderr).toBe(0);
    const log = await rawEvents(shop);
    expectGapFreeLog(log);
    expect(log.length).toBe(before.length + ROWS);
    expect(json(shop, ['inventory', 'list']).reduce((sum: number, i: { onHand: number }) => sum + i.onHand, 0)).toBe(ROWS);
    expectReplayVerifies(shop);
  });
});
