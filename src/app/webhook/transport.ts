// One HTTP(S) POST of a webhook batch with Node's own http/https: a hard deadline for the
// whole exchange (connect, send, answer, body), and every way it can fail reduced to one
// outcome. The answer's body is read (and dropped) so a reset mid-body counts as a failure.
import http from 'node:http';
import https from 'node:https';

export type PostOutcome =
  | { kind: 'answered'; status: number; retryAfter?: string }
  | { kind: 'failed'; reason: string };

export interface PostRequest {
  url: URL;
  headers: Record<string, string>;
  body: Buffer;
  timeoutMs: number;
  /** Aborting abandons the request (the batch stays pending). */
  abandon?: AbortSignal;
}

/** Sends one POST and settles with its outcome; never rejects. */
export function postBatch(request: PostRequest): Promise<PostOutcome> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: PostOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      request.abandon?.removeEventListener('abort', onAbandon);
      resolve(outcome);
    };
    const send = request.url.protocol === 'https:' ? https.request : http.request;
    const req = send(request.url, {
      method: 'POST',
      headers: { ...request.headers, 'content-length': String(request.body.length) },
      agent: false, // one connection per attempt: nothing lingers to keep the process alive
    });
    const fail = (reason: string) => {
      settle({ kind: 'failed', reason });
      req.destroy();
    };
    const deadline = setTimeout(() => fail(`no answer within ${formatSeconds(request.timeoutMs)}`), request.timeoutMs);
    const onAbandon = () => fail('abandoned (interrupted)');
    request.abandon?.addEventListener('abort', onAbandon, { once: true });
    if (request.abandon?.aborted) onAbandon();

    req.on('error', (error) => fail(describeNetworkError(error)));
    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      const retryAfter = headerText(res.headers['retry-after']);
      res.on('data', () => undefined);
      res.on('error', (error) => fail(`HTTP ${status}, then ${describeNetworkError(error)}`));
      res.on('aborted', () => fail(`HTTP ${status}, then the connection closed mid-answer`));
      res.on('end', () => {
        if (res.complete) settle({ kind: 'answered', status, ...(retryAfter === undefined ? {} : { retryAfter }) });
        else fail(`HTTP ${status}, then the connection closed mid-answer`);
      });
    });
    req.end(request.body);
  });
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** A reason a person can act on; never the request itself (it may carry credentials). */
export function describeNetworkError(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  switch (code) {
    case 'ECONNREFUSED': return 'connection refused (is the receiver running?)';
    case 'ECONNRESET': return 'the connection was reset mid-request';
    case 'EPIPE': return 'the connection closed mid-request';
    case 'ENOTFOUND':
    case 'EAI_AGAIN': return `the host name could not be resolved (${code})`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH': return `the host is unreachable (${code})`;
    case 'ETIMEDOUT': return 'the connection timed out';
    default:
      if (code.startsWith('ERR_TLS') || code.includes('CERT') || code.startsWith('ERR_SSL') || /certificate|ssl|tls/i.test(error.message)) {
        return `TLS error (${code || error.message})`;
      }
      if (error.message === 'socket hang up') return 'the connection closed mid-request';
      return code ? `network error (${code})` : `network error (${error.message})`;
  }
}

export function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}
