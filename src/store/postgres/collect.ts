// Full garbage collections paced by the rows sent to the server. What a bulk import queues for
// write-behind (its runs, their values, the merged statements' parameter arrays) lives for
// thousands of rows: long enough for V8 to move it to the old generation, which it grows lazily,
// to ~100 MB of dead rows between two of its own full collections (peak RSS of a 1,000,000-row
// import, README "Performance"). A collection with the import's ~20 MB live heap costs ~20 ms.
import v8 from 'node:v8';
import vm from 'node:vm';

/** Bound values sent between two collections: about 10,000 event rows. */
export const COLLECT_EVERY_VALUES = 100_000;

let collect: (() => void) | undefined;

/** Counts values sent; collects once `every` more were. */
export class PacedCollection {
  private sinceLast = 0;

  constructor(private readonly every = COLLECT_EVERY_VALUES) {}

  sent(values: number): void {
    this.sinceLast += values;
    if (this.sinceLast < this.every) return;
    this.sinceLast = 0;
    if (!collect) {
      v8.setFlagsFromString('--expose-gc');
      collect = vm.runInNewContext('gc') as () => void;
    }
    collect();
  }
}
