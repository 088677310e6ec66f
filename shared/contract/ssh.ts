import { z } from 'zod';
import { Priority } from '../tickets/priority';
import { Status, TicketId } from '../tickets/model';
import { LEGACY_ALGORITHM_NAMES, type LegacyAlgorithm } from '../ssh/legacy-algorithms';
import { call, stream } from './define';
import { MAX_ATTACHMENT_BASE64 } from './tickets';

/** A host's name in the host book: what the technician types (`atelier ssh run NAME`). */
export const HostName = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, dot, dash and underscore only, starting with a letter or digit');

export const HostAuth = z.discriminatedUnion('method', [
  z.object({ method: z.literal('agent') }).strict(),
  /** The passphrase, if any, lives in the secret vault, never here. */
  z
    .object({
      method: z.literal('key'),
      keyFile: z.string().min(1).max(4096),
      hasPassphrase: z.boolean().default(false),
      /** Further keys tried in order after `keyFile`, as OpenSSH tries every IdentityFile of a host. */
      moreKeyFiles: z.array(z.string().min(1).max(4096)).max(16).optional(),
    })
    .strict(),
  z.object({ method: z.literal('password') }).strict(),
  z.object({ method: z.literal('keyboard-interactive') }).strict(),
]);
export type HostAuth = z.infer<typeof HostAuth>;

/** A legacy algorithm allowed for one host (`ssh-rsa`, `diffie-hellman-group14-sha1`, `aes128-cbc`, ...). */
export const LegacyAlgorithmName = z.enum(LEGACY_ALGORITHM_NAMES as [LegacyAlgorithm, ...LegacyAlgorithm[]]);

export const OsFamily = z.enum(['linux', 'windows', 'macos', 'bsd', 'other', 'unknown']);
export type OsFamily = z.infer<typeof OsFamily>;

const Port = z.number().int().min(1).max(65535);
const Tags = z.array(z.string().min(1).max(40)).max(32);

/** A host's fields without defaults: a patch names only what it changes. */
const HostFields = {
  address: z.string().min(1).max(255).regex(/^[^\s@]+$/, 'an address has no spaces and no "@"'),
  port: Port,
  user: z.string().min(1).max(64).regex(/^[^\s@:]+$/, 'a user name has no spaces, "@" or ":"'),
  auth: HostAuth,
  jumpHost: HostName.optional(),
  /** Allowed for this host only, appended after the modern defaults; absent: none, as OpenSSH by default. */
  legacyAlgorithms: z.array(LegacyAlgorithmName).max(LEGACY_ALGORITHM_NAMES.length).optional(),
  osFamily: OsFamily,
  tags: Tags,
  client: z.string().max(200).optional(),
  /** Where the machine stands (a building, an agency, a client's office): hosts are chosen and filtered by it. */
  site: z.string().trim().min(1).max(120).optional(),
  notes: z.string().max(10_000).optional(),
};

export const HostInput = z
  .object({
    name: HostName,
    ...HostFields,
    port: Port.default(22),
    auth: HostAuth.default({ method: 'agent' }),
    osFamily: OsFamily.default('unknown'),
    tags: Tags.default([]),
  })
  .strict();
export type HostInput = z.input<typeof HostInput>;
export type HostInputParsed = z.output<typeof HostInput>;

export const Host = HostInput.extend({
  id: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Host = z.infer<typeof Host>;

// Built from the fields without defaults: `{ notes }` must not reset the port, auth, OS or tags.
// null clears an optional field (an emptied "Site" box), absent leaves it as it is.
export const HostPatch = z
  .object(HostFields)
  .partial()
  .extend({
    jumpHost: HostFields.jumpHost.unwrap().nullable().optional(),
    client: HostFields.client.unwrap().nullable().optional(),
    site: HostFields.site.unwrap().nullable().optional(),
    notes: HostFields.notes.unwrap().nullable().optional(),
  })
  .strict();
export type HostPatch = z.input<typeof HostPatch>;

/** One pinned host key, as OpenSSH prints it (`ssh-ed25519`, `SHA256:...`). */
export const KnownHostKey = z.object({
  id: z.number().int(),
  /** `name` for port 22, `[name]:port` otherwise; null for an imported hashed entry. */
  hostToken: z.string().nullable(),
  hashed: z.boolean(),
  keyType: z.string(),
  fingerprint: z.string(),
  source: z.enum(['trusted', 'imported']),
  addedAt: z.string(),
  /** known_hosts marker: a CA that signs host certificates, or a key refused outright. */
  marker: z.enum(['cert-authority', 'revoked']).optional(),
  /** The host field of a line with wildcards or negations (`*.lan,!gw.lan`), as written. */
  patterns: z.string().optional(),
});
export type KnownHostKey = z.infer<typeof KnownHostKey>;

/** What the UI shows before the technician trusts a key. */
export const HostKeyOffer = z.object({
  host: HostName,
  address: z.string(),
  port: z.number().int(),
  keyType: z.string(),
  fingerprint: z.string(),
  /** Set when a different key was pinned: the connection was blocked. */
  previousFingerprints: z.array(z.string()).optional(),
  /** Certificate authorities (`@cert-authority`) trusted for this host, as `type SHA256:...`: none vouched for this key. */
  certAuthorities: z.array(z.string()).optional(),
});
export type HostKeyOffer = z.infer<typeof HostKeyOffer>;

/** Why a connection failed, for a translated message in the UI. */
export const SshErrorKind = z.enum([
  'dns',
  'refused',
  'timeout',
  'unreachable',
  'auth',
  'host_key_unknown',
  'host_key_changed',
  /** The key is marked `@revoked`: refused outright, never offered for trust. */
  'host_key_revoked',
  'jump',
  /** The server speaks only algorithms this host does not allow (legacy gear): the message says which to allow. */
  'algorithms',
  'closed',
  'command_timeout',
  'protocol',
]);
export type SshErrorKind = z.infer<typeof SshErrorKind>;

export const ConfigImportPreview = z.object({
  toAdd: z.array(Host.omit({ id: true, createdAt: true, updatedAt: true })),
  skipped: z.array(z.object({ name: z.string(), reason: z.string() })),
  warnings: z.array(z.string()),
});
export type ConfigImportPreview = z.infer<typeof ConfigImportPreview>;

export const KnownHostsImportResult = z.object({
  imported: z.number().int(),
  alreadyKnown: z.number().int(),
  skipped: z.array(z.object({ line: z.number().int(), reason: z.string() })),
});
export type KnownHostsImportResult = z.infer<typeof KnownHostsImportResult>;

export const SessionId = z.string().min(1).max(64);

export const RunResult = z.object({
  stdout: z.string(),
  stderr: z.string(),
  exitCode: z.number().int().nullable(),
  signal: z.string().optional(),
  truncated: z.boolean(),
  durationMs: z.number(),
});
export type RunResult = z.infer<typeof RunResult>;

export const SftpEntry = z.object({
  name: z.string(),
  type: z.enum(['file', 'directory', 'symlink', 'other']),
  size: z.number(),
  modifiedAt: z.string(),
  mode: z.number().int(),
});
export type SftpEntry = z.infer<typeof SftpEntry>;

export const TunnelStatus = z.object({
  id: z.string(),
  host: HostName,
  localPort: z.number().int(),
  remoteHost: z.string(),
  remotePort: z.number().int(),
  state: z.enum(['listening', 'stopped', 'failed']),
  activeConnections: z.number().int(),
  totalConnections: z.number().int(),
  bytesIn: z.number(),
  bytesOut: z.number(),
  lastError: z.string().optional(),
});
export type TunnelStatus = z.infer<typeof TunnelStatus>;

/** A remote folder as listed: its absolute path (normalised by the server) and its entries. */
export const SftpListing = z.object({ path: z.string(), entries: z.array(SftpEntry) });
export type SftpListing = z.infer<typeof SftpListing>;

/** What a finished download or upload job did (read once with `sftp.result`). */
export const SftpTransferResult = z.object({
  direction: z.enum(['download', 'upload']),
  host: HostName,
  remotePath: z.string(),
  /** Download: where the file was saved on this computer. Upload from a path: where it came from. */
  localPath: z.string().optional(),
  bytes: z.number(),
  /** The ticket the downloaded file was attached to. */
  attachedTo: TicketId.optional(),
  /** Why a requested attachment was not made (too large). */
  attachNote: z.string().optional(),
});
export type SftpTransferResult = z.infer<typeof SftpTransferResult>;

/** One log of a "fetch logs" job: attached to the ticket, or why not. */
export const LogItemResult = z.object({
  /** Preset id, or the path typed by the technician. */
  source: z.string(),
  label: z.string(),
  status: z.enum(['attached', 'empty', 'missing', 'denied', 'failed', 'cancelled']),
  /** Bytes attached. */
  bytes: z.number(),
  /** Size of the whole file or output (more than `bytes` when only the tail was kept). */
  totalBytes: z.number(),
  truncated: z.boolean(),
  /** File name on the ticket. */
  attachment: z.string().optional(),
  message: z.string().optional(),
});
export type LogItemResult = z.infer<typeof LogItemResult>;
export const LogFetchResult = z.object({ host: HostName, ticketId: TicketId, items: z.array(LogItemResult) });
export type LogFetchResult = z.infer<typeof LogFetchResult>;

/** Open tickets whose asset names a host of the book (a few of them, most urgent first). */
export const HostTickets = z.object({
  host: HostName,
  open: z.number().int(),
  tickets: z.array(z.object({ id: TicketId, ref: z.string(), title: z.string(), priority: Priority, status: Status })),
});
export type HostTickets = z.infer<typeof HostTickets>;

const Empty = z.object({}).strict();
const ByName = z.object({ name: HostName }).strict();
const Ok = z.object({ ok: z.literal(true) });

/**
 * Calls the SSH core would expose (registered in index.ts by the lead). Secrets go in once
 * (`secrets.set*`) and never come back out.
 */
export const sshCalls = {
  'hosts.list': call(Empty, z.array(Host)),
  'hosts.get': call(ByName, Host),
  'hosts.add': call(HostInput, Host),
  'hosts.update': call(z.object({ name: HostName, patch: HostPatch }).strict(), Host),
  'hosts.remove': call(ByName, Ok),
  'hosts.previewConfigImport': call(z.object({ text: z.string().max(1_000_000) }).strict(), ConfigImportPreview),
  'hosts.importConfig': call(z.object({ text: z.string().max(1_000_000), names: z.array(z.string()).optional() }).strict(), z.array(Host)),
  'knownHosts.list': call(z.object({ name: HostName.optional() }).strict(), z.array(KnownHostKey)),
  'knownHosts.trust': call(z.object({ name: HostName, fingerprint: z.string() }).strict(), Ok),
  /** "I verified the new key": replaces every pinned key of the host with the offered one. */
  'knownHosts.replace': call(z.object({ name: HostName, fingerprint: z.string() }).strict(), Ok),
  'knownHosts.import': call(z.object({ text: z.string().max(5_000_000) }).strict(), KnownHostsImportResult),
  /** `keyring`: the OS keyring that keeps the key of a vault that opens by itself, without a passphrase. */
  'secrets.status': call(Empty, z.object({ initialized: z.boolean(), unlocked: z.boolean(), keyring: z.string().optional() })),
  'secrets.unlock': call(z.object({ passphrase: z.string().min(1).max(1024) }).strict(), Ok),
  'secrets.lock': call(Empty, Ok),
  'secrets.setHostPassword': call(z.object({ name: HostName, password: z.string().max(4096) }).strict(), Ok),
  'secrets.setKeyPassphrase': call(z.object({ name: HostName, passphrase: z.string().max(4096) }).strict(), Ok),
  'ssh.run': call(
    z.object({ name: HostName, command: z.string().min(1).max(100_000), timeoutMs: z.number().int().positive().max(3_600_000).optional() }).strict(),
    RunResult,
  ),
  /**
   * Opens a shell in a PTY. An unknown or changed host key is an expected answer, not a failure: the offer
   * comes back (error bodies carry no structured data) so the UI can show it and call trust/replace.
   */
  'terminal.open': call(
    z
      .object({
        name: HostName,
        cols: z.number().int().min(1).max(1000),
        rows: z.number().int().min(1).max(1000),
        acceptNewHostKey: z.boolean().default(false),
        /** Record the session as asciicast v2 and attach it to `ticketId` when it ends (typed input is never recorded). */
        record: z.boolean().default(false),
        ticketId: TicketId.optional(),
      })
      .strict()
      .refine((input) => !input.record || input.ticketId !== undefined, { message: 'a recorded session needs the ticket it belongs to', path: ['ticketId'] }),
    z.discriminatedUnion('status', [
      z.object({ status: z.literal('open'), sessionId: SessionId, recording: z.object({ ticketId: TicketId }).optional() }),
      z.object({ status: z.literal('hostKey'), offer: HostKeyOffer }),
    ]),
  ),
  /** Ends a session's recording now and attaches it to its ticket; the session goes on unrecorded. */
  'terminal.stopRecording': call(
    z.object({ sessionId: SessionId }).strict(),
    z.object({ ticketId: TicketId, name: z.string(), bytes: z.number().int(), truncated: z.boolean(), commands: z.number().int() }),
  ),
  'terminal.write': call(z.object({ sessionId: SessionId, data: z.string().max(1_000_000) }).strict(), Ok),
  'terminal.resize': call(z.object({ sessionId: SessionId, cols: z.number().int().min(1).max(1000), rows: z.number().int().min(1).max(1000) }).strict(), Ok),
  /** Flow control: the renderer acknowledges bytes it has written to the screen. */
  'terminal.ack': call(z.object({ sessionId: SessionId, bytes: z.number().int().nonnegative() }).strict(), Ok),
  'terminal.close': call(z.object({ sessionId: SessionId }).strict(), Ok),
  /**
   * Opens (or reuses) the host's SFTP session, kept while the file panel is in use and closed after a
   * minute idle. An unknown or changed host key comes back as an offer, as with terminal.open.
   */
  'sftp.open': call(
    z.object({ name: HostName, acceptNewHostKey: z.boolean().default(false) }).strict(),
    z.discriminatedUnion('status', [
      z.object({ status: z.literal('open'), home: z.string() }),
      z.object({ status: z.literal('hostKey'), offer: HostKeyOffer }),
    ]),
  ),
  'sftp.list': call(z.object({ name: HostName, path: z.string().min(1).max(4096) }).strict(), SftpListing),
  /** Without localPath the file goes to the download folder (never overwriting); ticketId also attaches it. */
  'sftp.download': call(
    z.object({ name: HostName, remotePath: z.string().min(1).max(4096), localPath: z.string().min(1).max(4096).optional(), ticketId: TicketId.optional() }).strict(),
    z.object({ jobId: z.string() }),
  ),
  /** From a file on this computer (no size limit, streamed). */
  'sftp.upload': call(z.object({ name: HostName, localPath: z.string().min(1).max(4096), remotePath: z.string().min(1).max(4096) }).strict(), z.object({ jobId: z.string() })),
  /** From bytes the renderer holds (a file chosen or dropped in the window), up to 6 MB. */
  'sftp.uploadData': call(
    z.object({ name: HostName, remotePath: z.string().min(1).max(4096), base64: z.string().max(MAX_ATTACHMENT_BASE64, 'a file over 6 MB cannot be sent from the window; give its path on this computer instead') }).strict(),
    z.object({ jobId: z.string() }),
  ),
  'sftp.result': call(z.object({ jobId: z.string() }).strict(), SftpTransferResult.nullable()),
  'sftp.remove': call(z.object({ name: HostName, path: z.string().min(1).max(4096) }).strict(), Ok),
  'sftp.mkdir': call(z.object({ name: HostName, path: z.string().min(1).max(4096) }).strict(), Ok),
  /** The folder downloads go to on this computer (default: Downloads/Atelier in the user's home). */
  'sftp.downloadFolder': call(Empty, z.object({ folder: z.string(), isDefault: z.boolean() })),
  'sftp.setDownloadFolder': call(z.object({ folder: z.string().max(4096).nullable() }).strict(), z.object({ folder: z.string(), isDefault: z.boolean() })),
  /** Fetches logs (presets by id and/or file paths) and attaches each to the ticket; one job, per-item results. */
  'logs.fetch': call(
    z
      .object({
        name: HostName,
        ticketId: TicketId,
        presets: z.array(z.string().min(1).max(40)).max(20).default([]),
        files: z.array(z.string().min(1).max(4096)).max(20).default([]),
        maxBytes: z.number().int().min(1024).max(6 * 1024 * 1024).optional(),
      })
      .strict(),
    z.object({ jobId: z.string() }),
  ),
  'logs.result': call(z.object({ jobId: z.string() }).strict(), LogFetchResult.nullable()),
  'hosts.openTickets': call(z.object({ name: HostName.optional() }).strict(), z.array(HostTickets)),
  /** Checks first that the host can reach remoteHost:remotePort; localPort 0 picks a free port. */
  'tunnels.open': call(
    z.object({ name: HostName, localPort: z.number().int().min(0).max(65535), remoteHost: z.string().min(1).max(255), remotePort: z.number().int().min(1).max(65535) }).strict(),
    TunnelStatus,
  ),
  'tunnels.list': call(Empty, z.array(TunnelStatus)),
  /** Stops a tunnel (or forgets one that already failed). */
  'tunnels.stop': call(z.object({ id: z.string() }).strict(), Ok),
};

/**
 * Bytes a stream carries as they came: one binary frame in serve mode (see wire.ts), a Uint8Array through
 * Electron's IPC (structured clone). Never base64 in JSON.
 */
export const StreamBytes = z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'bytes expected');

export const sshStreams = {
  /**
   * Terminal bytes as they came (a binary frame in serve mode, see wire.ts); the client acknowledges each
   * chunk's length with terminal.ack once drawn.
   */
  'terminal.output': stream(z.object({ sessionId: SessionId, data: StreamBytes })),
  'terminal.exit': stream(z.object({ sessionId: SessionId, exitCode: z.number().int().nullable(), error: z.string().optional() })),
  /** A connection met an unknown or changed host key: the UI asks, then calls knownHosts.trust/replace. */
  'ssh.hostKey': stream(HostKeyOffer),
  'tunnels.status': stream(TunnelStatus),
  /** A session's recording: started, stopped at the size limit (or a disk error), saved to its ticket, or failed to save. */
  'terminal.recording': stream(
    z.object({
      sessionId: SessionId,
      state: z.enum(['recording', 'truncated', 'saved', 'failed']),
      ticketId: TicketId,
      name: z.string().optional(),
      truncated: z.boolean().optional(),
      error: z.string().optional(),
    }),
  ),
};
