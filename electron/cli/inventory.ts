import { join } from 'node:path';
import { Option, type Command } from 'commander';
import { AtelierError } from '../../shared/contract';
import { snapshotToText, type Lang } from '../../shared/inventory';
import { STORE_FILE } from '../core';
import { openDatabase } from '../core/db/open';
import { InventoryStore, LocalInventoryCollector, toGlpi } from '../core/inventory';
import { resolveDataDir } from '../core/paths';
import { appVersion } from '../core/version';
import { dataDirOption } from './options';

interface InventoryOptions {
  json?: boolean;
  glpi?: boolean;
  text?: boolean;
  save?: boolean;
  host?: string;
  lang?: Lang;
  dataDir?: string;
}

/** `atelier inventory`: a snapshot of this machine, as text (default), JSON or GLPI JSON. */
export function registerInventory(program: Command): void {
  program
    .command('inventory')
    .description('inventory this machine (hardware, OS, disks, network) and print it')
    .addOption(new Option('--json', 'print the snapshot as JSON').conflicts(['glpi', 'text']))
    .addOption(new Option('--glpi', 'print the GLPI native inventory JSON (validated against its schema)').conflicts(['json', 'text']))
    .addOption(new Option('--text', 'print readable text (the default)').conflicts(['json', 'glpi']))
    .option('--save', 'also store the snapshot in the data folder')
    .option('--host <name>', 'inventory a remote host over SSH')
    .addOption(new Option('--lang <lang>', 'language of the text output').choices(['fr', 'en']))
    .addOption(dataDirOption())
    .action(async (opts: InventoryOptions) => {
      if (opts.host) {
        throw new AtelierError('unavailable', `remote inventory of "${opts.host}" needs the SSH module, which is not wired into the command line yet`);
      }
      const collector = new LocalInventoryCollector();
      const controller = new AbortController();
      const onSignal = () => controller.abort();
      process.once('SIGINT', onSignal);
      try {
        const progress = process.stderr.isTTY && !opts.json && !opts.glpi;
        const snapshot = await collector.collect({
          signal: controller.signal,
          onProgress: progress ? (done, total) => process.stderr.write(`\r${done}/${total}`) : undefined,
        });
        if (progress) process.stderr.write('\r     \r');
        if (opts.save) {
          const db = openDatabase(join(resolveDataDir(opts.dataDir), STORE_FILE));
          try {
            new InventoryStore(db).save(snapshot);
          } finally {
            db.close();
          }
        }
        if (opts.json) process.stdout.write(JSON.stringify(snapshot, null, 2) + '\n');
        else if (opts.glpi) process.stdout.write(JSON.stringify(toGlpi(snapshot, { agentVersion: appVersion() }), null, 2) + '\n');
        else {
          const lang = opts.lang ?? (/^fr/i.test(process.env.LC_ALL || process.env.LANG || '') ? 'fr' : 'en');
          process.stdout.write(snapshotToText(snapshot, lang));
          if (opts.save) process.stdout.write(lang === 'fr' ? `Enregistré : ${snapshot.id}\n` : `Saved: ${snapshot.id}\n`);
        }
      } finally {
        process.off('SIGINT', onSignal);
      }
    });
}
