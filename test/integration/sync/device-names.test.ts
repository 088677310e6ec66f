import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openHubDatabase } from '../../../hub/open';
import { HubClient } from '../../../electron/core/sync/hub-client';
import { readDeviceNames } from '../../../electron/core/device-names';
import { startHub } from '../../setup/hub';
import { openSyncDevice } from '../../setup/sync';
import { tempDir } from '../../setup/temp';

describe('device names: people, not clock ids', () => {
  it('the hub names each device that pushed, only to its team, and tickets carry those names', { timeout: 180_000 }, async () => {
    const db = await openHubDatabase({ dataDir: join(tempDir(), 'hub-data') });
    const hub = await startHub(db);
    try {
      await hub.accounts.addUser('Jeanne');
      await hub.accounts.addUser('Karim');
      const jeanneToken = (await hub.accounts.issueToken('Jeanne', 'laptop')).token;
      const karimToken = (await hub.accounts.issueToken('Karim', 'desk')).token;
      const dir = tempDir();
      const jeanne = openSyncDevice(join(dir, 'j.db'), { actor: 'Jeanne', hubUrl: hub.url, token: jeanneToken });
      const karim = openSyncDevice(join(dir, 'k.db'), { actor: 'Karim', hubUrl: hub.url, token: karimToken });
      try {
        // Before any push a device has no node on the hub: nobody is listed.
        expect((await new HubClient({ url: hub.url, token: karimToken }).devices()).devices).toEqual([]);

        const id = jeanne.service.create({ kind: 'incident', title: 'VPN drops every hour', impact: 2, urgency: 2 }).ticket.id;
        await jeanne.engine.syncOnce();
        await karim.engine.syncOnce();
        karim.service.act({ ticketId: id, type: 'comment_added', payload: { text: 'Same here', internal: false } });
        await karim.engine.syncOnce();
        await jeanne.engine.syncOnce();

        const jeanneNode = jeanne.service.store.device;
        const karimNode = karim.service.store.device;
        expect(readDeviceNames(jeanne.db)).toEqual({ [jeanneNode]: 'Jeanne (laptop)', [karimNode]: 'Karim (desk)' });
        const detail = jeanne.service.detail(id);
        expect(detail.devices).toEqual({ [jeanneNode]: 'Jeanne (laptop)', [karimNode]: 'Karim (desk)' });
        expect(detail.timeline.map((e) => detail.devices[e.device])).toEqual(['Jeanne (laptop)', 'Karim (desk)']);
      } finally {
        jeanne.close();
        karim.close();
      }

      // Another team's token sees none of them.
      await hub.accounts.addUser('Lucie', { team: 'Other site' });
      const lucie = (await hub.accounts.issueToken('Lucie', 'tablet')).token;
      expect((await new HubClient({ url: hub.url, token: lucie }).devices()).devices).toEqual([]);
    } finally {
      await hub.close();
      await db.close();
    }
  });
});
