import type { CallName } from '../../../shared/contract';
import type { changeCalls } from '../../../shared/contract/changes';
import type { SupportLevel } from '../../../shared/tickets';
import type { Database } from '../db/open';
import type { Handlers } from '../dispatch';
import type { HostStore } from '../hosts';
import type { JobRunner } from '../jobs';
import type { SshService } from '../ssh/service';
import type { StreamBus } from '../streams';
import type { TicketService } from '../tickets/service';
import { BlobStore } from '../reports/blobs';
import { RolloutEngine } from './rollout';
import { ChangeService } from './service';
import type { ChecklistSource } from './unattended';

type ChangeCallName = keyof typeof changeCalls & CallName;

export interface ChangeWiring {
  readonly changes: ChangeService;
  readonly rollouts: RolloutEngine;
  readonly handlers: Pick<Handlers, ChangeCallName>;
}

export function createChangeWiring(deps: {
  db: Database;
  bus: StreamBus;
  jobs: JobRunner;
  tickets: TicketService;
  hosts: HostStore;
  ssh: SshService;
  checklists: ChecklistSource;
  /** Settles once the built-in checklists are installed: a change may name one. */
  checklistsReady: Promise<void>;
  actor: () => string;
  level: () => SupportLevel | null;
}): ChangeWiring {
  const changes = new ChangeService(deps);
  const blobs = new BlobStore(deps.db);
  // The bytes once (content-addressed, synced beside the event), then the event; no ticket detail built per host.
  const attach = (ticketId: string, file: { name: string; mime: string; data: Uint8Array }) => {
    const { hash, size } = blobs.put(file.data);
    changes.append(ticketId, 'attachment_added', { hash, name: file.name, size, mime: file.mime });
    return { hash, name: file.name };
  };
  const rollouts = new RolloutEngine({ changes, hosts: deps.hosts, ssh: deps.ssh, checklists: deps.checklists, jobs: deps.jobs, bus: deps.bus, attach });
  const handlers: ChangeWiring['handlers'] = {
    'changes.list': () => changes.list(),
    'changes.templates': () => changes.templates(),
    'changes.create': async (input) => {
      await deps.checklistsReady;
      return changes.create(input);
    },
    'changes.plan': async ({ ticketId, record }) => {
      await deps.checklistsReady;
      return changes.plan(ticketId, record);
    },
    'changes.approve': ({ ticketId, note }) => changes.approve(ticketId, note),
    'changes.reject': ({ ticketId, reason }) => changes.reject(ticketId, reason),
    'changes.preview': async ({ ticketId }) => {
      await deps.checklistsReady;
      return rollouts.preview(ticketId);
    },
    'changes.forHost': ({ host }) => changes.forHost(host),
    'changes.rollout': async (input) => {
      await deps.checklistsReady;
      const { jobId, runId } = rollouts.start(input);
      return { jobId, runId };
    },
    'changes.rollback': ({ ticketId, runId }) => {
      const { jobId } = rollouts.rollback(ticketId, runId);
      return { jobId, runId };
    },
  };
  return { changes, rollouts, handlers };
}
