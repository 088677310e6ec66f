import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../../electron/core/db/migrations';
import { openDatabase, schemaVersion } from '../../../electron/core/db/open';
import { TicketService } from '../../../electron/core/tickets/service';
import { addLaterTicketColumns } from '../../setup/old-store';
import { tempDir } from '../../setup/temp';

describe('migration 0010 search-merge', () => {
  it('turns FTS5 automatic merging off and sets the level size the writes merge at, on a store at version 9', () => {
    const file = join(tempDir(), 'a.db');
    const old = openDatabase(file, { migrations, targetVersion: 9 });
    addLaterTicketColumns(old);
    const { ticket } = new TicketService(old, () => 'camille').create({ kind: 'incident', title: 'Imprimante bloquée', impact: 2, urgency: 2 });
    old.close();

    const db = openDatabase(file, { migrations, targetVersion: 10 });
    expect(schemaVersion(db)).toBe(10);
    const config = Object.fromEntries(db.prepare('SELECT k, v FROM tickets_fts_config').raw().all() as [string, unknown][]);
    expect(config).toMatchObject({ automerge: 0, usermerge: 8, crisismerge: 32 });
    const service = new TicketService(db, () => 'camille');
    service.act({ ticketId: ticket.id, type: 'comment_added', payload: { text: 'Rouleau usé', internal: false } });
    expect(service.queue.page({ filter: { text: 'rouleau imprimante' } }).total).toBe(1);
    db.close();
  });
});
