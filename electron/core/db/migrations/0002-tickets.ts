import type { Migration } from '../migration';

/**
 * The ticket event log (source of truth), its projection (what the queue reads) and full-text search.
 * `origin`: local = made on this device, remote = pulled from the hub, demo = demo workspace (never pushed).
 * `synced_at` is null while a local event waits to be pushed.
 */
export const migration0002: Migration = {
  version: 2,
  name: 'tickets',
  up(db) {
    db.exec(`
      CREATE TABLE device (
        id       INTEGER PRIMARY KEY CHECK (id = 1),
        node_id  TEXT NOT NULL,
        last_hlc TEXT
      ) STRICT;

      CREATE TABLE events (
        seq       INTEGER PRIMARY KEY,
        id        TEXT NOT NULL UNIQUE,
        ticket_id TEXT NOT NULL,
        hlc       TEXT NOT NULL,
        actor     TEXT NOT NULL,
        device    TEXT NOT NULL,
        type      TEXT NOT NULL,
        payload   TEXT NOT NULL CHECK (json_valid(payload)),
        origin    TEXT NOT NULL CHECK (origin IN ('local', 'remote', 'demo')),
        synced_at TEXT
      ) STRICT;
      CREATE INDEX events_by_ticket ON events (ticket_id, hlc, id);
      CREATE INDEX events_unsynced ON events (seq) WHERE synced_at IS NULL AND origin = 'local';
      CREATE INDEX events_unsynced_by_ticket ON events (ticket_id) WHERE synced_at IS NULL AND origin = 'local';

      CREATE TABLE tickets (
        id              TEXT PRIMARY KEY,
        ref             TEXT NOT NULL,
        kind            TEXT NOT NULL,
        title           TEXT NOT NULL,
        requester       TEXT,
        site            TEXT,
        asset           TEXT,
        category        TEXT,
        impact          INTEGER NOT NULL,
        urgency         INTEGER NOT NULL,
        priority        TEXT NOT NULL,
        level           TEXT NOT NULL,
        assignee        TEXT,
        team            TEXT,
        status          TEXT NOT NULL,
        is_open         INTEGER NOT NULL,
        conflicts       INTEGER NOT NULL,
        own_due_ms      INTEGER,
        resolve_due_ms  INTEGER,
        created_ms      INTEGER NOT NULL,
        updated_ms      INTEGER NOT NULL
      ) STRICT;
      -- The whole folded ticket, apart from the narrow queue rows so that sorting and filtering 100k
      -- tickets reads small rows only. sla_input is what the queue needs to compute SLA clocks.
      CREATE TABLE ticket_states (
        id        TEXT PRIMARY KEY,
        sla_input TEXT NOT NULL,
        state     TEXT NOT NULL
      ) STRICT;
      CREATE INDEX tickets_queue ON tickets (is_open, priority, updated_ms DESC);
      CREATE INDEX tickets_site ON tickets (site, is_open);
      CREATE INDEX tickets_category ON tickets (category, is_open);
      CREATE INDEX tickets_updated ON tickets (updated_ms);
      CREATE INDEX tickets_due ON tickets (is_open, resolve_due_ms);
      CREATE INDEX tickets_status ON tickets (status, updated_ms);
      CREATE INDEX tickets_assignee ON tickets (assignee, is_open);
      CREATE INDEX tickets_level ON tickets (level, is_open);
      CREATE INDEX tickets_ref ON tickets (ref);

      -- rowid = the tickets row's rowid (an UNINDEXED id column could not be looked up without a scan).
      CREATE VIRTUAL TABLE tickets_fts USING fts5 (
        title,
        description,
        comments,
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '2 3'
      );

      CREATE TABLE blobs (
        hash TEXT PRIMARY KEY,
        size INTEGER NOT NULL,
        data BLOB NOT NULL
      ) STRICT;

      CREATE TABLE categories (
        path     TEXT PRIMARY KEY,
        label_fr TEXT NOT NULL,
        label_en TEXT NOT NULL
      ) STRICT;
    `);
    const insert = db.prepare('INSERT INTO categories (path, label_fr, label_en) VALUES (?, ?, ?)');
    for (const [path, fr, en] of SEED_CATEGORIES) insert.run(path, fr, en);
  },
};

/** The seeded category tree (editable afterwards). */
const SEED_CATEGORIES: readonly [string, string, string][] = [
  ['hardware', 'Matériel', 'Hardware'],
  ['hardware/disk', 'Disque', 'Disk'],
  ['hardware/memory', 'Mémoire', 'Memory'],
  ['hardware/power', 'Alimentation', 'Power'],
  ['hardware/performance', 'Performances', 'Performance'],
  ['hardware/battery', 'Batterie', 'Battery'],
  ['hardware/display', 'Écran', 'Display'],
  ['hardware/printer', 'Imprimante', 'Printer'],
  ['network', 'Réseau', 'Network'],
  ['network/wifi', 'Wi-Fi', 'Wi-Fi'],
  ['network/wired', 'Filaire', 'Wired'],
  ['network/vpn', 'VPN', 'VPN'],
  ['network/dns', 'DNS', 'DNS'],
  ['software', 'Logiciel', 'Software'],
  ['software/os', 'Système', 'Operating system'],
  ['software/office', 'Bureautique', 'Office suite'],
  ['software/email', 'Messagerie', 'Email'],
  ['software/crash', 'Plantage', 'Crash'],
  ['account', 'Compte', 'Account'],
  ['account/password', 'Mot de passe', 'Password'],
  ['account/access', 'Droits d’accès', 'Access rights'],
  ['security', 'Sécurité', 'Security'],
  ['security/malware', 'Logiciel malveillant', 'Malware'],
];
