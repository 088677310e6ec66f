import { Option, type Command } from 'commander';
import type { InventorySnapshot, Lang } from '../../shared/inventory';
import { appVersion } from '../core/version';
import { dataDirOption } from './options';
import { openStoreAt } from './store';

interface InventoryOptions {
  json?: boolean;
  glpi?: boolean;
  text?: boolean;
  save?: boolean;
  host?: string;
  acceptNew?: boolean;
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
    .option('--host <name>', 'inventory a host of the host book over SSH')
    .option('--accept-new', 'with --host: trust the host key if none is pinned yet (a changed key is always refused)')
    .addOption(new Option('--lang <lang>', 'language of the text output').choices(['fr', 'en']))
    .addOption(dataDirOption())
    .action(async (opts: InventoryOptions) => {
      const { AtelierError } = await import('../../shared/contract/errors');
      if (opts.acceptNew && !opts.host) throw new AtelierError('invalid_input', '--accept-new only applies with --host', 'accept-new');
      const controller = new AbortController();
      const onSignal = () => controller.abort();
      process.once('SIGINT', onSignal);
      try {
        const progress = process.stderr.isTTY && !opts.json && !opts.glpi;
        const onProgress = progress ? (done: number, total: number | undefined) => process.stderr.write(`\r${done}/${total ?? '?'}`) : undefined;
        const snapshot = opts.host ? await remote(opts.host, opts, controller.signal, onProgress) : await local(controller.signal, onProgress);
        if (progress) process.stderr.write('\r       \r');
        if (opts.save) {
          const [db, { InventoryStore }] = await Promise.all([openStoreAt(opts.dataDir), import('../core/inventory/store')]);
          try {
            new InventoryStore(db).save(snapshot);
          } finally {
            db.close();
          }
        }
        if (opts.json) process.stdout.write(JSON.stringify(snapshot, null, 2) + '\n');
        else if (opts.glpi) {
          const { toGlpi } = await import('../core/inventory/glpi/export');
          process.stdout.write(JSON.stringify(await toGlpi(snapshot, { agentVersion: appVersion() }), null, 2) + '\n');
        } else {
          const { snapshotToText } = await import('../../shared/inventory');
          const lang = opts.lang ?? (/^fr/i.test(process.env.LC_ALL || process.env.LANG || '') ? 'fr' : 'en');
          process.stdout.write(snapshotToText(snapshot, lang));
          if (opts.save) process.stdout.write(lang === 'fr' ? `Enregistré : ${snapshot.id}\n` : `Saved: ${snapshot.id}\n`);
        }
      } finally {
        process.off('SIGINT', onSignal);
      }
    });
}

type OnProgress = ((done: number, total: number | undefined) => void) | undefined;

async function local(signal: AbortSignal, onProgress: OnProgress): Promise<InventorySnapshot> {
  const { LocalInventoryCollector } = await import('../core/inventory/local');
  return await new LocalInventoryCollector().collect({ signal, onProgress });
}

/** A host of the book over SSH, with the same trust rules as `atelier ssh run`. */
async function remote(
  name: string,
  opts: InventoryOptions,
  signal: AbortSignal,
  onProgress: OnProgress,
): Promise<InventorySnapshot> {
  const [{ AtelierError }, { HostStore }, { collectHost }, { KnownHostsStore, SshError, SshService }] = await Promise.all([
    import('../../shared/contract/errors'),
    import('../core/hosts'),
    import('../core/inventory/remote-host'),
    import('../core/ssh'),
  ]);
  const db = await openStoreAt(opts.dataDir);
  try {
    const hosts = new HostStore(db);
    const host = hosts.get(name);
    const service = new SshService({ hosts, knownHosts: new KnownHostsStore(db) });
    return await collectHost(service, host.name, {
      osFamily: host.osFamily,
      acceptNewHostKeys: opts.acceptNew === true,
      signal,
      ...(onProgress ? { onProgress } : {}),
    });
  } catch (error) {
    if (error instanceof SshError && error.kind === 'host_key_unknown') {
      throw new AtelierError('forbidden', `${error.message.replace(/\s+/g, ' ')} Run again with --accept-new to trust it.`);
    }
    throw error;
  } finally {
    db.close();
  }
}
