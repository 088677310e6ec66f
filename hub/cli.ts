/**
 * `atelier-hub <command>` (built: dist/hub.js; from the sources: `npm run hub -- <command>`): serve the hub,
 * bring its schema up to date, and the admin commands that manage users and tokens.
 * Every command takes --database-url URL (PostgreSQL) or --data-dir DIR (embedded PGlite, the default).
 * The database URL may also come from ATELIER_HUB_DATABASE_URL (keeps the password out of `ps`).
 */
import { Command, InvalidArgumentError } from 'commander';
import type { HubDatabase } from './db/sql';
import { migrateHub } from './db/migrate';
import { openHubDatabase } from './open';
import { buildHub } from './server';
import { DEFAULT_BLOB_LIMITS } from './store/blobs';
import { collectBlobs, DEFAULT_BLOB_GRACE_MS } from './store/blob-collector';
import { Accounts, type Level, type Role } from './store/accounts';
import { HubQuarantine } from './store/quarantine';

const program = new Command('atelier-hub').description('Atelier team hub: sync server over PostgreSQL (or embedded PGlite)');

function storeOptions(command: Command): Command {
  return command
    .option('--database-url <url>', 'PostgreSQL server, e.g. postgres://hub@db:5432/atelier (default: embedded PGlite)')
    .option('--data-dir <dir>', 'folder of the embedded database when no --database-url is given');
}

interface StoreOptions {
  databaseUrl?: string;
  dataDir?: string;
}

async function withDb<T>(options: StoreOptions, work: (db: HubDatabase) => Promise<T>, migrate = true): Promise<T> {
  const db = await openHubDatabase({ databaseUrl: options.databaseUrl ?? process.env.ATELIER_HUB_DATABASE_URL, dataDir: options.dataDir, migrate });
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

const port = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('a port is 0-65535');
  return n;
};

const MIB = 1024 * 1024;
const HOUR = 60 * 60 * 1000;
const positive = (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`a positive number (got "${value}")`);
  return n;
};

storeOptions(program.command('serve').description('run the hub'))
  .option('--port <n>', 'port to listen on', port, 8470)
  .option('--host <addr>', 'address to listen on (a TLS reverse proxy in front: docs/sync.md)', '127.0.0.1')
  .option('--trust-proxy <addrs>', 'comma-separated addresses of reverse proxies whose X-Forwarded-* headers are believed')
  .option('--insecure-http', 'accept tokens over plain HTTP from any address (closed LAN trials only)')
  .option('--no-migrate', 'do not update the schema at start (run "atelier-hub migrate" as a release step; /readyz answers 503 until then)')
  .option('--max-blob-mb <n>', 'largest file (attachment, snapshot) the hub takes, in MiB', positive, DEFAULT_BLOB_LIMITS.maxFileBytes / MIB)
  .option('--max-team-blob-gb <n>', 'files a team may keep on the hub in all, in GiB', positive, DEFAULT_BLOB_LIMITS.maxTeamBytes / MIB / 1024)
  .option('--blob-grace-hours <n>', 'how long a file no ticket names any more is kept before it is deleted', positive, DEFAULT_BLOB_GRACE_MS / HOUR)
  .action(async (options: StoreOptions & { port: number; host: string; trustProxy?: string; insecureHttp?: boolean; migrate: boolean; maxBlobMb: number; maxTeamBlobGb: number; blobGraceHours: number }) => {
    const db = await openHubDatabase({ databaseUrl: options.databaseUrl ?? process.env.ATELIER_HUB_DATABASE_URL, dataDir: options.dataDir, migrate: options.migrate });
    const app = buildHub({
      db,
      logger: true,
      requireHttps: !options.insecureHttp,
      blobLimits: { maxFileBytes: Math.round(options.maxBlobMb * MIB), maxTeamBytes: Math.round(options.maxTeamBlobGb * MIB * 1024) },
      ...(options.trustProxy ? { trustProxy: options.trustProxy.split(',').map((s) => s.trim()) } : {}),
    });
    // Files no ticket names any more: looked for every hour, deleted once the grace period has passed.
    const collect = () => collectBlobs(db, { graceMs: options.blobGraceHours * HOUR }).catch((error: unknown) => app.log.error({ err: error }, 'blob collection failed'));
    const collector = setInterval(() => void collect(), HOUR);
    collector.unref();
    const stop = async () => {
      clearInterval(collector);
      await app.close();
      await db.close();
      process.exit(0);
    };
    process.once('SIGINT', () => void stop());
    process.once('SIGTERM', () => void stop());
    const address = await app.listen({ port: options.port, host: options.host });
    // One parseable line for scripts and tests that start the hub.
    process.stdout.write(`HUB listening ${address} storage=${db.kind}\n`);
  });

storeOptions(program.command('migrate').description('bring the database schema up to date and exit (several hubs may run it at once)')).action(async (options: StoreOptions) => {
  await withDb(
    options,
    async (db) => {
      const applied = await migrateHub(db);
      process.stdout.write(applied.length ? `hub schema migrated: applied ${applied.join(', ')}\n` : 'hub schema already up to date\n');
    },
    false,
  );
});

const user = program.command('user').description('manage users');
storeOptions(user.command('add <name>').description('add a user'))
  .option('--team <team>', 'team (created if new)', 'default')
  .option('--role <role>', 'technician | dispatcher | admin', 'technician')
  .option('--level <level>', 'support level: N1 | N2 | N3 (N2 and N3 write checklists and approve changes)', 'N1')
  .option('--alias <name...>', 'other names the user\'s events may carry (e.g. the OS user name)')
  .action(async (name: string, options: { team: string; role: string; level: string; alias?: string[]; databaseUrl?: string; dataDir?: string }) => {
    if (!['technician', 'dispatcher', 'admin'].includes(options.role)) throw new InvalidArgumentError('--role is technician, dispatcher or admin');
    if (!['N1', 'N2', 'N3'].includes(options.level)) throw new InvalidArgumentError('--level is N1, N2 or N3');
    await withDb(options, async (db) => {
      const added = await new Accounts(db).addUser(name, { team: options.team, role: options.role as Role, level: options.level as Level, aliases: options.alias ?? [] });
      process.stdout.write(`user "${added.user}" added to team "${added.team}"\n`);
    });
  });
storeOptions(user.command('level <name> <level>').description('give a user their support level (N1, N2, N3): their devices take it at their next sync')).action(
  async (name: string, level: string, options: { databaseUrl?: string; dataDir?: string }) => {
    if (!['N1', 'N2', 'N3'].includes(level)) throw new InvalidArgumentError('the level is N1, N2 or N3');
    await withDb(options, async (db) => {
      await new Accounts(db).setLevel(name, level);
      process.stdout.write(`user "${name}" is now ${level}\n`);
    });
  },
);
storeOptions(user.command('list').description('list users and their devices')).action(async (options: { databaseUrl?: string; dataDir?: string }) => {
  await withDb(options, async (db) => {
    for (const u of await new Accounts(db).listUsers()) process.stdout.write(`${u.user}\t${u.team}\t${u.role}\t${u.level}\t${u.devices.join(', ')}\n`);
  });
});

const token = program.command('token').description('manage access tokens');
storeOptions(token.command('issue <user>').description('register a device for the user and print a new token for it (shown once)'))
  .requiredOption('--device <name>', 'the device the token is for, e.g. "laptop-jeanne"')
  .action(async (userName: string, options: { device: string; databaseUrl?: string; dataDir?: string }) => {
    await withDb(options, async (db) => {
      const issued = await new Accounts(db).issueToken(userName, options.device);
      process.stderr.write(`token for ${userName} on device "${issued.device}" (store it now: the hub keeps only its hash):\n`);
      process.stdout.write(`${issued.token}\n`);
    });
  });
storeOptions(token.command('revoke <user>').description('revoke the user\'s tokens (all, or one device\'s)'))
  .option('--device <name>', 'only the tokens of this device')
  .action(async (userName: string, options: { device?: string; databaseUrl?: string; dataDir?: string }) => {
    await withDb(options, async (db) => {
      const n = await new Accounts(db).revoke(userName, options.device);
      process.stdout.write(`${n} token(s) revoked\n`);
    });
  });

const quarantine = program.command('quarantine').description('events in the log that devices cannot apply (left by an older hub or a hand edit)');
storeOptions(quarantine.command('list').description('list them, with the rule each breaks and whether it was retired'))
  .option('--team <team>', 'only this team')
  .action(async (options: { team?: string; databaseUrl?: string; dataDir?: string }) => {
    await withDb(options, async (db) => {
      const found = await new HubQuarantine(db).list(options.team);
      for (const e of found) {
        const retired = e.retired ? `retired by ${e.retired.by} ${e.retired.at}: ${e.retired.reason}` : 'in quarantine on devices';
        process.stdout.write(`${e.eventId}\t${e.team}\t${e.stream}\t${e.subject}\t${e.rule}\t${retired}\t${e.reason}\n`);
      }
      process.stdout.write(`${found.length} unappliable event(s), ${found.filter((e) => e.retired === null).length} not retired\n`);
    });
  });
storeOptions(quarantine.command('retire <eventId>').description('retire one: recorded with who and why (the event stays in the log); devices drop it from their quarantine'))
  .requiredOption('--reason <text>', 'why it is retired')
  .requiredOption('--by <name>', 'who retires it')
  .action(async (eventId: string, options: { reason: string; by: string; databaseUrl?: string; dataDir?: string }) => {
    await withDb(options, async (db) => {
      const entry = await new HubQuarantine(db).retire(eventId, options.reason, options.by);
      process.stdout.write(`event ${entry.eventId} (${entry.stream}, ${entry.rule}) retired by ${options.by}\n`);
    });
  });

program.parseAsync().catch((error: unknown) => {
  process.stderr.write(`atelier-hub: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
