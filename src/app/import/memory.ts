// Keeping a big import's memory flat. Each row leaves one aggregate state that lives until its
// item's next row, long enough for V8 to move it to the old generation, which V8 grows lazily:
// over 1,000,000 rows it reached ~60 MB of such dead states before collecting any (peak RSS
// past the 150 MB limit, README "Performance"). A full collection every GC_EVERY_ROWS rows (~20 ms each
// with a ~25 MB live heap) keeps it near the live size. docs/import.md, "Performance".
import v8 from 'node:v8';
import vm from 'node:vm';

export const GC_EVERY_ROWS = 100_000;

/**
 * Runs `work` with V8 favouring memory over speed (--optimize-for-size, set at run time): its
 * young generation stops growing to its full 3 × 16 MB while rows stream through it. Measured
 * on a 200,000-row import: peak RSS 155 → 132 MB on PostgreSQL (the worker thread adds its own
 * heap), 140 → 131 MB on SQLite, the wall time within the run-to-run noise. Given back after,
 * also on failure: an in-process caller (tests, fixtures) keeps its own settings.
 */
export async function withLeanHeap<T>(work: () => Promise<T>): Promise<T> {
  if (v8FlagOn('optimize-for-size')) return work();
  v8.setFlagsFromString('--optimize-for-size');
  try {
    return await work();
  } finally {
    v8.setFlagsFromString('--no-optimize-for-size');
  }
}

function v8FlagOn(name: string): boolean {
  return process.execArgv.some((arg) => arg === `--${name}` || arg === `--${name.replaceAll('-', '_')}`);
}

let collect: (() => void) | undefined;

/** A full garbage collection (V8's own `gc`, made reachable once). */
export function collectGarbage(): void {
  if (!collect) {
    v8.setFlagsFromString('--expose-gc');
    collect = vm.runInNewContext('gc') as () => void;
  }
  collect();
}
