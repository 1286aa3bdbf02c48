// The order test files start in. Vitest starts the files that took longest last time first —
// from its cache, which a fresh clone (CI) does not have: there it starts the biggest files
// first, and a long file started late keeps the run going after every other file is done. The
// files below took 10 s or more in a full run (project, path; longest first): they start first
// everywhere. The rest follow in vitest's own order. Only the order changes, never what runs.
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const LONGEST_FIRST = [
  'sqlite:test/postgres/importReadAhead.test.ts',
  'sqlite:test/postgres/dbCopy.test.ts',
  'sqlite:test/reliability/busy.test.ts',
  'sqlite:test/store/stepwise.test.ts',
  'sqlite:test/reliability/badInput.test.ts',
  'postgres:test/reliability/crashImport.test.ts',
  'sqlite:test/postgres/logGuarantees.test.ts',
  'postgres:test/reliability/races.test.ts',
  'sqlite:test/reliability/concurrency.test.ts',
  'sqlite:test/reliability/races.test.ts',
  'sqlite:test/postgres/serverRestart.test.ts',
  'sqlite:test/reliability/crashImport.test.ts',
];

export default class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (file: TestSpecification) => {
      const at = LONGEST_FIRST.indexOf(`${file.project.name}:${file.moduleId.slice(file.project.config.root.length + 1)}`);
      return at === -1 ? LONGEST_FIRST.length : at;
    };
    // Array.prototype.sort is stable: the files not listed keep vitest's order.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}
