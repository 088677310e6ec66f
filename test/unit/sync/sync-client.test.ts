import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HubToken, HubUrl } from '../../../shared/contract/sync';
import { openDatabase, schemaVersion } from '../../../electron/core/db/open';
import { SecretVault } from '../../../electron/core/secrets';
import { HubClock } from '../../../electron/core/sync/clock';
import { restampAhead } from '../../../electron/core/sync/restamp';
import { backoffDelay } from '../../../electron/core/sync/scheduler';
import { SyncStateStore } from '../../../electron/core/sync/state';
import { HubTokenStore } from '../../../electron/core/sync/token';
import { ProjectionWriter } from '../../../electron/core/tickets/projection';
import { TicketService } from '../../../electron/core/tickets/service';
import { hlcWallMs } from '../../../shared/tickets';
import { tempDir } from '../../setup/temp';

describe('migration 0007-sync', () => {
  it('adds sync_state (one row, cursor 0) and sync_rejections on top of version 6, keeping earlier data', () => {
    const file = join(tempDir(), 'atelier.db');
    const before = openDatabase(file, { targetVersion: 6 });
    before.prepare("INSERT INTO settings (key, value) VALUES ('ui', '{}')").run();
    before.close();
    const db = openDatabase(file, { targetVersion: 7 });
    expect(schemaVersion(db)).toBe(7);
    expect(db.prepare('SELECT cursor, hub_url, clock_offset_ms FROM sync_state').all()).toEqual([{ cursor: 0, hub_url: null, clock_offset_ms: 0 }]);
    expect(() => db.prepare('INSERT INTO sync_state (id) VALUES (2)').run()).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE sync_state SET last_error = 'oops'").run()).toThrow(/CHECK/);
    expect(db.prepare("SELECT value FROM settings WHERE key = 'ui'").pluck().get()).toBe('{}');
    db.close();
  });
});

describe('sync state', () => {
  it('resets the cursor for a new hub only, and never moves it back', () => {
    const db = openDatabase(join(tempDir(), 'a.db'));
    const state = new SyncStateStore(db);
    state.setHub('https://hub.example');
    state.setCursor(40);
    state.setCursor(12);
    expect(state.get().cursor).toBe(40);
    state.setHub('https://hub.example');
    expect(state.get().cursor).toBe(40);
    state.setHub('https://other.example');
    expect(state.get()).toMatchObject({ cursor: 0, hubUrl: 'https://other.example' });
    db.close();
  });
});

describe('hub settings schemas', () => {
  it('accepts https anywhere and http only for this machine', () => {
    expect(HubUrl.parse('https://hub.example.org/atelier/')).toBe('https://hub.example.org/atelier');
    expect(HubUrl.parse('http://127.0.0.1:8470')).toBe('http://127.0.0.1:8470');
    expect(HubUrl.safeParse('http://hub.example.org').success).toBe(false);
    expect(HubUrl.safeParse('ftp://x').success).toBe(false);
    expect(HubToken.safeParse(`atl_${'a'.repeat(43)}`).success).toBe(true);
    expect(HubToken.safeParse('atl_short').error?.issues[0]?.message).toContain('hub token issue');
  });
});

describe('backoff', () => {
  it('doubles up to the cap, with half of each delay random', () => {
    const options = { baseMs: 1_000, maxMs: 60_000 };
    expect(backoffDelay(1, options, () => 0)).toBe(500);
    expect(backoffDelay(1, options, () => 1)).toBe(1_000);
    expect(backoffDelay(4, options, () => 0)).toBe(4_000);
    expect(backoffDelay(4, options, () => 1)).toBe(8_000);
    expect(backoffDelay(50, options, () => 1)).toBe(60_000);
    const spread = new Set(Array.from({ length: 20 }, () => backoffDelay(3, options)));
    expect(spread.size).toBeGreaterThan(1);
  });
});

describe('hub token keeping', () => {
  it('seals the token in the unlocked vault, else keeps it in memory only and moves it once unlocked', () => {
    const db = openDatabase(join(tempDir(), 'a.db'));
    const vault = new SecretVault(db, { N: 1 << 10, r: 8, p: 1 });
    const tokens = new HubTokenStore(vault);
    const token = `atl_${'b'.repeat(43)}`;
    expect(tokens.set(token)).toBe('memory');
    expect(tokens.get()).toBe(token);
    const raw = () => JSON.stringify(db.prepare('SELECT * FROM secrets').all());
    expect(raw()).not.toContain(token);
    vault.unlock('correct horse');
    expect(tokens.storage()).toBe('vault');
    expect(raw()).not.toContain(token);
    vault.lock();
    expect(tokens.storage()).toBe('locked');
    expect(tokens.get()).toBeUndefined();
    tokens.clear();
    expect(tokens.storage()).toBe('none');
    db.close();
  });
});

describe('re-stamping events stamped ahead of the hub', () => {
  it('moves only unpushed ones, keeps local order and what came before, and re-folds the ticket', () => {
    const db = openDatabase(join(tempDir(), 'a.db'));
    const state = new SyncStateStore(db);
    let skew = 0;
    const clock = new HubClock(state, () => Date.now() + skew);
    const service = new TicketService(db, () => 'tech', undefined, clock.wall);
    const id = service.create({ kind: 'incident', title: 'Before', impact: 2, urgency: 2 }).ticket.id;
    db.prepare("UPDATE events SET synced_at = 'x'").run();
    skew = 24 * 3_600_000;
    service.act({ ticketId: id, type: 'field_changed', payload: { changes: { title: 'Ahead 1' } } });
    service.act({ ticketId: id, type: 'field_changed', payload: { changes: { title: 'Ahead 2' } } });
    const hubNow = Date.now();
    const moved = restampAhead(db, new ProjectionWriter(db), { node: service.store.device, limitMs: hubNow + 60_000, hubNowMs: hubNow, shiftMs: -skew });
    expect(moved).toBe(2);
    const history = service.store.history(id);
    expect(history.map((h) => h.event.type)).toEqual(['created', 'field_changed', 'field_changed']);
    const [created, one, two] = history.map((h) => h.event.hlc) as [string, string, string];
    expect(created < one && one < two).toBe(true);
    expect(hlcWallMs(two)).toBeLessThanOrEqual(hubNow);
    expect(service.store.ticket(id)?.title).toBe('Ahead 2');
    expect(restampAhead(db, new ProjectionWriter(db), { node: service.store.device, limitMs: hubNow + 60_000, hubNowMs: hubNow, shiftMs: -skew })).toBe(0);
    db.close();
  });
});
