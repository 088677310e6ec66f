/**
 * A hub database seeded by hand with events no device can apply (as an older hub or a hand edit could have
 * left them): devices set them aside in quarantine with their reason, apply everything else and keep
 * syncing; the hub's CLI lists them and retires one (recorded, the event stays in the log), and devices
 * mark a retired event so it no longer counts.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubDatabase } from '../../../hub/db/sql';
import { Quarantine } from '../../../electron/core/sync/quarantine';
import { KbStore } from '../../../electron/core/kb/store';
import { openMigratedPostgres, startHub, userToken, type TestHub } from '../../setup/hub';
import { startPostgres, type Postgres } from '../../setup/postgres';
import { REPO_ROOT } from '../../setup/serve-process';
import { openSyncDevice, projectionsOf } from '../../setup/sync';
import { tempDir } from '../../setup/temp';

let pg: Postgres;
let db: HubDatabase;
let hub: TestHub;
let url: string;

beforeAll(async () => {
  pg = await startPostgres();
  url = await pg.createDatabase('hub_quarantine');
  db = await openMigratedPostgres(url);
  hub = await startHub(db);
}, 60_000);
afterAll(async () => {
  await hub?.close();
  await db?.close();
  pg?.stop();
});

/** Inserted straight into the hub's log, past the push checks. */
async function seed(table: 'events' | 'kb_events', event: Record<string, unknown> & { id: string; hlc: string; actor: string; device: string; type: string }, key: string) {
  const column = table === 'events' ? 'ticket_id' : 'article_id';
  await db.query(
    `INSERT INTO ${table} (seq, id, team_id, ${column}, hlc, actor, device, type, body)
     SELECT nextval('${table}_seq'), $1, id, $2, $3, $4, $5, $6, $7 FROM teams WHERE name = 'default'`,
    [event.id, key, event.hlc, event.actor, event.device, event.type, JSON.stringify(event)],
  );
}

const hubCli = async (...args: string[]) =>
  (await promisify(execFile)(process.execPath, ['--import', 'tsx', 'hub/cli.ts', ...args, '--database-url', url], { cwd: REPO_ROOT, timeout: 60_000 })).stdout;

describe('quarantine of unappliable events', () => {
  it('sets them aside with their reason, applies the rest, keeps syncing; the hub lists and retires them', { timeout: 400_000 }, async () => {
    const dir = tempDir();
    const ana = openSyncDevice(join(dir, 'ana.db'), { actor: 'ana', hubUrl: hub.url, token: await userToken(hub.accounts, 'ana', 'laptop') });
    const ticket = ana.service.create({ kind: 'incident', title: 'Printer jam', impact: 2, urgency: 2 }).ticket.id;
    ana.service.act({ ticketId: ticket, type: 'comment_added', payload: { text: 'tray 2', internal: false } });
    const article = new KbStore(ana.db, ana.service.store.clock, () => 'ana').create({ title: 'Printer jams', kind: 'resolution' }).id;
    await ana.engine.syncOnce();

    const node = 'abcdefabcdefabcd';
    const now = new Date().toISOString();
    const bad = {
      secondCreated: { id: uuidv7(), ticketId: ticket, hlc: `2020-01-01T00:00:00.000Z-0000-${node}`, actor: 'ana', device: node, type: 'created', payload: { kind: 'incident', title: 'Forged', impact: 1, urgency: 1 } },
      foreignNode: { id: uuidv7(), ticketId: ticket, hlc: `${now}-0000-${ana.service.store.device}`, actor: 'ana', device: node, type: 'comment_added', payload: { text: 'not mine', internal: false } },
      epoch: { id: uuidv7(), ticketId: ticket, hlc: `1970-01-01T00:00:00.000Z-0000-${node}`, actor: 'ana', device: node, type: 'comment_added', payload: { text: 'old', internal: false } },
      orphanArticle: { id: uuidv7(), articleId: 'no-such-article', hlc: `${now}-0000-${node}`, actor: 'ana', device: node, type: 'published', payload: {} },
      // Not even readable as events of this version: a comment whose text is a number, an article edit with an empty title.
      unreadableTicket: { id: uuidv7(), ticketId: ticket, hlc: `${now}-0001-${node}`, actor: 'ana', device: node, type: 'comment_added', payload: { text: 42, internal: false } },
      unreadableArticle: { id: uuidv7(), articleId: article, hlc: `${now}-0001-${node}`, actor: 'ana', device: node, type: 'edited', payload: { changes: { title: '' } } },
    };
    for (const event of [bad.secondCreated, bad.foreignNode, bad.epoch, bad.unreadableTicket]) await seed('events', event, ticket);
    await seed('kb_events', bad.orphanArticle, 'no-such-article');
    await seed('kb_events', bad.unreadableArticle, article);
    // An honest event after them: it must still arrive.
    ana.service.act({ ticketId: ticket, type: 'comment_added', payload: { text: 'after the bad ones', internal: false } });
    await ana.engine.syncOnce();

    const fresh = openSyncDevice(join(dir, 'fresh.db'), { actor: 'zoe', hubUrl: hub.url, token: await userToken(hub.accounts, 'zoe', 'laptop') });
    const report = await fresh.engine.syncOnce();
    expect(report.kb.supported).toBe(true);
    const rules = (device: typeof ana) => Object.fromEntries(new Quarantine(device.db).list().map((e) => [e.eventId, e.rule]));
    const expected = {
      [bad.secondCreated.id]: 'created_twice',
      [bad.foreignNode.id]: 'clock_node',
      [bad.epoch.id]: 'clock_too_early',
      [bad.orphanArticle.id]: 'unknown_subject',
      [bad.unreadableTicket.id]: 'schema',
      [bad.unreadableArticle.id]: 'schema',
    };
    expect(rules(fresh)).toEqual(expected);
    expect(rules(ana)).toEqual(expected);
    expect(projectionsOf(fresh.db)).toEqual(projectionsOf(ana.db));
    expect(JSON.parse(projectionsOf(fresh.db).get(ticket) ?? '{}').comments.map((c: { text: string }) => c.text)).toEqual(['tray 2', 'after the bad ones']);
    expect(fresh.db.prepare('SELECT count(*) FROM kb_articles WHERE id = ?').pluck().get(article)).toBe(1);
    // An unreadable event's reason names its place in the page and its field.
    const unreadable = new Quarantine(fresh.db).list().find((e) => e.eventId === bad.unreadableTicket.id);
    expect(unreadable).toMatchObject({ stream: 'tickets', subject: ticket });
    expect(unreadable?.reason).toMatch(/events\[\d+\]\.payload\.text/);
    // Sync goes on: another round is quiet and nothing is quarantined twice.
    await fresh.engine.syncOnce();
    expect(new Quarantine(fresh.db).count()).toBe(6);

    // The hub's admin sees them and retires one; the event stays in the log.
    const listed = await hubCli('quarantine', 'list');
    for (const [id, rule] of Object.entries(expected)) expect(listed).toMatch(new RegExp(`${id}\\t.*\\t${rule}\\t`));
    expect(listed).toContain('6 unappliable event(s), 6 not retired');
    await expect(hubCli('quarantine', 'retire', uuidv7(), '--reason', 'x', '--by', 'root')).rejects.toThrow(/not an unappliable event/);
    expect(await hubCli('quarantine', 'retire', bad.secondCreated.id, '--reason', 'forged by a test', '--by', 'admin')).toContain('retired by admin');
    expect(await hubCli('quarantine', 'list')).toContain('6 unappliable event(s), 5 not retired');
    expect(Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM events WHERE id = $1', [bad.secondCreated.id]))[0]?.n)).toBe(1);

    await fresh.engine.syncOnce();
    const entries = new Quarantine(fresh.db).list();
    expect(entries.find((e) => e.eventId === bad.secondCreated.id)?.retiredAt).not.toBeNull();
    expect(new Quarantine(fresh.db).count()).toBe(5);

    // An event set aside as unreadable by an older version of the app, readable by this one: the next round
    // applies it (nothing pulled is lost by an update), and it leaves the quarantine.
    const later = { id: uuidv7(), ticketId: ticket, hlc: `${new Date().toISOString()}-0000-${node}`, actor: 'ana', device: node, type: 'comment_added', payload: { text: 'read after the update', internal: false } };
    fresh.db
      .prepare("INSERT INTO sync_quarantine (event_id, stream, subject, body, rule, reason, at_ms) VALUES (?, 'tickets', ?, ?, 'schema', 'unknown type (older version)', 0)")
      .run(later.id, ticket, JSON.stringify(later));
    const retried = await fresh.engine.syncOnce();
    expect(retried.pulled).toBe(1);
    expect(JSON.parse(projectionsOf(fresh.db).get(ticket) ?? '{}').comments.map((c: { text: string }) => c.text)).toContain('read after the update');
    expect(new Quarantine(fresh.db).list().map((e) => e.eventId)).not.toContain(later.id);
    expect(new Quarantine(fresh.db).count()).toBe(5);
    for (const device of [ana, fresh]) device.close();
  });
});
