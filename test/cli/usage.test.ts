// A command line without its verb is a usage error (exit 2), never a silent success.
import { describe, expect, it } from 'vitest';
import { run } from '../helpers/shop.js';

describe('missing command', () => {
  it('`shopctl` alone shows the help on stderr and exits 2', async () => {
    const result = await run([]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('All commands:');
    expect(result.stderr.trimEnd().split('\n').at(-1)).toMatch(/^error: missing command/);
  });

  it('`shopctl inventory` names the group; with --json stderr is one JSON error', async () => {
    const human = await run(['--db', 'unused.db', 'inventory']);
    expect(human.code).toBe(2);
    expect(human.stderr).toContain('restock');
    expect(human.stderr).toContain("error: missing command after 'shopctl inventory'");
    const json = await run(['--json', 'order']);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stderr).error.code).toBe('USAGE');
  });

  it('`shopctl help product` and `--help` still succeed on stdout', async () => {
    for (const args of [['help', 'product'], ['product', '--help']]) {
      const result = await run(args);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('update-price');
    }
  });
});
