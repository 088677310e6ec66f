import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { keepEmptyStoreAside } from '../core/db/empty-store';
import { STORE_FILE } from '../core/paths';
import { appVersion } from '../core/version';
import { dataDirOf, reportFailure, START_FRESH_FLAG } from './failure';
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
    .option(START_FRESH_FLAG, 'if atelier.db is empty (0 bytes): keep it aside as atelier.db.empty-<time> and start a new store')
    .configureHelp({ showGlobalOptions: true })
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

/** Runs one command; never throws and never exits: the caller ends the process with the code returned. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  let running: Command | undefined;
  program.hook('preAction', (_program, action) => {
    running = action;
    if (program.opts<{ startFresh?: boolean }>().startFresh) startFresh(dataDirOf(action));
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander already printed help, version or its own one-line error.
      return error.exitCode;
    }
    return reportFailure(error, running);
  }
}

function startFresh(dataDir: string): void {
  const aside = keepEmptyStoreAside(join(dataDir, STORE_FILE));
  if (aside) process.stderr.write(`atelier: ${join(dataDir, STORE_FILE)} was empty (0 bytes); kept aside as ${aside}. Starting a new store.\n`);
}

