// The floors of src/ (README "How it is built"), checked on the import graph itself: no cycle,
// arrows only downward, SQLite only behind the store's door.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(__dirname, '../../src');

/** Every .ts file under src with the files and packages it imports (static, re-exports, literal import()). */
function importGraph(root: string): Map<string, { local: string[]; packages: string[] }> {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) files.push(full);
    }
  };
  walk(root);
  const pattern = /(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^import\s+['"]([^'"]+)['"]/gm;
  const graph = new Map<string, { local: string[]; packages: string[] }>();
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    const local: string[] = [];
    const packages: string[] = [];
    for (const match of text.matchAll(pattern)) {
      const spec = match[1] ?? match[2] ?? match[3];
      if (!spec.startsWith('.')) {
        packages.push(spec);
        continue;
      }
      let target = path.normalize(path.join(path.dirname(file), spec)).replace(/\.js$/, '.ts');
      if (!target.endsWith('.ts')) target = fs.existsSync(`${target}.ts`) ? `${target}.ts` : path.join(target, 'index.ts');
      local.push(target);
    }
    graph.set(path.relative(root, file), { local: [...new Set(local)].map((f) => path.relative(root, f)), packages });
  }
  return graph;
}

function cyclesIn(graph: Map<string, { local: string[] }>): string[] {
  const cycles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const visit = (node: string, trail: string[]) => {
    state.set(node, 'open');
    for (const next of graph.get(node)?.local ?? []) {
      if (state.get(next) === 'open') cycles.push([...trail.slice(trail.indexOf(next)), node, next].join(' -> '));
      else if (!state.has(next) && graph.has(next)) visit(next, [...trail, node]);
    }
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node, []);
  return cycles;
}

const floorOf = (file: string) => file.split(path.sep)[0];

describe('architecture', () => {
  const graph = importGraph(SRC);

  it('finds the files and their imports', () => {
    expect(graph.get('main.ts')?.local).toContain(path.join('commands', 'program.ts'));
    expect(graph.size).toBeGreaterThan(50);
  });

  it('has no import cycle', () => {
    expect(cyclesIn(graph)).toEqual([]);
  });

  it('sees a cycle when there is one (the check itself works)', () => {
    const looped = new Map([
      ['a.ts', { local: ['b.ts'] }], ['b.ts', { local: ['c.ts'] }], ['c.ts', { local: ['a.ts'] }],
    ]);
    expect(cyclesIn(looped)).toEqual(['a.ts -> b.ts -> c.ts -> a.ts']);
  });

  it('arrows point only downward: commands → app → domain, store behind its door', () => {
    const allowed: Record<string, string[]> = {
      'main.ts': ['commands', 'app'],
      commands: ['commands', 'app', 'domain'],
      app: ['app', 'domain', 'store'],
      store: ['store', 'domain'],
      domain: ['domain'],
    };
    const wrong: string[] = [];
    for (const [file, { local }] of graph) {
      for (const target of local) {
        if (!allowed[floorOf(file)].includes(floorOf(target))) wrong.push(`${file} -> ${target}`);
        // Only the door: nothing outside src/store reaches into the store's own files.
        if (floorOf(target) === 'store' && floorOf(file) !== 'store' && target !== path.join('store', 'index.ts')) wrong.push(`${file} -> ${target} (not the door)`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('no stored encoding and no database handle outside the store', () => {
    const wrong: string[] = [];
    for (const file of graph.keys()) {
      if (floorOf(file) === 'store') continue;
      const text = fs.readFileSync(path.join(SRC, file), 'utf8');
      // The store returns parsed views: use cases parse no stored column (the domain's upcasters
      // lift stored payloads the store hands them; commands parse files and command output).
      if (floorOf(file) === 'app' && /JSON\.parse\(/.test(text)) wrong.push(`${file} parses JSON`);
      if (/\.active === [01]\b/.test(text)) wrong.push(`${file} reads a 0/1 column`);
      if (/\b(store|uow)\.(db|readModels)\b/.test(text)) wrong.push(`${file} reaches behind the store's door`);
    }
    expect(wrong).toEqual([]);
  });

  it('only the store uses SQLite, and the domain does no I/O', () => {
    const wrong: string[] = [];
    for (const [file, { packages }] of graph) {
      if (packages.includes('better-sqlite3') && floorOf(file) !== 'store') wrong.push(`${file} uses better-sqlite3`);
      if (floorOf(file) === 'domain' && packages.length > 0) wrong.push(`${file} imports ${packages.join(', ')}`);
    }
    expect(wrong).toEqual([]);
  });
});
