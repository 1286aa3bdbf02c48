// Keeping a big import's memory flat. Each row leaves one aggregate state that lives until its
// item's next row, long enough for V8 to move it to the old generation, which V8 grows lazily:
// over 1,000,000 rows it reached ~60 MB of such dead states before collecting any (peak RSS
// past the 150 MB limit, README "Performance"). A full collection every GC_EVERY_ROWS rows (~20 ms each
// with a ~25 MB live heap) keeps it near the live size. docs/import.md, "Performance".
import v8 from 'node:v8';
import vm from 'node:vm';

export const GC_EVERY_ROWS = 100_000;

let collect: (() => void) | undefined;

/** A full garbage collection (V8's own `gc`, made reachable once). */
export function collectGarbage(): void {
  if (!collect) {
    v8.setFlagsFromString('--expose-gc');
    collect = vm.runInNewContext('gc') as () => void;
  }
  collect();
}
