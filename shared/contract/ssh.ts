import { z } from 'zod';
import { call, stream } from './define';

/** A host's name in the host book: what the technician types (`atelier ssh run NAME`). */
export const HostName = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, dot, dash and underscore only, starting with a letter or digit');

export const HostAuth = z.discriminatedUnion('method', [
  z.object({ method: z.literal('agent') }).strict(),
  /** The passphrase, if any, lives in the secret vault, never here. */
  z.object({ method: z.literal('key'), keyFile: z.string().min(1).max(4096), hasPassphrase: z.boolean().default(false) }).strict(),
  z.object({ method: z.literal('password') }).strict(),
  z.object({ method: z.literal('keyboard-interactive') }).strict(),
]);
export type HostAuth = z.infer<typeof HostAuth>;

export const OsFamily = z.enum(['linux', 'windows', 'macos', 'bsd', 'other', 'unknown']);
export type OsFamily = z.infer<typeof OsFamily>;

export const HostInput = z
  .object({
    name: HostName,
    address: z.string().min(1).max(255).regex(/^[^\s@]+$/, 'an address has no spaces and no "@"'),
    port: z.number().int().min(1).max(65535).default(22),
    user: z.string().min(1).max(64).regex(/^[^\s@:]+$/, 'a user name has no spaces, "@" or ":"'),
    auth: HostAuth.default({ method: 'agent' }),
    jumpHost: HostName.optional(),
    osFamily: OsFamily.default('unknown'),
    tags: z.array(z.string().min(1).max(40)).max(32).default([]),
    client: z.string().max(200).optional(),
    notes: z.string().max(10_000).optional(),
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

export const HostPatch = HostInput.omit({ name: true }).partial().extend({ jumpHost: HostName.nullable().optional() }).strict();
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
  'jump',
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
  'secrets.status': call(Empty, z.object({ initialized: z.boolean(), unlocked: z.boolean() })),
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
      })
      .strict(),
    z.discriminatedUnion('status', [
      z.object({ status: z.literal('open'), sessionId: SessionId }),
      z.object({ status: z.literal('hostKey'), offer: HostKeyOffer }),
    ]),
  ),
  'terminal.write': call(z.object({ sessionId: SessionId, data: z.string().max(1_000_000) }).strict(), Ok),
  'terminal.resize': call(z.object({ sessionId: SessionId, cols: z.number().int().min(1).max(1000), rows: z.number().int().min(1).max(1000) }).strict(), Ok),
  /** Flow control: the renderer acknowledges bytes it has written to the screen. */
  'terminal.ack': call(z.object({ sessionId: SessionId, bytes: z.number().int().nonnegative() }).strict(), Ok),
  'terminal.close': call(z.object({ sessionId: SessionId }).strict(), Ok),
  'sftp.list': call(z.object({ name: HostName, path: z.string().min(1).max(4096) }).strict(), z.array(SftpEntry)),
  'sftp.download': call(z.object({ name: HostName, remotePath: z.string().min(1), localPath: z.string().min(1) }).strict(), z.object({ jobId: z.string() })),
  'sftp.upload': call(z.object({ name: HostName, localPath: z.string().min(1), remotePath: z.string().min(1) }).strict(), z.object({ jobId: z.string() })),
  'sftp.remove': call(z.object({ name: HostName, path: z.string().min(1) }).strict(), Ok),
  'sftp.mkdir': call(z.object({ name: HostName, path: z.string().min(1) }).strict(), Ok),
  'tunnels.open': call(
    z.object({ name: HostName, localPort: z.number().int().min(0).max(65535), remoteHost: z.string().min(1), remotePort: z.number().int().min(1).max(65535) }).strict(),
    TunnelStatus,
  ),
  'tunnels.list': call(Empty, z.array(TunnelStatus)),
  'tunnels.stop': call(z.object({ id: z.string() }).strict(), Ok),
};

export const sshStreams = {
  /** Terminal bytes as base64 (binary-safe); the client acknowledges `bytes` with terminal.ack once drawn. */
  'terminal.output': stream(z.object({ sessionId: SessionId, data: z.string(), bytes: z.number().int() })),
  'terminal.exit': stream(z.object({ sessionId: SessionId, exitCode: z.number().int().nullable(), error: z.string().optional() })),
  /** A connection met an unknown or changed host key: the UI asks, then calls knownHosts.trust/replace. */
  'ssh.hostKey': stream(HostKeyOffer),
  'tunnels.status': stream(TunnelStatus),
};
