import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { appVersion } from '../core/version';
import { START_FRESH_FLAG } from './options';
import { registerServe } from './serve';
import { registerTickets } from './tickets';
import { registerHosts } from './hosts';
import { registerSsh } from './ssh';
import { registerChecklist } from './checklist';
import { registerInventory } from './inventory';
import { registerReport } from './report';
import { registerChecks } from './checks';
import { registerChanges } from './changes';

/**
 * `atelier`: the app's command line. Every command takes --data-dir; errors print one line and exit 1.
 * Only the commands' declarations load here: each action imports what it uses (the store, SSH, the
 * inventory...) when it runs, so `--version` and `--help` load none of it (measured in docs/performance.md).
 */
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
  registerChecks(program);
  registerChanges(program);
  return program;
}

/** Runs one command; never throws and never exits: the caller ends the process with the code returned. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  let running: Command | undefined;
  program.hook('preAction', async (_program, action) => {
    running = action;
    if (program.opts<{ startFresh?: boolean }>().startFresh) await startFresh(action);
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander already printed help, version or its own one-line error.
      return error.exitCode;
    }
    const { reportFailure } = await import('./failure');
    return reportFailure(error, running);
  }
}

async function startFresh(action: Command): Promise<void> {
  const [{ keepEmptyStoreAside }, { STORE_FILE }, { dataDirOf }] = await Promise.all([import('../core/db/empty-store'), import('../core/paths'), import('./failure')]);
  const dataDir = dataDirOf(action);
  const aside = keepEmptyStoreAside(join(dataDir, STORE_FILE));
  if (aside) process.stderr.write(`atelier: ${join(dataDir, STORE_FILE)} was empty (0 bytes); kept aside as ${aside}. Starting a new store.\n`);
}

