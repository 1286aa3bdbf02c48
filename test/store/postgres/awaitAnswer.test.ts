// The synchronous wait for the worker's answer (bridge.ts awaitAnswer). A notify may arrive
// after its answer was already taken — the worker stores the flag, the main thread sees it
// without sleeping, answers, sends the next request, and only then does the worker's notify
// run. That late wake-up must not be taken for the next answer: it was once reported as "the
// PostgreSQL connection's worker stopped unexpectedly" in the middle of an import.
import { MessageChannel, Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { awaitAnswer } from '../../../src/store/postgres/bridge.js';

// A stand-in for the worker: notifies without storing (the late notify), waits until the main
// thread is asleep again, then posts the real answer, stores 1 and notifies.
const LATE_NOTIFY = `
const { workerData } = require('node:worker_threads');
const flag = new Int32Array(workerData.signal);
const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
while (Atomics.notify(flag, 0) === 0) sleep(1);
sleep(100);
workerData.port.postMessage({ answer: 42 });
Atomics.store(flag, 0, 1);
Atomics.notify(flag, 0);
`;

function standIn(script: string): { flag: Int32Array; port: MessageChannel['port1']; worker: Worker } {
  const signal = new SharedArrayBuffer(8);
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(script, { eval: true, workerData: { signal, port: port2 }, transferList: [port2] });
  return { flag: new Int32Array(signal), port: port1, worker };
}

describe('awaitAnswer', () => {
  it('sleeps through a late notify and returns the answer that follows', async () => {
    const { flag, port, worker } = standIn(LATE_NOTIFY);
    try {
      expect(awaitAnswer(flag, port, 10_000)).toEqual({ message: { answer: 42 } });
    } finally {
      await worker.terminate();
      port.close();
    }
  });

  it('says gone when the worker exits without answering', async () => {
    const { flag, port, worker } = standIn(`
      const { workerData } = require('node:worker_threads');
      const flag = new Int32Array(workerData.signal);
      Atomics.store(flag, 0, 2);
      Atomics.notify(flag, 0);
    `);
    try {
      expect(awaitAnswer(flag, port, 10_000)).toBe('gone');
    } finally {
      await worker.terminate();
      port.close();
    }
  });

  it('times out when nothing answers before the deadline', () => {
    const { port1, port2 } = new MessageChannel();
    expect(awaitAnswer(new Int32Array(new SharedArrayBuffer(8)), port1, 50)).toBe('timed-out');
    port1.close();
    port2.close();
  });
});
