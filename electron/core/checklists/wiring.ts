import { probeDeclarations, replay, type OsFamily } from '../../../shared/checklists';
import type { CallName } from '../../../shared/contract';
import type { ChecklistRun, checklistCalls, Suggestion } from '../../../shared/contract/checklists';
import { AtelierError } from '../../../shared/contract/errors';
import type { Ticket } from '../../../shared/tickets';
import type { Database } from '../db/open';
import type { Handlers } from '../dispatch';
import type { HostStore } from '../hosts';
import type { JobRunner } from '../jobs';
import type { Logger } from '../log';
import { runProbe, runProbeStep, type ProbeTarget } from '../probes';
import type { SshService } from '../ssh/service';
import type { TicketService } from '../tickets/service';
import { DraftStore } from './drafts';
import { parseChecklistText, readableDocument } from './load';
import { locateProblems } from './positions';
import { RunBook } from './runs';
import { ChecklistStore } from './store';
import { canAuthorChecklists, formatProblem } from '../../../shared/checklists';

type ChecklistCallName = keyof typeof checklistCalls & CallName;
export type ChecklistHandlers = Pick<Handlers, ChecklistCallName>;

export interface ChecklistWiring {
  readonly store: ChecklistStore;
  readonly runs: RunBook;
  readonly drafts: DraftStore;
  /** Settles once the built-in library is installed (problems are logged, never fatal). */
  readonly ready: Promise<void>;
  readonly handlers: ChecklistHandlers;
}

export interface ChecklistDeps {
  db: Database;
  jobs: JobRunner;
  tickets: TicketService;
  hosts: HostStore;
  ssh: SshService;
  log: Logger;
  /** Who signs draft events (Settings' technician, else the OS user). */
  actor: () => string;
  /** The technician's level (Settings): only N2 and N3 see and write drafts. */
  level: () => 'N1' | 'N2' | 'N3';
  /** Where the built-in YAML files are (tests); default: the packaged library. */
  libraryDir?: string;
}

function localOs(): OsFamily | null {
  if (process.platform === 'linux') return 'linux';
  if (process.platform === 'win32') return 'windows';
  if (process.platform === 'darwin') return 'macos';
  return null;
}

/** Checklists, probes and wizard runs of one core, and the contract handlers over them. */
export function createChecklistWiring(deps: ChecklistDeps): ChecklistWiring {
  const { db, jobs, tickets, hosts, ssh, log } = deps;
  const store = new ChecklistStore(db);
  const hostOf = (ticket: Ticket) => (ticket.asset ? hosts.find(ticket.asset) : undefined);
  const probeTarget = (ticket: Ticket): ChecklistRun['probeTarget'] => {
    const host = hostOf(ticket);
    return host ? { target: 'remote', host: host.name } : { target: 'local' };
  };
  const remote = (name: string): ProbeTarget => ({
    target: 'remote',
    label: name,
    run: (command, options) =>
      ssh.runCommand(name, command, { ...(options?.signal ? { signal: options.signal } : {}), ...(options?.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) }),
  });
  const hostByIdOrName = (key: string): string => (hosts.find(key) ?? hosts.list().find((h) => h.id === key) ?? hosts.get(key)).name;
  const runs = new RunBook(db, tickets, store, probeTarget);
  const drafts = new DraftStore(db, store, tickets.store.clock, deps.actor);
  // Drafts are the authors' business: N1 runs what is published and never meets a draft.
  const author = <T>(work: () => T): T => {
    if (!canAuthorChecklists(deps.level())) throw new AtelierError('forbidden', 'Writing checklists is for N2 and N3: set your level in Settings.', 'level');
    return work();
  };

  // Idempotent: an unchanged built-in is a no-op; a bad file is logged and the others still install.
  const ready = store.installBuiltins(deps.libraryDir).then(
    ({ outcomes, problems }) => {
      const added = outcomes.filter((o) => o.status === 'added').length;
      log.info({ added, total: outcomes.length }, 'built-in checklists installed');
      for (const problem of problems) log.warn({ problem }, 'built-in checklist not installed');
    },
    (error: unknown) => log.error({ err: error }, 'built-in checklists could not be installed'),
  );

  const list = () => store.list().map((info) => ({ ...info, versions: [...info.versions], categories: [...info.categories] }));
  const suggest = (ticketId: string): { os: OsFamily | null; suggestions: Suggestion[] } => {
    const ticket = tickets.detail(ticketId).ticket;
    const hostOs = hostOf(ticket)?.osFamily;
    const os: OsFamily | null = hostOs === 'linux' || hostOs === 'windows' || hostOs === 'macos' ? hostOs : hostOf(ticket) ? null : localOs();
    const category = ticket.category;
    const related = (c: string) => category !== null && (c === category || category.startsWith(`${c}/`) || c.startsWith(`${category}/`));
    const rank = { category: 0, os: 1, other: 2 } as const;
    const suggestions = list().map((checklist): Suggestion => {
      if (checklist.categories.some(related)) return { checklist, match: 'category' };
      const appliesTo = store.get(checklist.id, checklist.version).applies_to.os;
      return { checklist, match: os !== null && appliesTo.includes(os) ? 'os' : 'other' };
    });
    suggestions.sort((a, b) => rank[a.match] - rank[b.match] || a.checklist.title.en.localeCompare(b.checklist.title.en));
    return { os, suggestions };
  };

  const handlers: ChecklistHandlers = {
    'checklists.list': async () => {
      await ready;
      return list();
    },
    'checklists.get': async ({ id, version }) => {
      await ready;
      return store.get(id, version);
    },
    'checklists.import': async ({ yaml, source }) => {
      await ready;
      return author(() => {
        const file = source ?? 'checklist.yaml';
        const checked = parseChecklistText(yaml, file, store.categories());
        if (!checked.ok) return { ok: false, problems: checked.problems.map(formatProblem) };
        try {
          const out = drafts.importFile(yaml, file);
          return out.status === 'unchanged'
            ? { ok: true, problems: [], status: 'unchanged' as const, id: out.id, version: out.version }
            : { ok: true, problems: [], status: 'drafted' as const, id: out.draft.checklistId, version: out.draft.version, draftId: out.draft.id };
        } catch (error) {
          if (error instanceof AtelierError && error.code === 'conflict') return { ok: false, problems: [`${file}:-:${error.path ?? 'version'}: ${error.message}`] };
          throw error;
        }
      });
    },
    'checklists.validate': ({ yaml, file }) => {
      const checked = parseChecklistText(yaml, file, store.categories());
      // The preview and the graph also show a document whose only problems are in its graph (a wrong
      // reference, an unreachable step), so the author sees what the problem does.
      const document = checked.ok ? checked.document : readableDocument(yaml);
      return { ok: checked.ok, problems: locateProblems(yaml, checked.problems), ...(document ? { document } : {}) };
    },
    'checklists.drafts': () => (canAuthorChecklists(deps.level()) ? drafts.list() : []),
    'checklists.draft': ({ draftId }) => author(() => drafts.get(draftId)),
    'checklists.newDraft': async ({ from }) => {
      await ready;
      return author(() => (from ? drafts.edit(from) : drafts.create()));
    },
    'checklists.saveDraft': ({ draftId, yaml }) => author(() => drafts.save(draftId, yaml)),
    'checklists.publish': ({ draftId, yaml, dryRun }) => author(() => drafts.publish(draftId, yaml, dryRun)),
    'checklists.discardDraft': ({ draftId }) => author(() => drafts.discard(draftId)),
    'checklists.replay': ({ id, version, records }) => {
      const state = replay(store.get(id, version), records);
      return { currentStepId: state.current.id, pathStepIds: state.path.map((v) => v.step.id), finished: state.conclusion !== undefined };
    },
    'checklists.suggest': async ({ ticketId }) => {
      await ready;
      return suggest(ticketId);
    },
    'checklists.runs': ({ ticketId }) => runs.runs(ticketId),
    'checklists.startRun': async ({ ticketId, checklistId, version }) => {
      await ready;
      return runs.start(ticketId, checklistId, version);
    },
    'checklists.run': ({ ticketId, runId }) => runs.view(ticketId, runId),
    'checklists.record': ({ ticketId, runId, action }) => runs.act(ticketId, runId, action),
    'checklists.runProbe': ({ ticketId, runId }) => {
      const step = runs.currentProbe(ticketId, runId);
      const where = probeTarget(tickets.detail(ticketId).ticket);
      const target: ProbeTarget = where.target === 'remote' ? remote(where.host) : { target: 'local' };
      const job = jobs.start('checklist.probe', async (ctx) => {
        ctx.progress(0, 1, step.probe);
        const { record } = await runProbeStep(step, target, { signal: ctx.signal });
        ctx.throwIfCancelled();
        runs.recordProbe(ticketId, runId, record as Extract<typeof record, { kind: 'probe' }>);
        ctx.progress(1, 1, step.probe);
      });
      return { jobId: job.jobId };
    },
    'checklists.apply': ({ ticketId, runId, lang, note }) => runs.apply(ticketId, runId, lang, note),
    'probes.list': () =>
      [...probeDeclarations.values()].map((d) => ({
        name: d.name,
        title: d.title,
        fields: Object.fromEntries(Object.entries(d.reading).map(([k, spec]) => [k, spec.unit ? { type: spec.type, unit: spec.unit } : { type: spec.type }])),
      })),
    'probes.run': async ({ name, args, target }) => {
      const run = await runProbe(name, args, target.target === 'remote' ? remote(hostByIdOrName(target.hostId)) : { target: 'local' });
      return { ...run, reading: run.reading as Record<string, unknown> };
    },
  };

  return { store, runs, drafts, ready, handlers };
}
