import { DEFAULT_VNC_PORT, DesktopSettings } from '../../../shared/contract/desktop';
import type { Database } from '../db/open';
import { readStored, writeStored } from '../db/stored-values';
import type { HostStore } from '../hosts';

/** A host's remote desktop settings (its VNC port), kept beside the host book in the settings table. */
export class DesktopSettingsStore {
  constructor(
    private readonly db: Database,
    private readonly hosts: HostStore,
  ) {}

  get(name: string): DesktopSettings {
    const host = this.hosts.get(name);
    const stored = DesktopSettings.safeParse(readStored(this.db, key(host.id)));
    return stored.success ? stored.data : DesktopSettings.parse({ port: DEFAULT_VNC_PORT });
  }

  set(name: string, settings: DesktopSettings): DesktopSettings {
    const host = this.hosts.get(name);
    writeStored(this.db, key(host.id), settings);
    return settings;
  }
}

// By id: renaming a host keeps its settings; a removed host's row is simply never read again.
const key = (hostId: string) => `desktop.host.${hostId}`;
