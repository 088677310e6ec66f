import { readFileSync } from 'node:fs';
import { CommanderError, type Command } from 'commander';
import type { PlanDocument } from '../../shared/checks';
import { dataDirOption } from './options';
import { openCoreAt } from './store';

/** Prints a plan file's problems (`file:line:col: field: message`); true when it is valid. */
async function printProblems(file: string): Promise<PlanDocument | null> {
  const { loadPlanFile, formatPlanProblem } = await import('../core/checks');
  const loaded = await loadPlanFile(file);
  if (loaded.ok) return loaded.plan;
  for (const problem of loaded.problems) process.stdout.write(`${formatPlanProblem(problem)}\n`);
  return null;
}

/**
 * `atelier checks validate FILE...` and `atelier checks run [--plan F]`: one round for a systemd timer or
 * cron on a jump box; the exit code is 1 when a check fails or a host cannot be reached.
 */
export function registerChecks(program: Command): void {
  const checks = program.command('checks').description('preventive health checks over the host book');
  checks
    .command('validate')
    .description('validate check plan YAML files: prints file:line:col: field: message per problem')
    .argument('<files...>', 'plan files (.yaml)')
    .action(async (files: string[]) => {
      let invalid = 0;
      for (const file of files) if (!(await printProblems(file))) invalid++;
      if (invalid > 0) {
        process.stderr.write(`${invalid} of ${files.length} plan file(s) invalid\n`);
        throw new CommanderError(1, 'atelier.checks.invalid', `${invalid} invalid plan file(s)`);
      }
      process.stdout.write(`OK: ${files.length} plan file(s) valid\n`);
    });

  checks
    .command('run')
    .description('run one round of the due checks (the enabled plan, else the built-in one); exit 1 when something fails')
    .option('--plan <file>', 'run this plan file (stored as a plan version; refused whole if it has errors)')
    .option('--all', 'run every check, due or not')
    .option('--json', 'one JSON document')
    .addOption(dataDirOption())
    .action(async (opts: { plan?: string; all?: boolean; json?: boolean; dataDir?: string }) => {
      if (opts.plan && !(await printProblems(opts.plan))) {
        process.stderr.write(`${opts.plan}: plan refused, nothing was run\n`);
        throw new CommanderError(1, 'atelier.checks.invalid', 'invalid plan');
      }
      const core = await openCoreAt(opts.dataDir);
      let failed = 0;
      try {
        const plan = opts.plan ? core.checks.plans.put(readFileSync(opts.plan, 'utf8'), opts.plan) : core.checks.plans.current().plan;
        const result = await core.checks.runner.round(plan, { all: opts.all ?? false });
        failed = result.failed;
        if (opts.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        else {
          for (const r of result.readings) process.stdout.write(`${r.host}\t${r.checkId}\t${r.status}\t${r.value ?? '-'}${r.detail ? `\t${r.detail}` : ''}\n`);
          for (const i of result.incidents) process.stdout.write(`incident ${i.change}: ${i.host} ${i.checkId} (ticket ${core.tickets.detail(i.ticketId).ref})\n`);
          process.stdout.write(`${result.readings.length} reading(s), ${failed} failing, plan ${plan.id} v${plan.version}\n`);
        }
      } finally {
        core.close();
      }
      if (failed > 0) throw new CommanderError(1, 'atelier.checks.failed', `${failed} failing`);
    });
}
