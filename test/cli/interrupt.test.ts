// The SIGINT path without a terminal: cleanups run, "cancelled", exit 130, the terminal
// restored; and no handler while a synchronous write runs (the signal's default action
// then ends the process and SQLite rolls back).
import { afterEach, describe, expect, it } from 'vitest';
import { installInterruptHandler, onInterrupt, subscribeGracefully, withDefaultInterrupt } from '../../src/commands/interrupt.js';

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
});
