import type { HubMigration } from './migration';

/**
 * Teams, users, their devices and access tokens. A token is stored as the sha256 of its random bytes
 * (never the token); a device's `node_id` (its clock's node id, the `device` of its events) is bound by its
 * first push. `aliases` are other names a user's events may carry (the OS user name used before the hub
 * was set up).
 */
export const hubMigration0001: HubMigration = {
  version: 1,
  name: 'accounts',
  sql: `
    CREATE TABLE teams (
      id         bigserial PRIMARY KEY,
      name       text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    INSERT INTO teams (name) VALUES ('default');

    CREATE TABLE users (
      id         bigserial PRIMARY KEY,
      name       text NOT NULL UNIQUE,
      team_id    bigint NOT NULL REFERENCES teams (id),
      role       text NOT NULL CHECK (role IN ('technician', 'dispatcher', 'admin')),
      aliases    text[] NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE devices (
      id         bigserial PRIMARY KEY,
      user_id    bigint NOT NULL REFERENCES users (id),
      name       text NOT NULL,
      node_id    text UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (user_id, name)
    );

    CREATE TABLE tokens (
      id           bigserial PRIMARY KEY,
      hash         bytea NOT NULL UNIQUE,
      user_id      bigint NOT NULL REFERENCES users (id),
      device_id    bigint NOT NULL REFERENCES devices (id),
      created_at   timestamptz NOT NULL DEFAULT now(),
      revoked_at   timestamptz,
      last_used_at timestamptz
    );
  `,
};
