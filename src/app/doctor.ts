// `shopctl doctor`: is this database sound? Reads only; never opens it for writing.
import { diagnoseDatabase, type DoctorReport } from '../store/index.js';

export type { DoctorReport, DoctorProblem } from '../store/index.js';

export function checkShopDatabase(dbPath: string): DoctorReport {
  return diagnoseDatabase(dbPath);
}
