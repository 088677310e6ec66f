import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateHub } from '../../../hub/db/migrate';
import { hubMigrations } from '../../../hub/db/migrations';
import { openPostgres } from '../../../hub/db/sql';
import { buildHub } from '../../../hub/server';
import { startPostgres, type Postgres } from '../../setup/postgres';
import { freePort } from '../../setup/sshd';

let pg: Postgres;
beforeAll(async () => {
  pg = await startPostgres();
});
afterAll(() => pg?.stop());

const latest = Math.max(...hubMigrations.map((m) => m.version));

describe('hub probes: /healthz (process up) and /readyz (database reachable and migrated)', () => {
  it('is ready only once the database holds exactly the schema this hub expects', async () => {
    const db = openPostgres(await pg.createDatabase('probes_schema'));
    const app = buildHub({ db });
    try {
      const probe = async (url: string) => {
        const res = await app.inject({ method: 'GET', url });
        return { status: res.statusCode, body: res.json() as Record<string, unknown> };
      };
      expect(await probe('/healthz')).toEqual({ status: 200, body: { ok: true } });
      // A hub started with --no-migrate before `atelier-hub migrate` ran: up, not ready.
      const empty = await probe('/readyz');
      expect(empty.status).toBe(503);
      expect(empty.body).toMatchObject({ ready: false, schema: null });
      expect(String(empty.body.reason)).toContain('atelier-hub migrate');

      await migrateHub(db, hubMigrations.slice(0, -1));
      const behind = await probe('/readyz');
      expect(behind).toMatchObject({ status: 503, body: { ready: false, schema: hubMigrations.at(-2)?.version } });
      expect(String(behind.body.reason)).toContain(`needs ${latest}`);

      await migrateHub(db);
      expect(await probe('/readyz')).toEqual({ status: 200, body: { ready: true, schema: latest } });

      // A newer hub migrated the database: this one must leave the pool.
      await db.query("INSERT INTO hub_migrations (version, name) VALUES ($1, 'from a newer hub')", [latest + 1]);
      const ahead = await probe('/readyz');
      expect(ahead).toMatchObject({ status: 503, body: { ready: false, schema: latest + 1 } });
      expect(String(ahead.body.reason)).toContain('update the hub');
    } finally {
      await app.close();
      await db.close();
    }
  });

  it('an unreachable database: healthy, not ready, and the answer names no host', async () => {
    const port = await freePort();
    const db = openPostgres(`postgres://hub:secret@127.0.0.1:${port}/atelier`);
    const app = buildHub({ db });
    try {
      expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
      const res = await app.inject({ method: 'GET', url: '/readyz' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({ ready: false, schema: null, reason: 'the database is unreachable' });
      expect(res.body).not.toContain(String(port));
    } finally {
      await app.close();
      await db.close();
    }
  });
});
