import { CommanderError, type Command } from 'commander';

/** `atelier checklist validate FILE...`: one line per problem, non-zero exit when any file is invalid (for teams' CI). */
export function registerChecklist(program: Command): void {
  const checklist = program.command('checklist').description('checklist documents (guided diagnosis)');
  checklist
    .command('validate')
    .description('validate checklist YAML files: prints file:step:field: message per problem')
    .argument('<files...>', 'checklist files (.yaml)')
    .action(async (files: string[]) => {
      const [{ formatProblem }, { validateFiles }] = await Promise.all([import('../../shared/checklists'), import('../core/checklists')]);
      const results = await validateFiles(files);
      let invalid = 0;
      let problems = 0;
      for (const { result } of results) {
        if (result.ok) continue;
        invalid++;
        problems += result.problems.length;
        for (const problem of result.problems) process.stdout.write(`${formatProblem(problem)}\n`);
      }
      if (invalid > 0) {
        process.stderr.write(`${invalid} of ${files.length} file(s) invalid, ${problems} problem(s)\n`);
        throw new CommanderError(1, 'atelier.checklist.invalid', `${invalid} invalid file(s)`);
      }
      process.stdout.write(`OK: ${files.length} checklist file(s) valid\n`);
    });
}
