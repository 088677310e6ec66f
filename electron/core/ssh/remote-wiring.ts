import { accessSync, constants, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, extname, isAbsolute, join } from 'node:path';
import type { CallName } from '../../../shared/contract';
import { AtelierError } from '../../../shared/contract/errors';
import type { HostTickets, LogFetchResult, SftpTransferResult, sshCalls } from '../../../shared/contract/ssh';
import { LOG_DEFAULT_MAX_BYTES } from '../../../shared/remote/logs';
import type { Database } from '../db/open';
import { deleteStored, readStored, writeStored } from '../db/stored-values';
import type { Handlers } from '../dispatch';
import type { JobRunner } from '../jobs';
import { attachToTicket, BlobStore } from '../reports/blobs';
import type { StreamBus } from '../streams';
import type { TicketService } from '../tickets/service';
import type { SshConnection } from './connection';
import { SshError } from './errors';
import { fetchLog, logFileName, logSources } from './remote-logs';
import type { SshService } from './service';
import { SftpPool } from './sftp-pool';
import { Tunnel } from './tunnel';

/** The calls of the remote-takeover panels: files, logs, tunnels, and the host <-> ticket link. */
const REMOTE_CALLS = [
  'sftp.open',
  'sftp.list',
  'sftp.download',
  'sftp.upload',
  'sftp.uploadData',
  'sftp.result',
  'sftp.remove',
  'sftp.mkdir',
  'sftp.downloadFolder',
  'sftp.setDownloadFolder',
  'logs.fetch',
  'logs.result',
  'hosts.openTickets',
  'tunnels.open',
  'tunnels.list',
  'tunnels.stop',
] as const satisfies readonly (keyof typeof sshCalls & CallName)[];
export type RemoteHandlers = Pick<Handlers, (typeof REMOTE_CALLS)[number]>;

/** A file attached to a ticket may be this large (the ticket view fetches attachments in one call). */
export const ATTACH_MAX_BYTES = 6 * 1024 * 1024;
const DOWNLOAD_FOLDER_KEY = 'remote.downloadFolder';
const MAX_RESULTS = 100;

export interface RemoteDeps {
  db: Database;
  bus: StreamBus;
  jobs: JobRunner;
  ssh: SshService;
  /** Needed to attach downloads and logs to tickets; without it those calls say so. */
  tickets?: TicketService;
  /** Idle time before a host's SFTP session closes (tests shorten it). */
  sftpIdleMs?: number;
  /** The user's home, for the default download folder (tests point it elsewhere). */
  home?: string;
}

export interface RemoteWiring {
  readonly pool: SftpPool;
  readonly handlers: RemoteHandlers;
  close(): Promise<void>;
}

/** `report.txt` -> `report (1).txt` ... while the name is taken: a download never overwrites a file. */
export function freeLocalPath(folder: string, name: string): string {
  const ext = extname(name);
  const stem = name.slice(0, name.length - ext.length);
  let candidate = join(folder, name);
  for (let n = 1; existsSync(candidate); n++) {
    if (n > 9999) throw new AtelierError('conflict', `${folder}: too many files named like ${name}.`, 'localPath');
    candidate = join(folder, `${stem} (${n})${ext}`);
  }
  return candidate;
}

function remoteBaseName(path: string): string {
  const name = path.replace(/[\\/]+$/, '').split(/[\\/]/).pop() ?? '';
  if (!name) throw new AtelierError('invalid_input', `remotePath: "${path}" names no file.`, 'remotePath');
  return name;
}

export function createRemoteWiring(deps: RemoteDeps): RemoteWiring {
  const { db, bus, jobs, ssh, tickets } = deps;
  const pool = new SftpPool(ssh, deps.sftpIdleMs);
  const blobs = new BlobStore(db);
  const tunnels = new Map<string, { tunnel: Tunnel; connection: SshConnection }>();
  // Finished jobs' results, read once by the renderer after job.progress says "done" (bounded).
  const results = new Map<string, SftpTransferResult | LogFetchResult>();
  const keep = (jobId: string, result: SftpTransferResult | LogFetchResult) => {
    results.set(jobId, result);
    if (results.size > MAX_RESULTS) results.delete(results.keys().next().value as string);
  };
  /** Starts a job whose result is kept under its id; the id is known before the work can finish. */
  const startJob = <T extends SftpTransferResult | LogFetchResult>(kind: string, work: (ctx: Parameters<Parameters<JobRunner['start']>[1]>[0]) => Promise<T>) => {
    const holder = { jobId: '' };
    const job = jobs.start(kind, async (ctx) => {
      const result = await work(ctx);
      keep(holder.jobId, result);
      return result;
    });
    holder.jobId = job.jobId;
    return { jobId: job.jobId };
  };

  const defaultFolder = () => join(deps.home ?? homedir(), 'Downloads', 'Atelier');
  const downloadFolder = () => {
    const saved = readStored(db, DOWNLOAD_FOLDER_KEY);
    return typeof saved === 'string' ? { folder: saved, isDefault: false } : { folder: defaultFolder(), isDefault: true };
  };
  const ensureFolder = (folder: string, field: string) => {
    if (!isAbsolute(folder)) throw new AtelierError('invalid_input', `${field}: "${folder}" is not an absolute path on this computer.`, field);
    try {
      mkdirSync(folder, { recursive: true });
      accessSync(folder, constants.W_OK);
    } catch (error) {
      throw new AtelierError('invalid_input', `${field}: cannot write to ${folder} on this computer (${(error as Error).message}).`, field);
    }
    if (!statSync(folder).isDirectory()) throw new AtelierError('invalid_input', `${field}: ${folder} is a file, not a folder.`, field);
  };
  const requireTicket = (ticketId: string) => {
    if (!tickets) throw new AtelierError('unavailable', 'Tickets are not available in this core.');
    tickets.detail(ticketId); // not_found, named, if it does not exist
    return tickets;
  };
  const attach = (ticketId: string, name: string, data: Buffer, mime: string) => void attachToTicket(blobs, requireTicket(ticketId), ticketId, { name, mime, data });

  const handlers: RemoteHandlers = {
    'sftp.open': async ({ name, acceptNewHostKey }) => {
      try {
        const home = await pool.use(name, (s) => s.realpath('.'), { acceptNewHostKeys: acceptNewHostKey });
        return { status: 'open', home };
      } catch (error) {
        if (error instanceof SshError && error.offer && (error.kind === 'host_key_unknown' || error.kind === 'host_key_changed')) return { status: 'hostKey', offer: error.offer };
        throw error;
      }
    },
    'sftp.list': ({ name, path }) =>
      pool.use(name, async (s) => {
        const absolute = await s.realpath(path);
        return { path: absolute, entries: await s.list(absolute) };
      }),
    'sftp.mkdir': ({ name, path }) => pool.use(name, async (s) => (await s.mkdir(path), { ok: true as const })),
    'sftp.remove': ({ name, path }) => pool.use(name, async (s) => (await s.remove(path), { ok: true as const })),
    'sftp.download': ({ name, remotePath, localPath, ticketId }) => {
      const fileName = remoteBaseName(remotePath);
      if (ticketId) requireTicket(ticketId);
      let target: string;
      if (localPath) {
        if (!isAbsolute(localPath)) throw new AtelierError('invalid_input', `localPath: "${localPath}" is not an absolute path on this computer.`, 'localPath');
        target = localPath;
      } else {
        const { folder } = downloadFolder();
        ensureFolder(folder, 'downloadFolder');
        target = freeLocalPath(folder, fileName);
      }
      return startJob('sftp.download', (ctx) =>
        pool.use(name, async (s) => {
          const { bytes } = await s.download(remotePath, target, { signal: ctx.signal, onProgress: (d, t) => ctx.progress(d, t, remotePath) });
          const result: SftpTransferResult = { direction: 'download', host: name, remotePath, localPath: target, bytes };
          if (ticketId) {
            if (bytes > ATTACH_MAX_BYTES) result.attachNote = `not attached to the ticket: ${fileName} is larger than 6 MiB (saved on this computer only)`;
            else {
              attach(ticketId, fileName, readFileSync(target), 'application/octet-stream');
              result.attachedTo = ticketId;
            }
          }
          return result;
        }),
      );
    },
    'sftp.upload': ({ name, localPath, remotePath }) => {
      if (!isAbsolute(localPath)) throw new AtelierError('invalid_input', `localPath: "${localPath}" is not an absolute path on this computer.`, 'localPath');
      let stats;
      try {
        stats = statSync(localPath);
        accessSync(localPath, constants.R_OK);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        throw new AtelierError('invalid_input', `localPath: ${code === 'ENOENT' ? `no file ${localPath} on this computer` : `cannot read ${localPath} (${code ?? (error as Error).message})`}.`, 'localPath');
      }
      if (!stats.isFile()) throw new AtelierError('invalid_input', `localPath: ${localPath} is not a file.`, 'localPath');
      return startJob('sftp.upload', (ctx) =>
        pool.use(name, async (s) => {
          const { bytes } = await s.upload(localPath, remotePath, { signal: ctx.signal, onProgress: (d, t) => ctx.progress(d, t, remotePath) });
          return { direction: 'upload' as const, host: name, remotePath, localPath, bytes };
        }),
      );
    },
    'sftp.uploadData': ({ name, remotePath, base64 }) => {
      const data = Buffer.from(base64, 'base64');
      return startJob('sftp.upload', (ctx) =>
        pool.use(name, async (s) => {
          const { bytes } = await s.uploadData(data, remotePath, { signal: ctx.signal, onProgress: (d, t) => ctx.progress(d, t, remotePath) });
          return { direction: 'upload' as const, host: name, remotePath, bytes };
        }),
      );
    },
    'sftp.result': ({ jobId }) => {
      const result = results.get(jobId);
      return result && 'direction' in result ? result : null;
    },
    'sftp.downloadFolder': () => downloadFolder(),
    'sftp.setDownloadFolder': ({ folder }) => {
      if (folder === null || folder.trim() === '') {
        deleteStored(db, DOWNLOAD_FOLDER_KEY);
        return downloadFolder();
      }
      const trimmed = folder.trim();
      ensureFolder(trimmed, 'folder');
      writeStored(db, DOWNLOAD_FOLDER_KEY, trimmed);
      return downloadFolder();
    },
    'logs.fetch': ({ name, ticketId, presets, files, maxBytes }) => {
      const sources = logSources(presets, files);
      requireTicket(ticketId);
      const cap = maxBytes ?? LOG_DEFAULT_MAX_BYTES;
      return startJob('logs.fetch', (ctx) =>
        pool.use(name, async (sftp, connection) => {
          const result: LogFetchResult = { host: name, ticketId, items: [] };
          for (const [index, source] of sources.entries()) {
            ctx.progress(index, sources.length, source.label);
            const fetched = await fetchLog(source, sftp, connection, cap, { signal: ctx.signal, onBytes: (n) => ctx.progress(index, sources.length, `${source.label} · ${Math.ceil(n / 1024)} KiB`) });
            const { item } = fetched;
            if (item.status === 'attached' && fetched.data) {
              if (fetched.data.length === 0) {
                item.status = 'empty';
                item.message = 'the log is empty: nothing attached';
              } else {
                try {
                  item.attachment = logFileName(name, source, new Date());
                  attach(ticketId, item.attachment, fetched.data, 'text/plain');
                } catch (error) {
                  item.status = 'failed';
                  item.message = `could not attach to the ticket: ${(error as Error).message}`;
                  delete item.attachment;
                }
              }
            }
            result.items.push(item);
          }
          ctx.progress(sources.length, sources.length);
          return result;
        }),
      );
    },
    'logs.result': ({ jobId }) => {
      const result = results.get(jobId);
      return result && 'items' in result ? result : null;
    },
    'hosts.openTickets': ({ name }) => openTicketsByHost(db, name),
    'tunnels.open': async ({ name, localPort, remoteHost, remotePort }) => {
      const connection = await ssh.connect(name);
      try {
        await Tunnel.probe(connection.client, { remoteHost, remotePort, hostName: connection.host.name });
        const tunnel = await connection.openTunnel({ localPort, remoteHost, remotePort, onStatus: (status) => bus.emit('tunnels.status', status) });
        tunnels.set(tunnel.id, { tunnel, connection });
        return tunnel.status();
      } catch (error) {
        await connection.close();
        throw error;
      }
    },
    'tunnels.list': () => [...tunnels.values()].map(({ tunnel }) => tunnel.status()),
    'tunnels.stop': async ({ id }) => {
      const entry = tunnels.get(id);
      if (!entry) throw new AtelierError('not_found', `No tunnel with id ${id}.`, 'id');
      tunnels.delete(id);
      await entry.tunnel.stop();
      await entry.connection.close();
      return { ok: true };
    },
  };

  return {
    pool,
    handlers,
    async close() {
      await pool.closeAll();
      for (const { tunnel, connection } of tunnels.values()) {
        await tunnel.stop();
        await connection.close();
      }
      tunnels.clear();
    },
  };
}

const LISTED_PER_HOST = 5;

/** Open tickets whose asset is a host's name (case-insensitive), per host, most urgent first ('P1' < 'P5'). */
export function openTicketsByHost(db: Database, name?: string): HostTickets[] {
  const rows = db
    .prepare(
      `SELECT h.name AS host, t.id, t.ref, t.title, t.priority, t.status
         FROM hosts h JOIN tickets t ON t.is_open = 1 AND t.asset = h.name COLLATE NOCASE
        WHERE @name IS NULL OR h.name = @name
        ORDER BY h.name, t.priority, t.updated_ms DESC`,
    )
    .all({ name: name ?? null }) as { host: string; id: string; ref: string; title: string; priority: HostTickets['tickets'][number]['priority']; status: HostTickets['tickets'][number]['status'] }[];
  const byHost = new Map<string, HostTickets>();
  for (const row of rows) {
    let entry = byHost.get(row.host);
    if (!entry) byHost.set(row.host, (entry = { host: row.host, open: 0, tickets: [] }));
    entry.open++;
    if (entry.tickets.length < LISTED_PER_HOST) entry.tickets.push({ id: row.id, ref: row.ref, title: row.title, priority: row.priority, status: row.status });
  }
  return [...byHost.values()];
}
