// shopctl outbox deliver: POST pending messages to a webhook endpoint, signed, retried, in order.
import type { Command } from 'commander';
import { UsageError, invalidArgument } from '../app/errors.js';
import { deliverOutbox, displayUrl, type DeliverOptions, type DeliveryProgress } from '../app/outboxDelivery.js';
import { DEFAULT_SECRET_ENV, signingKey } from '../app/webhook/signing.js';
import {
  DEFAULT_BATCH_SIZE, DEFAULT_INTERVAL_MS, DEFAULT_MAX_ATTEMPTS, DEFAULT_TIMEOUT_MS, MAX_BATCH_SIZE,
} from '../domain/delivery.js';
import type { IntegrationEventType } from '../domain/integration.js';
import { action, examples, flagSet, flagString, type Flags } from './action.js';
import type { CliContext } from './context.js';
import { EXIT, ExitWithCode } from './errors.js';
import type { CliIO } from './io.js';
import { parseCountArg } from './parse.js';
import { forTerminal } from './terminalText.js';

/** Test-only: multiplies every back-off and Retry-After wait (e.g. 0.001), so tests do not sleep for seconds. */
export const WAIT_SCALE_ENV = 'SHOPCTL_TEST_WAIT_SCALE';

/** The delivery's own options, with the URL as typed and the secret named by its variable. */
export interface DeliverCommandOptions extends Omit<DeliverOptions, 'url' | 'key'> {
  url: string;
  secretEnv: string;
  unsigned: boolean;
}

export function registerDeliverCommand(outbox: Command, io: CliIO, parseType: (text: string | undefined) => IntegrationEventType | undefined): void {
  examples(
    outbox.command('deliver').description('POST pending messages to a webhook (signed CloudEvents batches), retrying until acknowledged')
      .requiredOption('--url <url>', 'the receiver: an http:// or https:// URL')
      .option('--type <type>', 'only this type, e.g. OutOfStockAlert or com.shopctl.inventory.out-of-stock.v1')
      .option('--batch-size <n>', `messages per request, 1 to ${MAX_BATCH_SIZE} (default ${DEFAULT_BATCH_SIZE})`)
      .option('--max-attempts <n>', `attempts per batch in this run before giving up with exit 7 (default ${DEFAULT_MAX_ATTEMPTS})`)
      .option('--timeout <seconds>', `per attempt (default ${DEFAULT_TIMEOUT_MS / 1000})`)
      .option('--follow', 'keep delivering new messages until SIGINT/SIGTERM')
      .option('--interval <seconds>', `with --follow: how often to look for new messages (default ${DEFAULT_INTERVAL_MS / 1000})`)
      .option('--secret-env <VAR>', `environment variable holding the signing secret (default ${DEFAULT_SECRET_ENV})`)
      .option('--unsigned', 'send without a webhook-signature header (no secret needed)'),
    [
      'shopctl outbox deliver --url https://hooks.example.com/shop   # signed with the secret in $SHOPCTL_WEBHOOK_SECRET (whsec_…)',
      'shopctl outbox deliver --url https://hooks.example.com/shop --follow --interval 5 --secret-env HOOK_SECRET',
      'shopctl --json outbox deliver --url http://127.0.0.1:8080/hook --unsigned --type OutOfStockAlert --batch-size 10',
    ],
  ).action(action(io, (_args, flags) => deliverOptionsFrom(flags, parseType), deliverCommand));
}

function deliverOptionsFrom(flags: Flags, parseType: (text: string | undefined) => IntegrationEventType | undefined): DeliverCommandOptions {
  const follow = flagSet(flags, 'follow');
  const interval = flagString(flags, 'interval');
  if (interval !== undefined && !follow) throw new UsageError('--interval needs --follow', 'add --follow to keep delivering');
  const batchSize = optionalCount(flagString(flags, 'batchSize'), '--batch-size', DEFAULT_BATCH_SIZE);
  if (batchSize > MAX_BATCH_SIZE) throw invalidArgument(`--batch-size must be at most ${MAX_BATCH_SIZE} (got ${batchSize})`);
  const maxAttempts = optionalCount(flagString(flags, 'maxAttempts'), '--max-attempts', DEFAULT_MAX_ATTEMPTS);
  if (maxAttempts > 100) throw invalidArgument(`--max-attempts must be at most 100 (got ${maxAttempts})`);
  return {
    url: flagString(flags, 'url') ?? '',
    type: parseType(flagString(flags, 'type')),
    batchSize,
    maxAttempts,
    timeoutMs: optionalSeconds(flagString(flags, 'timeout'), '--timeout', DEFAULT_TIMEOUT_MS, 600),
    follow,
    intervalMs: optionalSeconds(interval, '--interval', DEFAULT_INTERVAL_MS, 3600),
    secretEnv: flagString(flags, 'secretEnv') ?? DEFAULT_SECRET_ENV,
    unsigned: flagSet(flags, 'unsigned'),
  };
}

/**
 * Runs the delivery. Output: a progress line on a terminal (stderr), then a summary on stdout
 * (`--json`: {delivered, batches, attempts, failed, lastSequence}). A batch that fails every
 * attempt is exit 7; an interrupt stops after the batch in flight (exit 0 with --follow,
 * 130 without), a second interrupt abandons it.
 */
export async function deliverCommand(ctx: CliContext, options: DeliverCommandOptions): Promise<void> {
  const url = parseWebhookUrl(options.url);
  const shownUrl = displayUrl(url);
  const key = options.unsigned ? undefined : secretKey(ctx, options.secretEnv);
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    ctx.warn(`warning: ${shownUrl} is not HTTPS: the messages travel unencrypted`);
  }
  const { secretEnv: _secretEnv, unsigned: _unsigned, ...delivery } = options;
  const deliver: DeliverOptions = { ...delivery, url, key };
  const stop = new AbortController();
  const abandon = new AbortController();
  const unsubscribe = ctx.io.onInterrupt?.(() => {
    if (stop.signal.aborted) abandon.abort();
    else stop.abort();
  });
  const progressLine = ctx.io.stderr.isTTY ? new ProgressLine(ctx, shownUrl) : undefined;
  let summary;
  try {
    summary = await deliverOutbox(ctx.shop(), deliver, {
      stop: stop.signal, abandon: abandon.signal, waitScale: waitScale(ctx.io.env[WAIT_SCALE_ENV]),
      onProgress: progressLine && ((p) => progressLine.show(p)),
    });
  } finally {
    progressLine?.end();
    unsubscribe?.();
  }
  const { interrupted, ...counts } = summary;
  if (ctx.json) ctx.printJson(counts);
  else printSummary(ctx, shownUrl, counts, interrupted);
  if (interrupted && !options.follow) {
    throw new ExitWithCode(EXIT.interrupted, 'cancelled; undelivered messages stay pending', 'INTERRUPTED', counts as unknown as Record<string, unknown>);
  }
}

function printSummary(ctx: CliContext, url: string, p: DeliveryProgress, interrupted: boolean): void {
  const c = ctx.color;
  const messages = `${p.delivered} message${p.delivered === 1 ? '' : 's'}`;
  const batches = `${p.batches} batch${p.batches === 1 ? '' : 'es'}`;
  const retries = p.failed === 0 ? '' : `, ${p.failed} failed attempt${p.failed === 1 ? '' : 's'} retried`;
  const through = p.lastSequence ? ` through sequence ${p.lastSequence}` : '';
  if (p.attempts === 0) ctx.out(interrupted ? `Delivered nothing to ${url}.` : `Nothing pending to deliver to ${url}.`);
  else ctx.out(`${c.green('✔')} delivered ${messages} in ${batches} to ${url}${through}, marked delivered${retries}`);
  if (interrupted) ctx.out('Stopped by an interrupt; anything not yet acknowledged stays pending.');
  ctx.out(`Next: ${c.cyan('shopctl outbox status')}`);
}

/** `\r`-rewritten status line on a terminal's stderr. */
class ProgressLine {
  private shown = false;

  constructor(private readonly ctx: CliContext, private readonly url: string) {}

  show(p: DeliveryProgress): void {
    const retries = p.failed === 0 ? '' : `, ${p.failed} retr${p.failed === 1 ? 'y' : 'ies'}`;
    this.ctx.io.stderr.write(`\r\x1b[Kdelivering to ${forTerminal(this.url)}: ${p.batches} batches, ${p.delivered} messages${retries}`);
    this.shown = true;
  }

  end(): void {
    if (this.shown) this.ctx.io.stderr.write('\n');
  }
}

function parseWebhookUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalidArgument('--url is not a URL', 'e.g. --url https://hooks.example.com/shop');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw invalidArgument(`--url must be an http:// or https:// URL (got ${url.protocol}//…)`, 'e.g. --url https://hooks.example.com/shop');
  }
  return url;
}

function secretKey(ctx: CliContext, envName: string): Buffer {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(envName)) throw invalidArgument('--secret-env must name an environment variable (letters, digits, _)');
  const secret = ctx.io.env[envName];
  if (!secret) {
    throw new UsageError(
      `no signing secret: ${envName} is not set`,
      `export ${envName}=whsec_… (the receiver's secret), name another variable with --secret-env, or pass --unsigned`,
    );
  }
  return signingKey(secret, envName);
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\./.test(hostname);
}

function optionalCount(text: string | undefined, flag: string, fallback: number): number {
  return text === undefined ? fallback : parseCountArg(text, flag, 1);
}

/** Seconds, decimals allowed (0.5), at least 0.1 and at most `max`; returned in milliseconds. */
function optionalSeconds(text: string | undefined, flag: string, fallbackMs: number, max: number): number {
  if (text === undefined) return fallbackMs;
  const trimmed = text.trim();
  if (!/^\d+(\.\d+)?$/.test(trimmed)) throw invalidArgument(`${flag} "${text}" is not a number of seconds`, `e.g. ${flag} 5`);
  const seconds = Number(trimmed);
  if (seconds < 0.1 || seconds > max) throw invalidArgument(`${flag} must be between 0.1 and ${max} seconds (got ${trimmed})`);
  return Math.round(seconds * 1000);
}

function waitScale(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const scale = Number(text);
  return Number.isFinite(scale) && scale >= 0 ? scale : undefined;
}
