import { HubError } from '../errors';
import type { HubDatabase } from '../db/sql';
import { hashToken, newToken } from '../tokens';

export type Role = 'technician' | 'dispatcher' | 'admin';
export type Level = 'N1' | 'N2' | 'N3';

/** Who a request acts for: the token's user, team and device. */
export interface Principal {
  readonly tokenId: number;
  readonly userId: number;
  readonly user: string;
  readonly aliases: readonly string[];
  readonly role: Role;
  /** The user's support level: only N2 and N3 may approve changes. */
  readonly level: Level;
  readonly teamId: number;
  readonly team: string;
  readonly deviceId: number;
  readonly device: string;
  /** The clock node id bound to the device by its first push; null before. */
  readonly nodeId: string | null;
}

interface PrincipalRow {
  token_id: string | number;
  user_id: string | number;
  user_name: string;
  aliases: string[];
  role: Role;
  level: Level;
  team_id: string | number;
  team_name: string;
  device_id: string | number;
  device_name: string;
  node_id: string | null;
}

const NAME = /^[\p{L}\p{N}][\p{L}\p{N} ._@'-]{0,199}$/u;

function checkName(value: string, what: string): string {
  const trimmed = value.trim();
  if (!NAME.test(trimmed)) throw new HubError('invalid_input', `${what} "${value}" must be 1-200 letters, digits, spaces or . _ @ ' -`, what);
  return trimmed;
}

/** Users, devices and tokens: the admin CLI writes them, every request reads them. */
export class Accounts {
  constructor(private readonly db: HubDatabase) {}

  async addUser(name: string, options: { team?: string; role?: Role; aliases?: string[]; level?: Level } = {}): Promise<{ user: string; team: string }> {
    const user = checkName(name, 'user');
    const team = checkName(options.team ?? 'default', 'team');
    const aliases = (options.aliases ?? []).map((alias) => checkName(alias, 'alias'));
    return await this.db.transaction(async (tx) => {
      await tx.query('INSERT INTO teams (name) VALUES ($1) ON CONFLICT (name) DO NOTHING', [team]);
      const rows = await tx.query(
        `INSERT INTO users (name, team_id, role, aliases, level) SELECT $1, id, $3, $4, $5 FROM teams WHERE name = $2
         ON CONFLICT (name) DO NOTHING RETURNING id`,
        [user, team, options.role ?? 'technician', aliases, options.level ?? 'N1'],
      );
      if (rows.length === 0) throw new HubError('conflict', `a user named "${user}" already exists`, 'user');
      return { user, team };
    });
  }

  /** Registers the device for the user when new and issues a token for it. The token is shown once. */
  async issueToken(userName: string, deviceName: string): Promise<{ token: string; device: string }> {
    const device = checkName(deviceName, 'device');
    const token = newToken();
    await this.db.transaction(async (tx) => {
      const users = await tx.query<{ id: string }>('SELECT id FROM users WHERE name = $1', [userName]);
      const userId = users[0]?.id;
      if (userId === undefined) throw new HubError('not_found', `no user named "${userName}" (add it with: hub user add)`, 'user');
      await tx.query('INSERT INTO devices (user_id, name) VALUES ($1, $2) ON CONFLICT (user_id, name) DO NOTHING', [userId, device]);
      await tx.query(
        'INSERT INTO tokens (hash, user_id, device_id) SELECT $1, $2, id FROM devices WHERE user_id = $2 AND name = $3',
        [hashToken(token), userId, device],
      );
    });
    return { token, device };
  }

  /** Sets a user's support level (N2 and N3 may approve changes). */
  async setLevel(name: string, level: Level): Promise<void> {
    const rows = await this.db.query('UPDATE users SET level = $2 WHERE name = $1 RETURNING id', [name, level]);
    if (rows.length === 0) throw new HubError('not_found', `no user named "${name}" (add it with: hub user add)`, 'user');
  }

  /** Revokes every live token of a user (or of one of their devices). Returns how many. */
  async revoke(userName: string, deviceName?: string): Promise<number> {
    const rows = await this.db.query(
      `UPDATE tokens SET revoked_at = now() FROM users u, devices d
       WHERE tokens.user_id = u.id AND tokens.device_id = d.id AND u.name = $1 AND ($2::text IS NULL OR d.name = $2)
         AND tokens.revoked_at IS NULL RETURNING tokens.id`,
      [userName, deviceName ?? null],
    );
    return rows.length;
  }

  async revokeToken(token: string): Promise<boolean> {
    const rows = await this.db.query('UPDATE tokens SET revoked_at = now() WHERE hash = $1 AND revoked_at IS NULL RETURNING id', [hashToken(token)]);
    return rows.length > 0;
  }

  /** Every device of the team bound to a clock node (it has pushed), with its user: names for the devices. */
  async devicesOf(teamId: number): Promise<{ node: string; user: string; device: string }[]> {
    return await this.db.query<{ node: string; user: string; device: string }>(
      `SELECT d.node_id AS node, u.name AS user, d.name AS device
       FROM devices d JOIN users u ON u.id = d.user_id
       WHERE u.team_id = $1 AND d.node_id IS NOT NULL ORDER BY d.node_id`,
      [teamId],
    );
  }

  /** The principal of a live token, or null (unknown or revoked: the caller says which it cannot tell). */
  async authenticate(token: string): Promise<Principal | null> {
    const rows = await this.db.query<PrincipalRow>(
      `SELECT t.id AS token_id, u.id AS user_id, u.name AS user_name, u.aliases, u.role, u.level, tm.id AS team_id,
              tm.name AS team_name, d.id AS device_id, d.name AS device_name, d.node_id
       FROM tokens t JOIN users u ON u.id = t.user_id JOIN teams tm ON tm.id = u.team_id JOIN devices d ON d.id = t.device_id
       WHERE t.hash = $1 AND t.revoked_at IS NULL`,
      [hashToken(token)],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      tokenId: Number(row.token_id),
      userId: Number(row.user_id),
      user: row.user_name,
      aliases: row.aliases,
      role: row.role,
      level: row.level,
      teamId: Number(row.team_id),
      team: row.team_name,
      deviceId: Number(row.device_id),
      device: row.device_name,
      nodeId: row.node_id,
    };
  }

  /**
   * Binds a clock node id to the device on its first push. False when the device is already bound to
   * another node, or the node belongs to another device.
   */
  async bindNode(deviceId: number, nodeId: string): Promise<boolean> {
    try {
      const rows = await this.db.query<{ node_id: string }>(
        `UPDATE devices SET node_id = coalesce(node_id, $2) WHERE id = $1 RETURNING node_id`,
        [deviceId, nodeId],
      );
      return rows[0]?.node_id === nodeId;
    } catch (error) {
      if ((error as { code?: string }).code === '23505') return false; // the node is another device's
      throw error;
    }
  }

  async listUsers(): Promise<{ user: string; team: string; role: Role; devices: string[] }[]> {
    const rows = await this.db.query<{ name: string; team: string; role: Role; devices: string[] | null }>(
      `SELECT u.name, t.name AS team, u.role, array_remove(array_agg(d.name ORDER BY d.name), NULL) AS devices
       FROM users u JOIN teams t ON t.id = u.team_id LEFT JOIN devices d ON d.user_id = u.id
       GROUP BY u.name, t.name, u.role ORDER BY u.name`,
    );
    return rows.map((r) => ({ user: r.name, team: r.team, role: r.role, devices: r.devices ?? [] }));
  }
}
