import { v7 as uuidv7 } from 'uuid';
import { AtelierError, parseOrThrow } from '../../../shared/contract/errors';
import { HostAuth, HostInput, HostPatch, LegacyAlgorithmName, OsFamily, type Host, type HostPatch as HostPatchIn } from '../../../shared/contract/ssh';
import type { Database } from '../db/open';

interface HostRow {
  id: string;
  name: string;
  address: string;
  port: number;
  user: string;
  auth: string;
  jump_host: string | null;
  legacy_algorithms: string;
  os_family: string;
  tags: string;
  client: string | null;
  site: string | null;
  notes: string | null;
  created_at: string;
  updated_at: string;
}

const MAX_JUMP_DEPTH = 8;

function toHost(row: HostRow): Host {
  const host: Host = {
    id: row.id,
    name: row.name,
    address: row.address,
    port: row.port,
    user: row.user,
    auth: HostAuth.parse(JSON.parse(row.auth)),
    osFamily: OsFamily.catch('unknown').parse(row.os_family),
    tags: JSON.parse(row.tags) as string[],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
  if (row.jump_host !== null) host.jumpHost = row.jump_host;
  const legacy = LegacyAlgorithmName.array().catch([]).parse(JSON.parse(row.legacy_algorithms));
  if (legacy.length > 0) host.legacyAlgorithms = legacy;
  if (row.client !== null) host.client = row.client;
  if (row.site !== null) host.site = row.site;
  if (row.notes !== null) host.notes = row.notes;
  return host;
}

/** The host book: named remote machines, stored in SQLite. */
export class HostStore {
  constructor(private readonly db: Database) {}

  list(): Host[] {
    return (this.db.prepare('SELECT * FROM hosts ORDER BY name COLLATE NOCASE').all() as HostRow[]).map(toHost);
  }

  find(name: string): Host | undefined {
    const row = this.db.prepare('SELECT * FROM hosts WHERE name = ?').get(name) as HostRow | undefined;
    return row ? toHost(row) : undefined;
  }

  get(name: string): Host {
    const host = this.find(name);
    if (!host) throw new AtelierError('not_found', `No host named "${name}" in the host book.`, 'name');
    return host;
  }

  add(input: unknown): Host {
    const parsed = parseOrThrow(HostInput, input, 'host');
    if (this.find(parsed.name)) throw new AtelierError('conflict', `A host named "${parsed.name}" already exists.`, 'host.name');
    if (parsed.jumpHost !== undefined) parsed.jumpHost = this.checkJump(parsed.name, parsed.jumpHost);
    const now = new Date().toISOString();
    this.db
      .prepare(
        `INSERT INTO hosts (id, name, address, port, user, auth, jump_host, legacy_algorithms, os_family, tags, client, site, notes, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        uuidv7(),
        parsed.name,
        parsed.address,
        parsed.port,
        parsed.user,
        JSON.stringify(parsed.auth),
        parsed.jumpHost ?? null,
        JSON.stringify([...new Set(parsed.legacyAlgorithms ?? [])]),
        parsed.osFamily,
        JSON.stringify(parsed.tags),
        parsed.client ?? null,
        parsed.site ?? null,
        parsed.notes ?? null,
        now,
        now,
      );
    return this.get(parsed.name);
  }

  update(name: string, patch: HostPatchIn): Host {
    const current = this.get(name);
    const parsed = parseOrThrow(HostPatch, patch, 'patch');
    const next = { ...current, ...parsed };
    for (const field of ['jumpHost', 'client', 'site', 'notes'] as const) if (parsed[field] === null) delete next[field];
    const merged = parseOrThrow(
      HostInput,
      {
        name: current.name,
        address: next.address,
        port: next.port,
        user: next.user,
        auth: next.auth,
        jumpHost: next.jumpHost ?? undefined,
        legacyAlgorithms: next.legacyAlgorithms,
        osFamily: next.osFamily,
        tags: next.tags,
        client: next.client,
        site: next.site,
        notes: next.notes,
      },
      'patch',
    );
    if (merged.jumpHost !== undefined) merged.jumpHost = this.checkJump(current.name, merged.jumpHost);
    this.db
      .prepare(
        `UPDATE hosts SET address = ?, port = ?, user = ?, auth = ?, jump_host = ?, legacy_algorithms = ?, os_family = ?, tags = ?, client = ?, site = ?, notes = ?,
         updated_at = ? WHERE id = ?`,
      )
      .run(
        merged.address,
        merged.port,
        merged.user,
        JSON.stringify(merged.auth),
        merged.jumpHost ?? null,
        JSON.stringify([...new Set(merged.legacyAlgorithms ?? [])]),
        merged.osFamily,
        JSON.stringify(merged.tags),
        merged.client ?? null,
        merged.site ?? null,
        merged.notes ?? null,
        new Date().toISOString(),
        current.id,
      );
    return this.get(current.name);
  }

  remove(name: string): void {
    const host = this.get(name);
    const users = this.db.prepare('SELECT name FROM hosts WHERE jump_host = ?').pluck().all(host.name) as string[];
    if (users.length > 0) {
      throw new AtelierError('conflict', `"${host.name}" is the jump host of ${users.join(', ')}: change those hosts first.`, 'name');
    }
    this.db.prepare('DELETE FROM hosts WHERE id = ?').run(host.id);
  }

  /** The chain to reach `name`, outermost jump host first and `name` last. */
  chain(name: string): Host[] {
    const chain: Host[] = [];
    let host: Host | undefined = this.get(name);
    while (host) {
      if (chain.some((h) => h.name.toLowerCase() === host!.name.toLowerCase())) {
        throw new AtelierError('invalid_input', `The jump hosts of "${name}" form a loop (${[...chain, host].map((h) => h.name).reverse().join(' -> ')}).`);
      }
      chain.push(host);
      if (chain.length > MAX_JUMP_DEPTH) throw new AtelierError('invalid_input', `"${name}" needs more than ${MAX_JUMP_DEPTH} jump hosts.`);
      host = host.jumpHost !== undefined ? this.get(host.jumpHost) : undefined;
    }
    return chain.reverse();
  }

  /** Returns the jump host's name as stored. */
  private checkJump(name: string, jump: string): string {
    if (jump.toLowerCase() === name.toLowerCase()) throw new AtelierError('invalid_input', `A host cannot be its own jump host.`, 'host.jumpHost');
    const jumpHost = this.find(jump);
    if (!jumpHost) throw new AtelierError('invalid_input', `host.jumpHost: no host named "${jump}" in the host book (add it first).`, 'host.jumpHost');
    const upstream = this.chain(jumpHost.name);
    if (upstream.some((h) => h.name.toLowerCase() === name.toLowerCase())) {
      throw new AtelierError('invalid_input', `host.jumpHost: "${jump}" already goes through "${name}": that would be a loop.`, 'host.jumpHost');
    }
    return jumpHost.name;
  }
}
