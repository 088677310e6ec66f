import type { Migration } from '../migration';

/**
 * Preventive health checks (electron/core/checks): the plans' versions; one row per reading, kept compact (status, the shown
 * value and the few numbers a trend needs, no raw output) and pruned by the plan's retention; and one
 * row per host x check that has, or had, an incident, so a failing check owns at most one open ticket.
 * The tickets themselves are ordinary tickets: they sync; these tables stay on the device that runs checks.
 */
export const migration0017: Migration = {
  version: 17,
  name: 'health-checks',
  up(db) {
    db.exec(`
      -- Plan versions as their YAML text; the enabled one runs while the app runs (none until a person enables one).
      CREATE TABLE check_plans (
        id        TEXT NOT NULL,
        version   INTEGER NOT NULL CHECK (version > 0),
        yaml      TEXT NOT NULL,
        source    TEXT NOT NULL,
        loaded_ms INTEGER NOT NULL,
        enabled   INTEGER NOT NULL DEFAULT 0 CHECK (enabled IN (0, 1)),
        PRIMARY KEY (id, version)
      ) STRICT;

      CREATE TABLE check_readings (
        id        INTEGER PRIMARY KEY,
        host      TEXT NOT NULL,
        check_id  TEXT NOT NULL,
        at_ms     INTEGER NOT NULL,
        status    TEXT NOT NULL CHECK (status IN ('pass', 'warn', 'fail', 'unavailable', 'unreachable')),
        value     TEXT,
        -- free_bytes of disk.free readings, for the disk-full forecast.
        metric    REAL,
        detail    TEXT
      ) STRICT;
      CREATE INDEX check_readings_by_series ON check_readings (host, check_id, at_ms);
      CREATE INDEX check_readings_by_time ON check_readings (at_ms);

      CREATE TABLE check_incidents (
        host       TEXT NOT NULL,
        check_id   TEXT NOT NULL,
        ticket_id  TEXT,
        passes     INTEGER NOT NULL DEFAULT 0 CHECK (passes >= 0),
        failures   INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
        opened_ms  INTEGER,
        PRIMARY KEY (host, check_id)
      ) STRICT;
    `);
  },
};
