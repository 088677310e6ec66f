/**
 * Randomized, bounded, seeded fault trials of sync (issue 7). Each trial: two devices share tickets, edit
 * them offline, sync through one fault (a client killed mid-push / mid-pull / mid-apply in a child process,
 * the hub killed mid-batch and restarted, a proxy dropping or duplicating an answer, clocks skewed by up to
 * a day), then resync and a fresh third device pulls everything. Counted: events made that are missing
 * somewhere (lost), extra or repeated events (duplicated), tickets whose projection differs between the
 * devices or from the fold of the hub's log (diverged). The knowledge base rides along: shared articles
 * edited offline on both devices, counted the same way (article events, articles).
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { KbStore } from '../../electron/core/kb/store';
import { foldArticle, type KbEvent } from '../../shared/kb';
import { seededRandom } from '../../shared/random';
import { foldTicket, type TicketEvent } from '../../shared/tickets';
import type { TicketAction } from '../../shared/contract/tickets';
import type { HubDatabase } from '../../hub/db/sql';
import { Accounts } from '../../hub/store/accounts';
import { openMigratedPostgres, spawnHub, startHub, userToken, type HubProcess, type TestHub } from './hub';
import type { Postgres } from './postgres';
import { freePort } from './sshd';
import { eventIds, openSyncDevice, projectionsOf, type DeviceOptions, type SyncDevice } from './sync';
import { startTcpProxy, type TcpProxy } from './tcp-proxy';

export const FAULT_KINDS = ['kill-push', 'kill-pull', 'kill-apply', 'hub-restart', 'proxy-drop', 'proxy-duplicate', 'clock-skew'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface TrialOutcome {
  seed: number;
  kind: FaultKind;
  events: number;
  lost: number;
  duplicated: number;
  diverged: number;
  notes: string[];
}

const DAY_MS = 24 * 3_600_000;
const ROOT = join(import.meta.dirname, '..', '..');

const pick = <T>(rand: () => number, list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;

/** `n` random edits of the shared tickets; edits the workflow refuses here are skipped, like a user would. */
export function randomEdits(device: SyncDevice, ids: readonly string[], rand: () => number, n: number): void {
  for (let i = 0; i < n; i++) {
    const ticketId = pick(rand, ids);
    const state = device.service.store.ticket(ticketId);
    const r = rand();
    let action: TicketAction;
    if (r < 0.25) {
      const changes = pick(rand, [
        { title: `${device.name} title ${i}` },
        { impact: pick(rand, [1, 2, 3] as const) },
        { urgency: pick(rand, [1, 2, 3] as const) },
        { site: pick(rand, ['Lyon', 'Paris', 'Nantes']) },
        { requester: pick(rand, ['M. Durand', 'Mme Petit']) },
      ]);
      action = { ticketId, type: 'field_changed', payload: { changes } };
    } else if (r < 0.5) action = { ticketId, type: 'comment_added', payload: { text: `${device.name} note ${i}`, internal: rand() < 0.3 } };
    else if (r < 0.6) action = { ticketId, type: 'assigned', payload: { assignee: device.name } };
    else if (r < 0.75) action = { ticketId, type: 'status_changed', payload: { from: state?.status ?? 'new', to: pick(rand, ['in_progress', 'pending', 'assigned'] as const) } };
    else if (r < 0.82) action = { ticketId, type: 'resolved', payload: { resolution: { text: `fixed by ${device.name}`, rootCause: 'unknown' } } };
    else if (r < 0.88) action = { ticketId, type: 'reopened', payload: { reason: 'came back' } };
    else if (r < 0.94) action = { ticketId, type: 'worklog_added', payload: { minutes: 5 + Math.floor(rand() * 60), kind: 'work' } };
    else action = { ticketId, type: 'escalated', payload: { toLevel: pick(rand, ['N2', 'N3'] as const), reason: 'needs an expert' } };
    try {
      device.service.act(action);
    } catch {
      // refused by the workflow on this device's current state: the technician would do something else
    }
  }
}

const kbOf = (device: SyncDevice) => new KbStore(device.db, device.service.store.clock, () => device.name);

/** `n` random edits of the shared articles (edits of an article this device does not have yet are skipped). */
export function randomArticleEdits(device: SyncDevice, ids: readonly string[], rand: () => number, n: number): void {
  const kb = kbOf(device);
  for (let i = 0; i < n; i++) {
    const id = pick(rand, ids);
    const r = rand();
    try {
      if (r < 0.75) kb.edit(id, pick(rand, [{ body: `${device.name} text ${i}` }, { title: `${device.name} title ${i}` }, { tags: [device.name, `t${i}`] }]));
      else if (r < 0.9) kb.publish(id);
      else kb.archive(id);
    } catch {
      // not here yet, or already in that state
    }
  }
}

const kbEventIds = (device: SyncDevice, where = '1 = 1') => device.db.prepare(`SELECT id FROM kb_events WHERE ${where}`).pluck().all() as string[];

/** Syncs in a child process and SIGKILLs it at the `occurrence`-th start of `phase` (+ `delayMs`). */
async function killDuring(options: DeviceOptions & { file: string }, phase: 'push' | 'pull' | 'apply', occurrence: number, delayMs: number): Promise<string> {
  const { onPhase: _ignored, ...args } = options;
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/setup/sync-child.ts'), JSON.stringify(args)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let seen = 0;
  let buffer = '';
  let killed = false;
  let err = '';
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exit = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => resolve(signal === 'SIGKILL' ? `killed in ${phase}` : `finished before the kill (exit ${code}) ${buffer.includes('FAILED') ? buffer.trim().split('\n').at(-1) : ''} ${err.slice(0, 300)}`));
  });
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const lines = buffer.split('\n');
    seen = lines.filter((line) => line.startsWith(`PHASE ${phase}`)).length;
    if (!killed && seen >= occurrence) {
      killed = true;
      if (delayMs === 0) child.kill('SIGKILL');
      else setTimeout(() => child.kill('SIGKILL'), delayMs);
    }
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const result = await exit;
  clearTimeout(timer);
  return result;
}

export interface FaultEnv {
  pg: Postgres;
  dir: string;
  log?: (line: string) => void;
}

let trialCounter = 0;

export async function runTrial(env: FaultEnv, seed: number, kind: FaultKind): Promise<TrialOutcome> {
  const rand = seededRandom(seed);
  const notes: string[] = [];
  const dbUrl = await env.pg.createDatabase(`faults_${process.pid}_${++trialCounter}`);
  const hubDb: HubDatabase = await openMigratedPostgres(dbUrl);
  const accounts = new Accounts(hubDb);
  let inProcess: TestHub | undefined;
  let hubProcess: HubProcess | undefined;
  let hubPort = 0;
  if (kind === 'hub-restart') {
    hubPort = await freePort();
    hubProcess = await spawnHub(dbUrl, hubPort);
  } else {
    inProcess = await startHub(hubDb);
    hubPort = inProcess.port;
  }
  const hubUrl = `http://127.0.0.1:${hubPort}`;
  let proxy: TcpProxy | undefined;
  if (kind === 'proxy-drop' || kind === 'proxy-duplicate') proxy = await startTcpProxy(hubPort);
  const dir = join(env.dir, `trial-${seed}-${kind}`);
  const victimName = rand() < 0.5 ? 'alice' : 'bob';
  const skew = (name: string) => (kind !== 'clock-skew' ? 0 : Math.round((rand() * 2 - 1) * DAY_MS * (name === victimName ? 1 : 0.5)));
  const optionsFor = async (name: string): Promise<DeviceOptions & { file: string }> => ({
    file: join(dir, `${name}.db`),
    actor: name,
    hubUrl: proxy && name === victimName ? `http://127.0.0.1:${proxy.port}` : hubUrl,
    token: await userToken(accounts, name, `${name}-pc`),
    skewMs: skew(name),
    pushBatch: kind === 'kill-apply' ? 500 : 4,
    pullLimit: kind === 'kill-apply' ? 5_000 : 6,
  });
  const options = { alice: await optionsFor('alice'), bob: await optionsFor('bob') };
  const hooks: { onPhase?: (phase: 'push' | 'pull' | 'apply', n: number) => void } = {};
  const open = (name: 'alice' | 'bob') => openSyncDevice(options[name].file, { ...options[name], onPhase: (phase, n) => hooks.onPhase?.(phase, n) });
  const devices = { alice: open('alice'), bob: open('bob') };
  const victim = victimName as 'alice' | 'bob';
  const other = victim === 'alice' ? 'bob' : 'alice';
  if (kind === 'clock-skew') notes.push(`skew alice=${Math.round(options.alice.skewMs ?? 0) / 3_600_000}h bob=${Math.round(options.bob.skewMs ?? 0) / 3_600_000}h`);

  const trySync = async (device: SyncDevice): Promise<boolean> => {
    try {
      const report = await device.engine.syncOnce();
      if (report.restamped > 0) notes.push(`${device.name} re-stamped ${report.restamped} event(s) stamped ahead of the hub`);
      return true;
    } catch (error) {
      notes.push(`${device.name}: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    }
  };

  try {
    // Shared tickets, then a day offline on both devices.
    const ids: string[] = [];
    const tickets = 2 + Math.floor(rand() * 3);
    for (let i = 0; i < tickets; i++) ids.push(devices.alice.service.create({ kind: 'incident', title: `Ticket ${i}`, impact: 2, urgency: 2 }).ticket.id);
    // Articles draw from their own sequence so a seed's ticket history stays what it was before they came.
    const kbRand = seededRandom(seed ^ 0x6b62);
    const articles = Array.from({ length: 1 + Math.floor(kbRand() * 2) }, (_, i) => kbOf(devices.alice).create({ title: `Article ${i}`, kind: 'resolution' }).id);
    if (kind !== 'clock-skew') {
      await trySync(devices.alice);
      await trySync(devices.bob);
    }
    randomEdits(devices.alice, ids, rand, 8 + Math.floor(rand() * 12));
    randomEdits(devices.bob, ids, rand, 8 + Math.floor(rand() * 12));
    randomArticleEdits(devices.alice, articles, kbRand, 2 + Math.floor(kbRand() * 5));
    randomArticleEdits(devices.bob, articles, kbRand, 2 + Math.floor(kbRand() * 5));
    if (kind === 'kill-apply') {
      // A page big enough that its apply transaction lasts long enough to be killed in the middle.
      for (let i = 0; i < 700 + Math.floor(rand() * 500); i++) {
        devices[other].service.act({ ticketId: pick(rand, ids), type: 'worklog_added', payload: { minutes: 1 + (i % 50), kind: 'work' } });
      }
    }

    // The faulty sync.
    switch (kind) {
      case 'kill-push':
      case 'kill-pull':
      case 'kill-apply': {
        if (kind !== 'kill-push') await trySync(devices[other]);
        const cursorBefore = devices[victim].state.get().cursor;
        devices[victim].close();
        const phase = kind === 'kill-push' ? 'push' : kind === 'kill-pull' ? 'pull' : 'apply';
        notes.push(await killDuring(options[victim], phase, phase === 'apply' ? 1 : 1 + Math.floor(rand() * 2), phase === 'apply' ? 0 : Math.floor(rand() * 15)));
        devices[victim] = open(victim);
        if (phase === 'apply' && devices[victim].state.get().cursor === cursorBefore) notes.push('the page was not applied: its transaction rolled back');
        break;
      }
      case 'hub-restart': {
        await trySync(devices[other]);
        const process = hubProcess;
        let fired = false;
        const kill = new Promise<void>((resolve) => {
          hooks.onPhase = (phase) => {
            if (phase !== 'push' || fired || !process) return;
            fired = true;
            setTimeout(() => void process.kill().then(resolve), Math.floor(rand() * 10));
          };
        });
        await trySync(devices[victim]);
        hooks.onPhase = undefined;
        if (fired) {
          await kill;
          notes.push('hub killed during a push');
        }
        hubProcess = await spawnHub(dbUrl, hubPort);
        break;
      }
      case 'proxy-drop':
      case 'proxy-duplicate': {
        const fault = kind === 'proxy-drop' ? 'drop-response' : rand() < 0.5 ? 'duplicate-response' : 'duplicate-request';
        proxy?.arm(fault, 1 + Math.floor(rand() * 4));
        notes.push(fault);
        for (let i = 0; i < 3; i++) if (await trySync(devices[victim])) break;
        break;
      }
      case 'clock-skew':
        break;
    }

    // Resync until both devices are quiet (bounded), then a fresh third device pulls everything.
    for (let round = 0; round < 6; round++) {
      let ok = true;
      for (const name of ['alice', 'bob'] as const) ok = (await trySync(devices[name])) && ok;
      const quiet = devices.alice.state.waiting() === 0 && devices.bob.state.waiting() === 0;
      const head = Number((await hubDb.query<{ head: string | null }>('SELECT max(seq) AS head FROM events'))[0]?.head ?? 0);
      const kbHead = Number((await hubDb.query<{ head: string | null }>('SELECT max(seq) AS head FROM kb_events'))[0]?.head ?? 0);
      const caughtUp = (d: SyncDevice) => d.state.get().cursor === head && d.state.get().kbCursor === kbHead;
      if (ok && quiet && caughtUp(devices.alice) && caughtUp(devices.bob)) break;
    }
    const carol = openSyncDevice(join(dir, 'carol.db'), { actor: 'carol', hubUrl, token: await userToken(accounts, 'carol', 'carol-pc') });
    await trySync(carol);

    // Checks.
    const made = new Set([...eventIds(devices.alice.db, "origin = 'local'"), ...eventIds(devices.bob.db, "origin = 'local'")]);
    const hubRows = await hubDb.query<{ id: string; body: string }>('SELECT id, body FROM events');
    const stores: { name: string; ids: string[] }[] = [
      { name: 'hub', ids: hubRows.map((r) => r.id) },
      ...[devices.alice, devices.bob, carol].map((d) => ({ name: d.name, ids: eventIds(d.db) })),
    ];
    let lost = 0;
    let duplicated = 0;
    for (const store of stores) {
      const have = new Set(store.ids);
      const missing = [...made].filter((id) => !have.has(id)).length;
      const extra = store.ids.length - have.size + [...have].filter((id) => !made.has(id)).length;
      if (missing) notes.push(`${store.name} misses ${missing} event(s)`);
      if (extra) notes.push(`${store.name} has ${extra} extra event(s)`);
      lost += missing;
      duplicated += extra;
    }
    const byTicket = new Map<string, TicketEvent[]>();
    for (const row of hubRows) {
      const event = JSON.parse(row.body) as TicketEvent;
      byTicket.set(event.ticketId, [...(byTicket.get(event.ticketId) ?? []), event]);
    }
    const reference = new Map([...byTicket].map(([id, events]) => [id, foldTicket(events)]));
    let diverged = 0;
    for (const device of [devices.alice, devices.bob, carol]) {
      const projected = projectionsOf(device.db);
      for (const [id, ticket] of reference) {
        const mine = projected.get(id);
        if (mine === undefined || !isDeepStrictEqual(JSON.parse(mine), JSON.parse(JSON.stringify(ticket)))) {
          diverged++;
          notes.push(`${device.name} differs on ticket ${id}`);
        }
      }
      if (projected.size !== reference.size) {
        diverged += Math.abs(projected.size - reference.size);
        notes.push(`${device.name} has ${projected.size} tickets, the hub ${reference.size}`);
      }
    }
    // The knowledge base: every article event once everywhere, articles equal to the fold of the hub's log.
    const kbMade = new Set([...kbEventIds(devices.alice, "origin = 'local'"), ...kbEventIds(devices.bob, "origin = 'local'")]);
    const hubKb = await hubDb.query<{ id: string; body: string }>('SELECT id, body FROM kb_events');
    for (const store of [{ name: 'hub', ids: hubKb.map((r) => r.id) }, ...[devices.alice, devices.bob, carol].map((d) => ({ name: d.name, ids: kbEventIds(d) }))]) {
      const have = new Set(store.ids);
      const missing = [...kbMade].filter((id) => !have.has(id)).length;
      const extra = store.ids.length - have.size + [...have].filter((id) => !kbMade.has(id)).length;
      if (missing) notes.push(`${store.name} misses ${missing} article event(s)`);
      if (extra) notes.push(`${store.name} has ${extra} extra article event(s)`);
      lost += missing;
      duplicated += extra;
    }
    const byArticle = new Map<string, KbEvent[]>();
    for (const row of hubKb) {
      const event = JSON.parse(row.body) as KbEvent;
      byArticle.set(event.articleId, [...(byArticle.get(event.articleId) ?? []), event]);
    }
    for (const device of [devices.alice, devices.bob, carol]) {
      const stored = new Map((device.db.prepare('SELECT id, state FROM kb_articles').all() as { id: string; state: string }[]).map((r) => [r.id, JSON.parse(r.state) as unknown]));
      for (const [id, events] of byArticle) {
        if (!isDeepStrictEqual(stored.get(id), JSON.parse(JSON.stringify(foldArticle(events))))) {
          diverged++;
          notes.push(`${device.name} differs on article ${id}`);
        }
      }
      if (stored.size !== byArticle.size) {
        diverged += Math.abs(stored.size - byArticle.size);
        notes.push(`${device.name} has ${stored.size} articles, the hub ${byArticle.size}`);
      }
    }
    carol.close();
    return { seed, kind, events: made.size + kbMade.size, lost, duplicated, diverged, notes };
  } finally {
    hooks.onPhase = undefined;
    for (const device of Object.values(devices)) {
      try {
        device.close();
      } catch {
        // already closed
      }
    }
    await proxy?.close();
    await inProcess?.close();
    await hubProcess?.kill();
    await hubDb.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Trial i of a run: the kinds in turn, each with its own seed derived from the run's seed. */
export function trialPlan(seed: number, trials: number): { seed: number; kind: FaultKind }[] {
  const rand = seededRandom(seed);
  const offset = Math.floor(rand() * FAULT_KINDS.length);
  return Array.from({ length: trials }, (_, i) => ({ seed: Math.floor(rand() * 2 ** 31), kind: FAULT_KINDS[(offset + i) % FAULT_KINDS.length] as FaultKind }));
}
