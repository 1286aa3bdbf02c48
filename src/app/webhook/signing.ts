// Standard Webhooks signing (https://www.standardwebhooks.com): the secret, the batch's
// webhook-id and the v1 signature over `id.timestamp.body`. docs/outbox.md shows how a
// receiver verifies it.
import { createHash, createHmac } from 'node:crypto';
import { invalidArgument } from '../errors.js';

export const DEFAULT_SECRET_ENV = 'SHOPCTL_WEBHOOK_SECRET';
const WHSEC = 'whsec_';

/**
 * The signing key from the secret's text: `whsec_<base64>` is the base64-decoded bytes (as
 * Standard Webhooks libraries issue them), any other string its UTF-8 bytes. Error messages
 * name the variable, never the value.
 */
export function signingKey(secret: string, envName: string): Buffer {
  if (!secret.startsWith(WHSEC)) return Buffer.from(secret, 'utf8');
  const encoded = secret.slice(WHSEC.length);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || encoded.replace(/=+$/, '').length % 4 === 1) {
    throw invalidArgument(`${envName} starts with whsec_ but the rest is not base64`, 'a whsec_ secret is "whsec_" followed by the base64 of the key bytes');
  }
  const key = Buffer.from(encoded, 'base64');
  if (key.length === 0) throw invalidArgument(`${envName} holds an empty whsec_ secret`);
  return key;
}

/**
 * The batch's webhook-id: derived from its messages' ids, so every retry of the same batch (in
 * this run or the next) carries the same id and a receiver can drop the repeat.
 */
export function webhookId(messageIds: readonly string[]): string {
  return `msg_${createHash('sha256').update(messageIds.join('\n')).digest('base64url').slice(0, 32)}`;
}

/** `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`. */
export function webhookSignature(key: Buffer, id: string, timestamp: number, body: Buffer): string {
  const mac = createHmac('sha256', key).update(`${id}.${timestamp}.`).update(body).digest('base64');
  return `v1,${mac}`;
}
