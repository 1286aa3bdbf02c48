// shopctl doctor: check a database for damage or tampering (docs/reliability.md).
import type { Command } from 'commander';
import { checkShopDatabase } from '../app/doctor.js';
import { action, examples } from './action.js';
import type { CliContext } from './context.js';
import { EXIT, ExitWithCode } from './errors.js';
import type { CliIO } from './io.js';

export function registerDoctorCommand(program: Command, io: CliIO): void {
  examples(
    program.command('doctor').description('check the database: integrity, every schema object, every stored event (exit 3 on any problem)'),
    ['shopctl doctor', 'shopctl --json doctor --db shop.db'],
  ).action(action(io, () => ({}), doctor));
}

export type DoctorOptions = Record<string, never>;

export function doctor(ctx: CliContext, _options: DoctorOptions = {}): void {
  const report = checkShopDatabase(ctx.dbPath);
  const problems = report.problems.length + report.problemsNotListed;
  if (ctx.json) {
    ctx.printJson({ ok: problems === 0, ...report });
  } else {
    for (const p of report.problems) ctx.out(`${ctx.color.red('✖')} ${p.check} — ${p.where}: ${p.message}`);
    if (report.problemsNotListed > 0) ctx.out(`… and ${report.problemsNotListed} more`);
    const summary = `${report.file}: schema version ${report.schemaVersion ?? '?'}, ${report.objectsChecked} schema objects checked, ${report.eventsRead.toLocaleString('en-US')} events read`;
    ctx.out(problems === 0 ? `${ctx.color.green('✔')} ${summary}; no problem found` : `${summary}; ${problems} problem(s)`);
  }
  if (problems > 0) {
    throw new ExitWithCode(EXIT.rule, `${problems} problem(s) found in ${report.file}`, 'DATABASE_DAMAGED', { problems });
  }
}
