import { Command, CommanderError } from 'commander';
import { AtelierError } from '../../shared/contract';
import { appVersion } from '../core/version';
import { registerServe } from './serve';
import { registerTickets } from './tickets';
import { registerHosts } from './hosts';
import { registerSsh } from './ssh';
import { registerChecklist } from './checklist';
import { registerInventory } from './inventory';
import { registerReport } from './report';

/** `atelier`: the app's command line. Every command takes --data-dir; errors print one line and exit 1. */
export function buildProgram(): Command {
  const program = new Command('atelier')
    .description('Atelier: the maintenance technician\'s workbench')
    .version(appVersion())
    .showHelpAfterError('(add --help for usage)')
    .exitOverride();
  registerServe(program);
  registerTickets(program);
  registerChecklist(program);
  registerHosts(program);
  registerSsh(program);
  registerInventory(program);
  registerReport(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander already printed help, version or its own one-line error.
      return error.exitCode;
    }
    const message = error instanceof AtelierError || error instanceof Error ? error.message : String(error);
    process.stderr.write(`atelier: ${message}\n`);
    return 1;
  }
}

