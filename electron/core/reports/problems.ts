/**
 * Problem management: suggest groups of incidents that may share a root cause, and act on problem records.
 * Suggestions are never applied by themselves: a person creates the problem and links the incidents.
 * Reasons: same asset, same category (3+), similar text (2+ shared keywords, found through FTS), and
 * inventory fingerprints (same model, BIOS version or disk firmware on different machines).
 */
import { AtelierError } from '../../../shared/contract';
import type { InventorySnapshot } from '../../../shared/inventory';
import { hlcWallMs, isOpen, type Resolution, type Ticket } from '../../../shared/tickets';
import type { Database } from '../db/open';
import { InventoryStore } from '../inventory/store';
import { keywords } from '../kb/fts';
import { anyWordQuery } from '../search/fts-query';
import { ticketRef } from '../tickets/projection';
import type { TicketService } from '../tickets/service';

export type CandidateReason = 'asset' | 'category' | 'text' | 'model' | 'bios' | 'disk_firmware';

export interface ProblemCandidate {
  reasons: { reason: CandidateReason; key: string }[];
  tickets: { id: string; ref: string; title: string; status: string; asset: string | null; createdMs: number }[];
}

export interface CandidateOptions {
  nowMs?: number;
  windowDays?: number;
  /** Incidents in one category needed before the category itself is suggested. */
  minCategory?: number;
}

const DAY = 86_400_000;

export function problemCandidates(db: Database, options: CandidateOptions = {}): ProblemCandidate[] {
  const now = options.nowMs ?? Date.now();
  const since = now - (options.windowDays ?? 30) * DAY;
  const incidents = (
    db.prepare("SELECT s.state FROM tickets t JOIN ticket_states s ON s.id = t.id WHERE t.kind = 'incident' AND t.created_ms >= ? AND t.created_ms <= ? ORDER BY t.created_ms DESC LIMIT 2000").pluck().all(since, now) as string[]
  )
    .map((raw) => JSON.parse(raw) as Ticket)
    .filter((t) => t.problemId === null);
  const byId = new Map(incidents.map((t) => [t.id, t]));
  const groups = new Map<string, { reason: CandidateReason; key: string; ids: Set<string> }>();
  const add = (reason: CandidateReason, key: string, id: string) => {
    const k = `${reason}\u0000${key}`;
    const g = groups.get(k) ?? { reason, key, ids: new Set<string>() };
    g.ids.add(id);
    groups.set(k, g);
  };
  for (const t of incidents) {
    if (t.asset) add('asset', t.asset, t.id);
    if (t.category) add('category', t.category, t.id);
  }
  textGroups(db, incidents, byId).forEach((ids, i) => ids.forEach((id) => add('text', `#${i + 1}`, id)));
  const inventory = new InventoryStore(db);
  for (const t of incidents) {
    for (const [reason, key] of fingerprints(t, inventory)) add(reason, key, t.id);
  }

  const minCategory = options.minCategory ?? 3;
  const kept = [...groups.values()].filter((g) => g.ids.size >= (g.reason === 'category' ? minCategory : 2));
  // Fingerprints only mean something across machines.
  const useful = kept.filter((g) => !['model', 'bios', 'disk_firmware'].includes(g.reason) || new Set([...g.ids].map((id) => byId.get(id)?.asset)).size >= 2);
  const merged = new Map<string, ProblemCandidate>();
  for (const g of useful) {
    const ids = [...g.ids].sort();
    const key = ids.join(',');
    const existing = merged.get(key);
    if (existing) {
      existing.reasons.push({ reason: g.reason, key: g.key });
      continue;
    }
    merged.set(key, {
      reasons: [{ reason: g.reason, key: g.key }],
      tickets: ids
        .map((id) => byId.get(id) as Ticket)
        .map((t) => ({ id: t.id, ref: ticketRef(t.id), title: t.title, status: t.status, asset: t.asset, createdMs: hlcWallMs(t.createdAt) }))
        .sort((a, b) => a.ref.localeCompare(b.ref)),
    });
  }
  const weight = (c: ProblemCandidate) => c.tickets.length * 10 + c.reasons.length * 3 + (c.reasons.some((r) => r.reason !== 'category') ? 5 : 0);
  return [...merged.values()].sort((a, b) => weight(b) - weight(a)).slice(0, 50);
}

/** Incidents whose texts share 2+ keywords with another found by FTS; connected ones form one group. */
function textGroups(db: Database, incidents: readonly Ticket[], byId: Map<string, Ticket>): string[][] {
  const parent = new Map<string, string>();
  const find = (id: string): string => {
    let root = id;
    for (let guard = 0; parent.get(root) !== undefined && parent.get(root) !== root && guard < 10_000; guard++) root = parent.get(root) as string;
    return root;
  };
  const search = db.prepare("SELECT t.id FROM tickets_fts f JOIN tickets t ON t.rowid = f.rowid WHERE tickets_fts MATCH ? AND t.id != ? ORDER BY bm25(tickets_fts, 6, 2, 1) LIMIT 10").pluck();
  for (const t of incidents.slice(0, 500)) {
    const words = keywords(`${t.title} ${t.description}`, 10);
    const match = anyWordQuery(words.join(' '));
    if (!match) continue;
    const mine = new Set(words);
    for (const otherId of search.all(match, t.id) as string[]) {
      const other = byId.get(otherId);
      if (!other) continue;
      const shared = keywords(`${other.title} ${other.description}`, 40).filter((w) => mine.has(w)).length;
      if (shared >= 2) parent.set(find(otherId), find(t.id));
    }
    if (!parent.has(t.id)) parent.set(t.id, t.id);
  }
  const groups = new Map<string, string[]>();
  for (const id of parent.keys()) {
    const root = find(id);
    groups.set(root, [...(groups.get(root) ?? []), id]);
  }
  return [...groups.values()].filter((g) => g.length >= 2);
}

function fingerprints(t: Ticket, inventory: InventoryStore): [CandidateReason, string][] {
  const last = t.inventory.at(-1);
  if (!last) return [];
  let s: InventorySnapshot;
  try {
    s = inventory.get(last.snapshotId);
  } catch {
    return [];
  }
  const out: [CandidateReason, string][] = [];
  const sys = s.sections.system.data;
  if (sys.model) out.push(['model', [sys.manufacturer, sys.model].filter(Boolean).join(' ')]);
  const bios = s.sections.bios.data;
  if (bios.version) out.push(['bios', [bios.vendor, bios.version].filter(Boolean).join(' ')]);
  for (const d of s.sections.disks.data) if (d.model && d.firmware) out.push(['disk_firmware', `${d.model} ${d.firmware}`]);
  return out;
}

/** Problem records: links on both tickets in one transaction, and pushing a fix to the open incidents. */
export class Problems {
  constructor(
    private readonly db: Database,
    private readonly tickets: TicketService,
  ) {}

  create(input: { title: string; description?: string; category?: string; incidentIds: string[] }): string {
    return this.db.transaction(() => {
      const incidents = input.incidentIds.map((id) => this.tickets.detail(id).ticket);
      const impact = Math.min(2, ...incidents.map((t) => t.impact)) as 1 | 2 | 3;
      const problem = this.tickets.create({
        kind: 'problem',
        title: input.title,
        ...(input.description ? { description: input.description } : {}),
        ...(input.category ? { category: input.category } : incidents[0]?.category ? { category: incidents[0].category } : {}),
        impact,
        urgency: 2,
        level: 'N2',
      }).ticket;
      for (const id of input.incidentIds) this.link(problem.id, id);
      return problem.id;
    })();
  }

  link(problemId: string, incidentId: string): void {
    this.db.transaction(() => {
      this.tickets.act({ ticketId: problemId, type: 'linked', payload: { role: 'incident', ticketId: incidentId } });
      this.tickets.act({ ticketId: incidentId, type: 'linked', payload: { role: 'problem', ticketId: problemId } });
    })();
  }

  unlink(problemId: string, incidentId: string): void {
    this.db.transaction(() => {
      this.tickets.act({ ticketId: problemId, type: 'unlinked', payload: { role: 'incident', ticketId: incidentId } });
      this.tickets.act({ ticketId: incidentId, type: 'unlinked', payload: { role: 'problem', ticketId: problemId } });
    })();
  }

  /** Resolves every linked incident still open with the problem's fix; returns which were resolved. */
  pushResolution(problemId: string, resolution: Resolution): { resolved: string[]; skipped: string[] } {
    const problem = this.tickets.detail(problemId).ticket;
    if (problem.kind !== 'problem') throw new AtelierError('invalid_input', 'Only a problem record pushes its resolution to incidents.', 'problemId');
    const resolved: string[] = [];
    const skipped: string[] = [];
    this.db.transaction(() => {
      for (const id of problem.incidentIds) {
        const incident = this.tickets.detail(id).ticket;
        if (!isOpen(incident.status)) {
          skipped.push(id);
          continue;
        }
        this.tickets.act({ ticketId: id, type: 'resolved', payload: { resolution } });
        resolved.push(id);
      }
    })();
    return { resolved, skipped };
  }
}
