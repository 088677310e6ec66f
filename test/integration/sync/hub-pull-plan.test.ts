import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubDatabase } from '../../../hub/db/sql';
import { EventLog, PULL_PLAN, pageQuery } from '../../../hub/store/event-log';
import { v7 as uuidv7 } from 'uuid';
import { Hlc, type TicketEvent } from '../../../shared/tickets';
import { startPostgres, type Postgres } from '../../setup/postgres';
import { openMigratedPostgres } from '../../setup/hub';

let pg: Postgres;
let db: HubDatabase;

beforeAll(async () => {
  pg = await startPostgres();
  db = await openMigratedPostgres(await pg.createDatabase('pull_plan'));
});
afterAll(async () => {
  await db?.close();
  pg?.stop();
});

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}
const nodes = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodes)];

describe('a pull page on the hub', () => {
  it('is one range scan of the (team_id, seq) index even before the log has planner statistics', async () => {
    const log = new EventLog(db);
    // As on a hub whose log was just filled, before autovacuum's ANALYZE comes by.
    await db.exec('ALTER TABLE events SET (autovacuum_enabled = false)');
    const hlc = new Hlc({ node: '00000000000000aa' });
    const events: TicketEvent[] = Array.from({ length: 30_000 }, (_, i) => ({
      id: uuidv7(), ticketId: uuidv7(), hlc: hlc.now(), actor: 'import', device: '00000000000000aa', type: 'created',
      payload: { kind: 'incident', title: `Imported ticket ${i} with a title long enough to weigh like a real one`, impact: 2, urgency: 2 },
    }));
    for (let i = 0; i < events.length; i += 5_000) await log.append(1, events.slice(i, i + 5_000), null);
    const never = await db.query<{ n: string }>("SELECT count(*) AS n FROM pg_stat_user_tables WHERE relname = 'events' AND last_analyze IS NULL AND last_autoanalyze IS NULL");
    expect(Number(never[0]?.n)).toBe(1);
    // Without the pull's settings, PostgreSQL plans a bitmap scan of every remaining row and a sort.
    const plain = await db.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(`EXPLAIN (FORMAT JSON) ${pageQuery('events')}`, [1, 0, 5_000]);
    expect(nodes(plain[0]!['QUERY PLAN'][0].Plan).map((n) => n['Node Type'])).toContain('Sort');
    const plan = await db.transaction(async (tx) => {
      await tx.exec(PULL_PLAN);
      return await tx.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(`EXPLAIN (FORMAT JSON) ${pageQuery('events')}`, [1, 0, 5_000]);
    });
    const used = nodes(plan[0]!['QUERY PLAN'][0].Plan);
    expect(used.map((n) => n['Node Type'])).toEqual(['Limit', 'Index Scan']);
    expect(used[1]?.['Index Name']).toBe('events_team_seq');
    // And the pages come in order, complete.
    let after = 0;
    let seen = 0;
    for (let page = 0; page < 10; page++) {
      const got = await log.pull(1, after, 5_000);
      if (got.bodies.length === 0) break;
      seen += got.bodies.length;
      after = got.next;
    }
    expect(seen).toBe(30_000);
  });
});
