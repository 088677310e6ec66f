import { readFileSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import type { Host, HostInput } from '../../shared/contract/ssh';
import { LEGACY_ALGORITHM_NAMES } from '../../shared/ssh/legacy-algorithms';
import type { Database } from '../core/db/open';
import type { HostStore } from '../core/hosts';
import { dataDirOption, parsePort } from './options';
import { openStoreAt } from './store';

export async function openHostStore(dataDir: string | undefined): Promise<{ db: Database; hosts: HostStore }> {
  const [db, { HostStore }] = await Promise.all([openStoreAt(dataDir), import('../core/hosts')]);
  return { db, hosts: new HostStore(db) };
}

function describe(host: Host): string {
  const auth = host.auth.method === 'key' ? `key ${[host.auth.keyFile, ...(host.auth.moreKeyFiles ?? [])].join(', ')}` : host.auth.method;
  const via = host.jumpHost ? ` via ${host.jumpHost}` : '';
  const legacy = host.legacyAlgorithms ? `\tlegacy crypto: ${host.legacyAlgorithms.join(',')}` : '';
  const site = host.site ? `\tsite: ${host.site}` : '';
  return `${host.name}\t${host.user}@${host.address}:${host.port}\t${auth}${via}${legacy}${site}`;
}

interface AddOptions {
  address: string;
  port?: number;
  user?: string;
  key?: string;
  auth?: 'agent' | 'key' | 'password' | 'keyboard-interactive';
  jump?: string;
  legacy?: string;
  os?: string;
  tag?: string[];
  client?: string;
  site?: string;
  notes?: string;
  dataDir?: string;
}

/** `atelier hosts ...`: the host book from the command line (same store as the app). */
export function registerHosts(program: Command): void {
  const hosts = program.command('hosts').description('the host book: machines you connect to over SSH');

  hosts
    .command('add <name>')
    .description('add a host')
    .requiredOption('--address <address>', 'DNS name or IP address')
    .option('--port <n>', 'SSH port (default 22)', parsePort)
    .option('--user <user>', 'login name (default: your local user name)')
    .option('--key <file>', 'private key file (sets --auth key)')
    .addOption(new Option('--auth <method>', 'how to log in (default: key with --key, else agent)').choices(['agent', 'key', 'password', 'keyboard-interactive']))
    .option('--jump <name>', 'jump host (another host of the book)')
    .option('--legacy <names>', `legacy algorithms allowed for this host only, comma-separated (old gear): ${LEGACY_ALGORITHM_NAMES.join(', ')}`)
    .option('--os <family>', 'linux, windows, macos, bsd, other')
    .option('--tag <tag...>', 'tags')
    .option('--client <client>', 'client (company) the machine belongs to')
    .option('--site <site>', 'site where the machine stands (building, agency, office)')
    .option('--notes <text>', 'notes')
    .addOption(dataDirOption())
    .action(async (name: string, opts: AddOptions) => {
      const { db, hosts: store } = await openHostStore(opts.dataDir);
      try {
        const method = opts.auth ?? (opts.key ? 'key' : 'agent');
        if (method === 'key' && !opts.key) throw new Error('--auth key needs --key FILE');
        const input: HostInput = {
          name,
          address: opts.address,
          port: opts.port ?? 22,
          user: opts.user ?? userInfo().username,
          auth: method === 'key' ? { method, keyFile: resolve(opts.key!), hasPassphrase: false } : { method },
          ...(opts.jump ? { jumpHost: opts.jump } : {}),
          ...(opts.legacy ? { legacyAlgorithms: opts.legacy.split(',').map((n) => n.trim()).filter(Boolean) as never } : {}),
          ...(opts.os ? { osFamily: opts.os as never } : {}),
          ...(opts.tag ? { tags: opts.tag } : {}),
          ...(opts.client ? { client: opts.client } : {}),
          ...(opts.site ? { site: opts.site } : {}),
          ...(opts.notes ? { notes: opts.notes } : {}),
        };
        const host = store.add(input);
        process.stdout.write(`Added ${describe(host)}\n`);
      } finally {
        db.close();
      }
    });

  hosts
    .command('list')
    .description('list the hosts')
    .option('--json', 'print JSON')
    .addOption(dataDirOption())
    .action(async (opts: { json?: boolean; dataDir?: string }) => {
      const { db, hosts: store } = await openHostStore(opts.dataDir);
      try {
        const all = store.list();
        if (opts.json) process.stdout.write(`${JSON.stringify(all, null, 2)}\n`);
        else if (all.length === 0) process.stdout.write('No hosts yet. Add one with: atelier hosts add NAME --address A\n');
        else process.stdout.write(`${all.map(describe).join('\n')}\n`);
      } finally {
        db.close();
      }
    });

  hosts
    .command('remove <name>')
    .description('remove a host')
    .addOption(dataDirOption())
    .action(async (name: string, opts: { dataDir?: string }) => {
      const { db, hosts: store } = await openHostStore(opts.dataDir);
      try {
        store.remove(name);
        process.stdout.write(`Removed ${name}\n`);
      } finally {
        db.close();
      }
    });

  hosts
    .command('import-config [file]')
    .description('import hosts from an OpenSSH client config (default ~/.ssh/config); shows a preview unless --yes')
    .option('--yes', 'add the previewed hosts')
    .addOption(dataDirOption())
    .action(async (file: string | undefined, opts: { yes?: boolean; dataDir?: string }) => {
      const path = file ?? join(homedir(), '.ssh', 'config');
      const text = readFileSync(path, 'utf8');
      const { db, hosts: store } = await openHostStore(opts.dataDir);
      const { importConfig, previewConfigImport } = await import('../core/hosts');
      try {
        const preview = await previewConfigImport(text, { existing: (n) => store.find(n), home: homedir(), localUser: userInfo().username });
        for (const host of preview.toAdd) process.stdout.write(`+ ${host.name}\t${host.user}@${host.address}:${host.port}${host.jumpHost ? ` via ${host.jumpHost}` : ''}\n`);
        for (const skip of preview.skipped) process.stdout.write(`- ${skip.name}: ${skip.reason}\n`);
        for (const warning of preview.warnings) process.stderr.write(`warning: ${warning}\n`);
        if (!opts.yes) {
          process.stdout.write(`${preview.toAdd.length} host(s) would be added. Run again with --yes to add them.\n`);
          return;
        }
        const added = importConfig(db, store, preview);
        process.stdout.write(`Added ${added.length} host(s).\n`);
      } finally {
        db.close();
      }
    });
}
