// The SIGINT path without a terminal: cleanups run, "cancelled", exit 130, the terminal
// restored; and no handler while a synchronous write runs (the signal's default action
// then ends the process and SQLite rolls back).
import { afterEach, describe, expect, it } from 'vitest';
import {
  installInterruptHandler, Interrupted, onInterrupt, subscribeGracefully, withDefaultInterrupt, withInterruptCheckpoints,
} from '../../src/commands/interrupt.js';

let uninstall: (() => void) | undefined;
afterEach(() => uninstall?.());

function fakeProcess() {
  let stderr = '';
  const calls: string[] = [];
  const io = {
    stderr: { isTTY: true, write: (t: string) => ((stderr += t), true) },
    stdin: { isTTY: true, isRaw: true, setRawMode: (mode: boolean) => calls.push(`raw:${mode}`) },
    exit: ((code: number) => { calls.push(`exit:${code}`); }) as (code: number) => never,
  };
  return { io, calls, stderr: () => stderr };
}

describe('Ctrl-C (SIGINT)', () => {
  it('runs the cleanups, restores the terminal, says "cancelled" and exits 130', () => {
    const p = fakeProcess();
    uninstall = installInterruptHandler(p.io);
    const removed: string[] = [];
    const forget = onInterrupt(() => removed.push('temp file'));
    const forgotten = onInterrupt(() => removed.push('never'));
    forgotten();
    process.emit('SIGINT', 'SIGINT');
    forget();
    expect(removed).toEqual(['temp file']);
    expect(p.calls).toEqual(['raw:false', 'exit:130']);
    expect(p.stderr()).toContain('cancelled');
    expect(p.stderr()).toContain('\u001b[?25h'); // the cursor shown again
  });

  it('no handler is installed while a synchronous write runs, and it is back afterwards', () => {
    const before = process.listenerCount('SIGINT');
    uninstall = installInterruptHandler(fakeProcess().io);
    expect(process.listenerCount('SIGINT')).toBe(before + 1);
    const during = withDefaultInterrupt(() => process.listenerCount('SIGINT'));
    expect(during).toBe(before);
    expect(process.listenerCount('SIGINT')).toBe(before + 1);
    expect(() => withDefaultInterrupt(() => { throw new Error('rolled back'); })).toThrow('rolled back');
    expect(process.listenerCount('SIGINT')).toBe(before + 1);
  });

  it('steps aside while a command stops gracefully on its own (outbox deliver --follow)', () => {
    const p = fakeProcess();
    uninstall = installInterruptHandler(p.io);
    const heard: string[] = [];
    const unsubscribe = subscribeGracefully(() => {
      const listener = () => heard.push('deliver stops after its batch');
      process.on('SIGINT', listener);
      return () => process.off('SIGINT', listener);
    });
    process.emit('SIGINT', 'SIGINT');
    unsubscribe();
    unsubscribe(); // twice is harmless
    expect(heard).toEqual(['deliver stops after its batch']);
    expect(p.calls).toEqual([]);
    process.emit('SIGINT', 'SIGINT');
    expect(p.calls).toEqual(['raw:false', 'exit:130']);
  });

  it('during a long write, SIGINT is noted and the next checkpoint throws Interrupted (no exit from the handler)', async () => {
    const p = fakeProcess();
    uninstall = installInterruptHandler(p.io);
    const seen: string[] = [];
    await expect(withInterruptCheckpoints(async (steps) => {
      await steps.checkpoint();
      seen.push('first batch');
      process.emit('SIGINT', 'SIGINT');
      await steps.checkpoint();
      seen.push('never');
    })).rejects.toBeInstanceOf(Interrupted);
    expect(seen).toEqual(['first batch']);
    expect(p.calls).toEqual([]); // the handler left the ending to the write (rollback, then "cancelled")
    // Afterwards an interrupt ends the run as usual.
    process.emit('SIGINT', 'SIGINT');
    expect(p.calls).toEqual(['raw:false', 'exit:130']);
  });

  it('a long write ends without a handler from closing() (the commit), and has it back afterwards', async () => {
    const before = process.listenerCount('SIGINT');
    const p = fakeProcess();
    uninstall = installInterruptHandler(p.io);
    const counts = await withInterruptCheckpoints(async (steps) => {
      await steps.checkpoint();
      const working = process.listenerCount('SIGINT');
      await steps.closing();
      return { working, committing: process.listenerCount('SIGINT') };
    });
    expect(counts).toEqual({ working: before + 1, committing: before });
    expect(process.listenerCount('SIGINT')).toBe(before + 1);
    // A failure of the write that was interrupted too is reported as the interrupt.
    await expect(withInterruptCheckpoints(async () => {
      process.emit('SIGINT', 'SIGINT');
      throw new Error('a row failed');
    })).rejects.toBeInstanceOf(Interrupted);
    expect(p.calls).toEqual([]);
  });
});
