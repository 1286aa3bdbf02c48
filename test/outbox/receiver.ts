// A real webhook receiver on 127.0.0.1 for the delivery tests: verifies every Standard Webhooks
// signature (as a receiver would), records every request, and answers as each test scripts it.
import { createHmac, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { runCli } from '../../src/main.js';
import type { CliIO } from '../../src/commands/io.js';

export const SECRET_BYTES = Buffer.from('a signing key of thirty-two bytes', 'utf8');
export const SECRET = `whsec_${SECRET_BYTES.toString('base64')}`;

export interface Received {
  /** 1-based request number. */
  n: number;
  id: string;
  timestamp: number;
  signature: string | undefined;
  contentType: string | undefined;
  body: string;
  events: any[];
  /** The signature checked out with SECRET_BYTES (false for an unsigned request). */
  verified: boolean;
  /** What the receiver answered (undefined: it hung up or never answered). */
  status?: number;
}

/** What to do with request n: answer with a status (and headers), hang, or close the connection. */
export type Behaviour = { status: number; headers?: Record<string, string>; delayMs?: number } | 'hang' | 'destroy';

export interface Receiver {
  url: string;
  received: Received[];
  /** Message ids of every batch answered with a 2xx. */
  accepted(): Set<string>;
  /** The most requests ever in flight at once. */
  maxInFlight(): number;
  close(): Promise<void>;
}

/** Verifies `v1,<base64>` (any of several space-separated signatures) over `id.timestamp.body`. */
export function verifySignature(key: Buffer, id: string, timestamp: string, body: string, header: string | undefined): boolean {
  if (!header) return false;
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest();
  return header.split(' ').some((part) => {
    const [version, value] = part.split(',');
    if (version !== 'v1' || !value) return false;
    const given = Buffer.from(value, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

/**
 * A self-signed certificate for 127.0.0.1 made for these tests only (`tls/`, 100 years): the
 * key protects nothing.
 */
export const TEST_CA_FILE = path.join(__dirname, 'tls', 'cert.pem');

export async function startReceiver(
  behave: (n: number, received: Received) => Behaviour = () => ({ status: 200 }),
  options: { tls?: boolean } = {},
): Promise<Receiver> {
  const received: Received[] = [];
  const sockets = new Set<import('node:net').Socket>();
  let inFlight = 0;
  let maxInFlight = 0;
  const handler: http.RequestListener = (req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    let done = false;
    const finish = () => {
      if (!done) inFlight--;
      done = true;
    };
    res.on('close', finish);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const id = String(req.headers['webhook-id']);
      const timestamp = String(req.headers['webhook-timestamp']);
      const signature = req.headers['webhook-signature'] as string | undefined;
      const entry: Received = {
        n: received.length + 1, id, timestamp: Number(timestamp), signature, contentType: req.headers['content-type'], body,
        events: JSON.parse(body), verified: verifySignature(SECRET_BYTES, id, timestamp, body, signature),
      };
      received.push(entry);
      const behaviour = behave(entry.n, entry);
      if (behaviour === 'hang') return;
      if (behaviour === 'destroy') {
        req.socket.destroy();
        finish();
        return;
      }
      const answer = () => {
        entry.status = behaviour.status;
        res.writeHead(behaviour.status, behaviour.headers ?? {});
        res.end('{}');
        finish();
      };
      if (behaviour.delayMs) setTimeout(answer, behaviour.delayMs);
      else answer();
    });
  };
  const server = options.tls
    ? https.createServer({ key: fs.readFileSync(path.join(__dirname, 'tls', 'key.pem')), cert: fs.readFileSync(TEST_CA_FILE) }, handler)
    : http.createServer(handler);
  server.on(options.tls ? 'secureConnection' : 'connection', (socket: import('node:net').Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}/hook`,
    received,
    accepted: () => new Set(received.filter((r) => r.status !== undefined && r.status < 300).flatMap((r) => r.events.map((e) => e.id))),
    maxInFlight: () => maxInFlight,
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}

/** A URL on 127.0.0.1 where nothing listens (a port we opened and closed). */
export async function deadUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/hook`;
}

export interface InProcessRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs shopctl in this process (the receiver runs here too). `interrupt` receives a function
 * that simulates SIGINT/SIGTERM; waits are scaled down (SHOPCTL_TEST_WAIT_SCALE).
 */
export async function runShopctl(
  argv: string[],
  options: { env?: Record<string, string>; stderrTTY?: boolean; interrupt?: (send: () => void) => void } = {},
): Promise<InProcessRun> {
  let stdout = '';
  let stderr = '';
  const listeners = new Set<(signal: string) => void>();
  const io: CliIO = {
    stdout: { write: (t: string) => ((stdout += t), true) },
    stderr: { write: (t: string) => ((stderr += t), true), isTTY: options.stderrTTY },
    stdin: Readable.from([]),
    env: { NO_COLOR: '1', CI: '1', SHOPCTL_TEST_WAIT_SCALE: '0.001', SHOPCTL_WEBHOOK_SECRET: SECRET, ...options.env },
    onInterrupt: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  options.interrupt?.(() => {
    for (const listener of [...listeners]) listener('SIGTERM');
  });
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}
