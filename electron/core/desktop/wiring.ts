import type { CallName } from '../../../shared/contract';
import type { desktopCalls } from '../../../shared/contract/desktop';
import type { Database } from '../db/open';
import type { Handlers } from '../dispatch';
import type { HostStore } from '../hosts';
import type { SshService } from '../ssh/service';
import type { StreamBus } from '../streams';
import { DesktopSessions } from './sessions';
import { DesktopSettingsStore } from './settings';

export type DesktopHandlers = Pick<Handlers, keyof typeof desktopCalls & CallName>;

export interface DesktopWiring {
  readonly sessions: DesktopSessions;
  readonly handlers: DesktopHandlers;
  close(): Promise<void>;
}

const ok = { ok: true } as const;

/** The remote desktop room: per-host VNC settings and the RFB byte bridges. */
export function createDesktopWiring(deps: { db: Database; bus: StreamBus; hosts: HostStore; ssh: SshService }): DesktopWiring {
  const settings = new DesktopSettingsStore(deps.db, deps.hosts);
  const sessions = new DesktopSessions(deps.ssh, deps.bus, { port: (name) => settings.get(name).port });
  const handlers: DesktopHandlers = {
    'desktop.settings': ({ name }) => settings.get(name),
    'desktop.setSettings': ({ name, settings: value }) => settings.set(name, value),
    'desktop.open': ({ name, sessionId, share, acceptNewHostKey }) => sessions.open(name, sessionId, { share, acceptNewHostKey }),
    'desktop.write': ({ sessionId, data }) => {
      sessions.write(sessionId, Buffer.from(data, 'base64'));
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
