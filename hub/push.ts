import { AtelierError } from '../shared/contract/errors';
import { checkBatch, checkClock, type AdmissionEvent } from '../shared/sync/admission';
import { canonicalJson } from '../shared/sync/canonical';
import { HUB_MAX_AHEAD_MS, MAX_PUSH_EVENTS, type PushResponse, type PushStatus } from '../shared/sync/protocol';
import { parseEvent, removalRefusal, type AttachedFile, type TicketEvent } from '../shared/tickets';
import { HubError } from './errors';
import type { Accounts, Principal } from './store/accounts';
import type { EventLog, Held, LoggedEvent } from './store/event-log';

/**
 * Validates a whole push body `{ events: [...] }` with the stream's parser (tickets by default): a bad
 * event refuses the batch with the path of the first problem.
 */
export function parseEvents<E = TicketEvent>(raw: unknown, parse: (value: unknown, where: string) => E = parseEvent as (value: unknown, where: string) => E): E[] {
  if (typeof raw !== 'object' || raw === null || !Array.isArray((raw as { events?: unknown }).events)) {
    throw new HubError('invalid_input', 'the body must be {"events": [...]}', 'events');
  }
  const list = (raw as { events: unknown[] }).events;
  const extra = Object.keys(raw).find((key) => key !== 'events');
  if (extra) throw new HubError('invalid_input', `unknown field "${extra}"`, extra);
  if (list.length === 0) throw new HubError('invalid_input', 'a push needs at least one event', 'events');
  if (list.length > MAX_PUSH_EVENTS) {
    throw new HubError('payload_too_large', `a push holds at most ${MAX_PUSH_EVENTS} events (got ${list.length}): send smaller batches`, 'events');
  }
  return list.map((value, index) => {
    try {
      return parse(value, `events[${index}]`);
    } catch (error) {
      if (error instanceof AtelierError) throw new HubError('invalid_input', error.message, error.path);
      throw error;
    }
  });
}

/**
 * A push (tickets or knowledge base): every event must be the token user's (actor) from the token's device (its clock node, bound by
 * the device's first push); otherwise the whole batch is refused and nothing is stored. Events stamped
 * too far after the hub's clock are answered `clock_ahead` and not stored (docs/sync.md, clock rule).
 */
export async function push<E extends LoggedEvent>(
  deps: { accounts: Accounts; log: EventLog<E>; now: () => number },
  principal: Principal,
  events: E[],
): Promise<PushResponse> {
  const seen = new Map<string, string>();
  events.forEach((event, index) => {
    const body = JSON.stringify(event);
    const earlier = seen.get(event.id);
    if (earlier !== undefined && earlier !== body) {
      throw new HubError('invalid_input', `event ${event.id} appears twice with different contents`, `events[${index}].id`);
    }
    seen.set(event.id, body);
    if (event.actor !== principal.user && !principal.aliases.includes(event.actor)) {
      throw new HubError('forbidden', `event actor "${event.actor}" is not this token's user "${principal.user}"`, `events[${index}].actor`);
    }
  });
  const nodes = new Set(events.map((event) => event.device));
  let node = principal.nodeId;
  if (node === null) {
    const [only] = nodes;
    if (nodes.size !== 1 || only === undefined) {
      throw new HubError('forbidden', `device "${principal.device}" pushes for the first time: all its events must come from one device`, 'events');
    }
    if (!(await deps.accounts.bindNode(principal.deviceId, only))) {
      throw new HubError('forbidden', `device ${only} is registered to another user or device`, 'events[0].device');
    }
    node = only;
  }
  events.forEach((event, index) => {
    if (event.device !== node) {
      throw new HubError('forbidden', `device ${event.device} is not registered to "${principal.user}" as "${principal.device}"`, `events[${index}].device`);
    }
  });

  const now = deps.now();
  const status = new Map<string, PushStatus>();
  const candidates: { event: E; index: number }[] = [];
  events.forEach((event, index) => {
    if (status.has(event.id)) return;
    const refusal = checkClock(event, { nowMs: now, maxAheadMs: HUB_MAX_AHEAD_MS });
    if (refusal?.rule === 'clock_ahead') status.set(event.id, 'clock_ahead');
    else if (refusal) throw new HubError(refusal.code, refusal.message, `events[${index}].${refusal.field}`);
    else {
      status.set(event.id, 'known');
      candidates.push({ event, index });
    }
  });
  const inserted = await appendAdmissible(deps.log, principal.teamId, principal.deviceId, candidates);
  for (const id of inserted) status.set(id, 'accepted');
  return { serverTime: deps.now(), results: events.map((event) => ({ id: event.id, status: status.get(event.id) ?? 'known' })) };
}

/**
 * Attachment removals (ticket log): each must pass the removal rule against the attachments the log holds and
 * those the batch adds before it, so every device applies it alike.
 */
function checkRemovals(fresh: readonly { event: LoggedEvent; index: number }[], held: ReadonlyMap<string, AttachedFile>): void {
  const attachments = new Map(held);
  for (const { event, index } of fresh) {
    if (event.type === 'attachment_added') {
      const added = event as unknown as Extract<TicketEvent, { type: 'attachment_added' }>;
      attachments.set(added.id, { eventId: added.id, ticketId: added.ticketId, at: added.hlc, actor: added.actor, hash: added.payload.hash, name: added.payload.name });
    } else if (event.type === 'attachment_removed') {
      const removal = event as unknown as Extract<TicketEvent, { type: 'attachment_removed' }>;
      const refusal = removalRefusal(removal, attachments.get(removal.payload.attachmentId));
      if (refusal) throw new HubError(refusal.code, refusal.message, `events[${index}].${refusal.field}`);
    }
  }
}

/**
 * Under the team's lock: an id already stored is `known` only when it is the same event (canonical JSON,
 * same team); the others must pass the admission rule in merged order against what the log holds.
 */
async function appendAdmissible<E extends LoggedEvent>(log: EventLog<E>, teamId: number, deviceId: number, candidates: readonly { event: E; index: number }[]): Promise<Set<string>> {
  const { key, noun, keyField } = log.stream;
  const decide = (held: Held): E[] => {
    const fresh: { event: E; index: number }[] = [];
    for (const candidate of candidates) {
      const stored = held.byId.get(candidate.event.id);
      if (stored === undefined) fresh.push(candidate);
      else if (stored.teamId !== teamId) {
        throw new HubError('conflict', `event id ${candidate.event.id} is already used by another team's event: give this event a new id`, `events[${candidate.index}].id`);
      } else if (canonicalJson(JSON.parse(stored.body)) !== canonicalJson(candidate.event)) {
        throw new HubError('conflict', `event id ${candidate.event.id} is already stored with other contents: an event never changes once pushed`, `events[${candidate.index}].id`);
      }
    }
    const admission: AdmissionEvent[] = fresh.map(({ event }) => ({ id: event.id, hlc: event.hlc, device: event.device, type: event.type, subject: key(event) }));
    const refused = checkBatch(admission, held.subjects, { noun, subjectField: keyField });
    if (refused) {
      const index = fresh[refused.index]?.index ?? 0;
      throw new HubError(refused.refusal.code, refused.refusal.message, `events[${index}].${refused.refusal.field}`);
    }
    checkRemovals(fresh, held.attachments);
    return fresh.map(({ event }) => event);
  };
  try {
    return await log.appendChecked(teamId, candidates.map(({ event }) => event), deviceId, decide);
  } catch (error) {
    const raced = error as { code?: string; id?: string };
    if (raced.code === 'id_taken') {
      const index = candidates.find(({ event }) => event.id === raced.id)?.index ?? 0;
      throw new HubError('conflict', `event id ${raced.id} is already used by another event: give this event a new id`, `events[${index}].id`);
    }
    throw error;
  }
}
