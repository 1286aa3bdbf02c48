// Issue 16 items 9 and 11: --password-stdin reads no more than the longest allowed password,
// and an option's value never appears in an error.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { withoutOptionValues } from '../../src/commands/session.js';
import { inProcess, smallShop } from './support.js';

describe('--password-stdin is bounded (item 9)', () => {
  it('stops reading just past the longest allowed password and refuses it (PASSWORD_TOO_WEAK)', async () => {
    const { db } = await smallShop();
    let pulled = 0;
    const chunk = Buffer.alloc(64 * 1024, 'a');
    // 100 MB on offer; only what is pulled is ever made.
    const endless = new Readable({
      read() {
        pulled++;
        this.push(pulled > 1600 ? null : chunk);
      },
    });
    const result = await inProcess(db, ['--json', 'customer', 'register', '--email', 'big@example.com', '--name', 'Big', '--password-stdin'], { stdin: endless });
    expect(result.code).toBe(3);
    expect(JSON.parse(result.stderr).error.code).toBe('PASSWORD_TOO_WEAK');
    expect(pulled).toBeLessThanOrEqual(3);
  });

  it('a password of 128 characters (4-byte ones) plus CRLF is still read whole', async () => {
    const { db } = await smallShop();
    const password = Array.from({ length: 128 }, (_, i) => String.fromCodePoint(0x1f600 + (i % 64) + (i >= 64 ? 0x100 : 0))).join('');
    const result = await inProcess(db, ['--json', 'customer', 'register', '--email', 'emoji@example.com', '--name', 'E', '--password-stdin'], { stdin: `${password}\r\n` });
    expect(result.code, result.stderr).toBe(0);
  });
});

describe('option values never appear in errors (item 11)', () => {
  it('--password-stdin=Canary-Secret and other unknown --flag=value: named without the value, human and JSON', async () => {
    const { db } = await smallShop();
    for (const flag of ['--password-stdin=Canary-Secret', '--token=Canary-Secret']) {
      for (const json of [[], ['--json']]) {
        const argv = [...json, 'category', 'create', 'X', flag];
        const result = await inProcess(db, argv);
        expect(result.code).toBe(2);
        expect(result.stderr).not.toContain('Canary');
        expect(result.stderr).toContain(`unknown option '${flag.split('=')[0]}'`);
      }
    }
    const register = await inProcess(db, ['customer', 'register', '--email', 'a@example.com', '--name', 'A', '--password-stdin=Canary-Secret']);
    expect(register.code).toBe(2);
    expect(register.stderr).not.toContain('Canary');
  });

  it('strips any quoted --flag=value from a message', () => {
    expect(withoutOptionValues(`unknown option '--password=hunter2' (Did you mean --password-stdin?)`))
      .toBe(`unknown option '--password' (Did you mean --password-stdin?)`);
    expect(withoutOptionValues(`unknown option '-x=1'`)).toBe(`unknown option '-x'`);
  });
});
