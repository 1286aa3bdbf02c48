// What `shopctl doctor` reports, and the check both stores share: every stored event parsed and
// shape-checked, each problem named with its position.
import { parseStored, readPayload, UnreadableEventError } from '../domain/upcasting.js';
import type { SqlDatabase } from './sql.js';

export interface DoctorProblem {
  /** integrity | schema | event | file */
  check: 'integrity' | 'schema' | 'event' | 'file';
  /** Where: a schema object ("trigger events_no_update"), an event position ("position 13"), the file. */
  where: string;
  message: string;
  position?: number;
}

export interface DoctorReport {
  /** The file, or the database URL without its password. */
  file: string;
  schemaVersion: number | null;
  objectsChecked: number;
  eventsRead: number;
  problems: DoctorProblem[];
  /** Problems beyond the first MAX_PROBLEMS are counted, not listed. */
  problemsNotListed: number;
}

const MAX_PROBLEMS = 1000;

export function problemAdder(report: DoctorReport): (problem: DoctorProblem) => void {
  return (problem) => {
    if (report.problems.length < MAX_PROBLEMS) report.problems.push(problem);
    else report.problemsNotListed++;
  };
}

export function checkEvents(db: SqlDatabase, report: DoctorReport, add: (p: DoctorProblem) => void): void {
  const rows = db.prepare('SELECT position, type, schemaVersion, data, metadata FROM events ORDER BY position').raw(true)
    .iterate() as IterableIterator<[number, string, number, string, string]>;
  for (const [position, type, schemaVersion, data, metadata] of rows) {
    report.eventsRead++;
    try {
      readPayload(type, schemaVersion, data, position);
      parseStored(metadata, position, type, schemaVersion, 'metadata');
    } catch (error) {
      if (!(error instanceof UnreadableEventError)) throw error;
      add({ check: 'event', where: `position ${position}`, position, message: error.message.replace(/; run `shopctl doctor`$/, '') });
    }
  }
}
