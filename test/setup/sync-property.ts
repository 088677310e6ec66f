/**
 * The property behind the admission rule (issue 18), over random sequences of honest and hostile pushes:
 * honest devices edit and sync with the app's engine; a hostile teammate pushes by hand with a valid token
 * (second `created`, back-dated and future events, another device's node, absurd clocks, replays with other
 * contents, unknown tickets, huge fields). Whatever the hub accepted, a fresh device pulls and applies
 * everything with nothing quarantined and no error, and every honest device converges to the same state.
 * Each run uses its own team on one hub. fast-check generates and shrinks the sequences.
 */
import { join } from 'node:path';
import fc from 'fast-check';
import { v7 as uuidv7 } from 'uuid';
import { Quarantine } from '../../electron/core/sync/quarantine';
import { seededRandom } from '../../shared/random';
import type { TicketEvent } from '../../shared/tickets';
import type { TestHub } from './hub';
import { randomEdits } from './sync-faults';
import { openSyncDevice, projectionsOf, type SyncDevice } from './sync';

const ATTACKS = ['created', 'comment', 'foreign_node', 'replay_changed', 'replay_same', 'huge', 'status', 'orphan'] as const;
const WHEN = ['now', 'future', 'far_future', '1970-01-01T00:00:00.000Z', '0001-01-01T00:00:00.000Z', '2001-01-01T00:00:00.000Z', '2020-06-01T00:00:00.000Z'] as const;

export type Step =
  | { kind: 'honest'; device: number; edits: number; seed: number }
  | { kind: 'hostile'; attack: (typeof ATTACKS)[number]; when: (typeof WHEN)[number]; target: number; count: number };

export const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('honest' as const), device: fc.integer({ min: 0, max: 1 }), edits: fc.integer({ min: 1, max: 5 }), seed: fc.integer({ min: 0, max: 2 ** 30 }) }),
  fc.record({ kind: fc.constant('hostile' as const), attack: fc.constantFrom(...ATTACKS), when: fc.constantFrom(...WHEN), target: fc.nat({ max: 20 }), count: fc.integer({ min: 1, max: 3 }) }),
);

let runCounter = 0;

async function rawPush(hub: TestHub, token: string, events: unknown[]): Promise<number> {
  const response = await fetch(`${hub.url}/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ events }) });
  await response.text();
  return response.status;
}

const stampOf = (when: Step extends infer S ? (S extends { when: infer W } ? W : never) : never, node: string): string => {
  const now = Date.now();
  const iso = when === 'now' ? new Date(now).toISOString() : when === 'future' ? new Date(now + 24 * 3_600_000).toISOString() : when === 'far_future' ? '9999-01-01T00:00:00.000Z' : when;
  return `${iso}-0000-${node}`;
};

/** One run of the property: throws (with what differs) when it does not hold. */
export async function runSequence(hub: TestHub, dir: string, steps: readonly Step[]): Promise<void> {
  const run = ++runCounter;
  const team = `prop-${process.pid}-${run}`;
  const tokens = new Map<string, string>();
  const token = async (user: string) => {
    await hub.accounts.addUser(`${user}-${run}`, { team });
    const issued = (await hub.accounts.issueToken(`${user}-${run}`, 'pc')).token;
    tokens.set(user, issued);
    return issued;
  };
  const open = async (user: string) => openSyncDevice(join(dir, `${run}-${user}.db`), { actor: `${user}-${run}`, hubUrl: hub.url, token: await token(user) });
  const honest = [await open('alice'), await open('bob')];
  const mallory = await open('mallory');
  const devices: SyncDevice[] = [...honest, mallory];
  try {
    const shared = honest[0]!.service.create({ kind: 'incident', title: 'Shared', impact: 2, urgency: 2 }).ticket.id;
    const own = mallory.service.create({ kind: 'request', title: 'Mine', impact: 3, urgency: 3 }).ticket.id;
    mallory.service.act({ ticketId: own, type: 'comment_added', payload: { text: 'first', internal: false } });
    for (const device of devices) await device.engine.syncOnce();
    const malloryToken = tokens.get('mallory') ?? '';
    const mine = () => mallory.service.store.history(own).map((s) => s.event);
    const ticketIds = () => [...new Set([shared, own, ...honest.flatMap((d) => [...projectionsOf(d.db).keys()])])];
    for (const step of steps) {
      if (step.kind === 'honest') {
        const device = honest[step.device]!;
        randomEdits(device, ticketIds(), seededRandom(step.seed), step.edits);
        await device.engine.syncOnce();
        continue;
      }
      const [created, comment] = mine() as [TicketEvent, TicketEvent];
      const ids = ticketIds();
      const target = step.attack === 'orphan' ? `ghost-${step.target}` : (ids[step.target % ids.length] ?? shared);
      const node = step.attack === 'foreign_node' ? honest[step.target % 2]!.service.store.device : mallory.service.store.device;
      const hlc = stampOf(step.when, node);
      const events: unknown[] = [];
      for (let i = 0; i < step.count; i++) {
        switch (step.attack) {
          case 'created':
            events.push({ ...created, id: uuidv7(), ticketId: target, hlc });
            break;
          case 'replay_changed':
            events.push({ ...comment, payload: { text: `rewritten ${i}`, internal: true } });
            break;
          case 'replay_same':
            events.push(step.target % 2 === 0 ? comment : created);
            break;
          case 'huge':
            events.push({ ...comment, id: uuidv7(), ticketId: target, hlc, payload: { text: 'x'.repeat(50_000), internal: false } });
            break;
          case 'status':
            events.push({ ...comment, id: uuidv7(), ticketId: target, hlc, type: 'resolved', payload: { resolution: { text: 'forced', rootCause: 'unknown' } } });
            break;
          default:
            events.push({ ...comment, id: uuidv7(), ticketId: target, hlc, payload: { text: `hostile ${i}`, internal: false } });
        }
      }
      const status = await rawPush(hub, malloryToken, events);
      if (status >= 500) throw new Error(`the hub answered ${status} to a hostile push (${step.attack})`);
    }
    // Everyone syncs until quiet, then a fresh device pulls the whole log.
    for (let round = 0; round < 2; round++) for (const device of devices) await device.engine.syncOnce();
    const fresh = await open('fresh');
    devices.push(fresh);
    await fresh.engine.syncOnce();
    // Mallory's own device is not judged: events pushed by hand with its node but never made by its app
    // are, to that app, another device using its node (it sets them aside rather than stopping).
    const judged = [...honest, fresh];
    for (const device of judged) {
      const quarantined = new Quarantine(device.db).list();
      if (quarantined.length > 0) throw new Error(`${device.name} could not apply what the hub accepted: ${quarantined.map((q) => `${q.rule} ${q.reason}`).join('; ')}`);
    }
    const reference = JSON.stringify([...projectionsOf(fresh.db)]);
    for (const device of judged) {
      if (JSON.stringify([...projectionsOf(device.db)]) !== reference) throw new Error(`${device.name} did not converge with a fresh device`);
    }
  } finally {
    for (const device of devices) device.close();
  }
}

/** The property: `numRuns` random sequences; the seed is printed so a failure can be replayed. */
export async function checkSyncProperty(hub: TestHub, dir: string, options: { numRuns: number; seed: number; maxSteps?: number }): Promise<void> {
  await fc.assert(
    fc.asyncProperty(fc.array(stepArbitrary, { minLength: 1, maxLength: options.maxSteps ?? 10 }), async (steps) => await runSequence(hub, dir, steps)),
    { numRuns: options.numRuns, seed: options.seed, endOnFailure: false },
  );
}
