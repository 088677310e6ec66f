import type { CallName } from '../../../shared/contract';
import type { desktopCalls } from '../../../shared/contract/desktop';
import type { Database } from '../db/open';
import type { Handlers } from '../dispatch';
import type { HostStore } from '../hosts';
import type { SshService } from '../ssh/service';
import type { TicketService } from '../tickets/service';
import { traceText, worklogMinutes, worklogNote } from '../../../shared/desktop/trace';
import type { StreamBus } from '../streams';
import { DesktopSessions, type DesktopTracer } from './sessions';
import { DesktopSettingsStore } from './settings';

export type DesktopHandlers = Pick<Handlers, keyof typeof desktopCalls & CallName>;

export interface DesktopWiring {
  readonly sessions: DesktopSessions;
  readonly handlers: DesktopHandlers;
  close(): Promise<void>;
}

const ok = { ok: true } as const;

/** The remote desktop room: per-host VNC settings and the RFB byte bridges. */
export function createDesktopWiring(deps: {
  db: Database;
  bus: StreamBus;
  hosts: HostStore;
  ssh: SshService;
  tickets: Pick<TicketService, 'act' | 'detail'>;
  log: (message: string, error: unknown) => void;
}): DesktopWiring {
  const settings = new DesktopSettingsStore(deps.db, deps.hosts);
  const tracer: DesktopTracer = {
    check: (ticketId) => void deps.tickets.detail(ticketId),
    record(ticketId, fact, lang) {
      try {
        deps.tickets.act({ ticketId, type: 'comment_added', payload: { text: traceText(fact, lang), internal: true } });
        if (fact.kind === 'ended') deps.tickets.act({ ticketId, type: 'worklog_added', payload: { minutes: worklogMinutes(fact.ms), kind: 'work', note: worklogNote(fact.host, lang) } });
      } catch (error) {
        deps.log(`remote desktop: could not trace on ticket ${ticketId}`, error);
        throw error;
      }
    },
  };
  const sessions = new DesktopSessions(deps.ssh, deps.bus, { port: (name) => settings.get(name).port, consent: (name) => ({ ask: settings.get(name).consent, timeoutS: settings.get(name).consentTimeoutS }) }, { tracer });
  const handlers: DesktopHandlers = {
    'desktop.settings': ({ name }) => settings.get(name),
    'desktop.setSettings': ({ name, settings: value }) => settings.set(name, value),
    'desktop.open': ({ name, sessionId, share, acceptNewHostKey, ticket }) => sessions.open(name, sessionId, { share, acceptNewHostKey, ticket }),
    'desktop.control': ({ sessionId, control }) => {
      sessions.control(sessionId, control);
      return ok;
    },
    'desktop.write': ({ sessionId, data }) => {
      sessions.write(sessionId, data);
      return ok;
    },
    'desktop.ack': ({ sessionId, bytes }) => {
      sessions.ack(sessionId, bytes);
      return ok;
    },
    'desktop.close': ({ sessionId }) => {
      sessions.close(sessionId);
      return ok;
    },
  };
  return { sessions, handlers, close: () => sessions.closeAll() };
}
