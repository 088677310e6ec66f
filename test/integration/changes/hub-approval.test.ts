/**
 * Change approval across the team (issue 14), on a real PostgreSQL: a change made and approved offline by
 * an N2 syncs like any ticket; an N1 cannot approve on their device (core) nor by pushing an approval
 * event by hand or from a device that claims N2 (hub), with a clear error and nothing stored.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChangeService } from '../../../electron/core/change-records/service';
import { ChecklistStore } from '../../../electron/core/checklists/store';
import { HostStore } from '../../../electron/core/hosts';
import type { HubDatabase } from '../../../hub/db/sql';
import type { ChangeRecordInput } from '../../../shared/changes';
import type { SupportLevel } from '../../../shared/tickets';
import { openMigratedPostgres, startHub, type TestHub } from '../../setup/hub';
import { startPostgres, type Postgres } from '../../setup/postgres';
import { openSyncDevice, type SyncDevice } from '../../setup/sync';
import { tempDir } from '../../setup/temp';

const record: ChangeRecordInput = { type: 'normal', risk: 'medium', plan: 'Set the proxy line', testPlan: 'grep it', rollbackPlan: 'restore the copy', hosts: ['ws-1', 'ws-2'] };

function changesOf(device: SyncDevice, level: SupportLevel | null): ChangeService {
  return new ChangeService({ db: device.db, tickets: device.service, hosts: new HostStore(device.db), checklists: new ChecklistStore(device.db), actor: () => device.name, level: () => level });
}

describe('change approval through the hub (PostgreSQL)', () => {
  let pg: Postgres;
  let db: HubDatabase;
  let hub: TestHub;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    pg = await startPostgres();
    db = await openMigratedPostgres(await pg.createDatabase('change_approval'));
    hub = await startHub(db);
    await hub.accounts.addUser('nina', { level: 'N1' });
    await hub.accounts.addUser('marc', { level: 'N2' });
    tokens.nina = (await hub.accounts.issueToken('nina', 'laptop')).token;
    tokens.marc = (await hub.accounts.issueToken('marc', 'laptop')).token;
  }, 180_000);
  afterAll(async () => {
    await hub?.close();
    await db?.close();
    pg?.stop();
  });

  it('an N2 approves offline and it syncs; an N1 is refused by the core and by the hub', { timeout: 120_000 }, async () => {
    const dir = tempDir();
    const marc = openSyncDevice(join(dir, 'marc.db'), { actor: 'marc', hubUrl: hub.url, token: tokens.marc! });
    const nina = openSyncDevice(join(dir, 'nina.db'), { actor: 'nina', hubUrl: hub.url, token: tokens.nina! });
    try {
      // Offline: marc plans two changes and approves the first.
      const first = changesOf(marc, 'N2').create({ title: 'Proxy on the accounting floor', record }).ticket.id;
      const second = changesOf(marc, 'N2').create({ title: 'Proxy on the second floor', record }).ticket.id;
      changesOf(marc, 'N2').approve(first, 'tonight only');
      await marc.engine.syncOnce();
      await nina.engine.syncOnce();
      const seen = nina.service.store.ticket(first)?.change;
      expect(seen?.approval).toMatchObject({ state: 'approved', by: 'marc', level: 'N2', reason: 'tonight only' });
      expect(seen?.record.hosts).toEqual(['ws-1', 'ws-2']);

      // The core refuses an N1 before anything is written.
      const before = nina.service.store.history(second).length;
      expect(() => changesOf(nina, 'N1').approve(second)).toThrow(/nina is N1: approving or rejecting a change needs an N2 or N3/);
      expect(nina.service.store.history(second).length).toBe(before);

      // A device that claims N2 while the hub knows nina as N1: the hub refuses the approval, the device sets it
      // aside with the hub's reason (as any event the hub refuses for what it does) and the rest still syncs.
      changesOf(nina, 'N2').approve(second);
      changesOf(nina, 'N2').create({ title: 'Printer driver on the third floor', record });
      const report = await nina.engine.syncOnce();
      expect(report.rejected).toBe(1);
      expect(nina.state.rejected()).toBe(1);
      const reason = nina.db.prepare('SELECT message FROM sync_rejections').pluck().get() as string;
      expect(reason).toMatch(/"nina" is N1: approving or rejecting a change needs an N2 or N3.*hub user level/);
      expect(Number((await db.query<{ n: string }>("SELECT count(*) AS n FROM events WHERE type = 'change_planned'"))[0]?.n)).toBe(3);
      const stored = await db.query<{ n: string }>("SELECT count(*) AS n FROM events WHERE type = 'change_approved'");
      expect(Number(stored[0]?.n)).toBe(1);

      // A hand-made approval with a valid N1 token meets the same refusal, naming the event.
      const [event] = nina.db.prepare("SELECT * FROM events WHERE type = 'change_approved'").all() as Record<string, string>[];
      const body = { events: [{ id: event!.id, ticketId: event!.ticket_id, hlc: event!.hlc, actor: event!.actor, device: event!.device, type: event!.type, payload: JSON.parse(event!.payload!) }] };
      const response = await fetch(`${hub.url}/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${tokens.nina}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ error: { code: 'forbidden', path: 'events[0].type' } });

      // Once the admin makes nina N2 on the hub and she sends it again (Settings), her approval goes through.
      await hub.accounts.setLevel('nina', 'N2');
      nina.state.clearRejections();
      await nina.engine.syncOnce();
      await marc.engine.syncOnce();
      expect(marc.service.store.ticket(second)?.change?.approval).toMatchObject({ state: 'approved', by: 'nina' });
    } finally {
      marc.close();
      nina.close();
    }
  });
});
