import { DEFAULT_SETTINGS, Settings } from '../../shared/contract';
import type { Database } from './db/open';
import { readStored, writeStored } from './db/stored-values';
import type { StreamBus } from './streams';

const KEY = 'ui';

/** The user's preferences, kept in the store so they survive restarts and reloads. */
export class SettingsService {
  constructor(
    private readonly db: Database,
    private readonly bus: StreamBus,
  ) {}

  get(): Settings {
    const stored = readStored(this.db, KEY);
    if (!stored) return { ...DEFAULT_SETTINGS };
    // A value written by another version may lack new keys: fill them from the defaults.
    const parsed = Settings.safeParse({ ...DEFAULT_SETTINGS, ...(stored as object) });
    return parsed.success ? parsed.data : { ...DEFAULT_SETTINGS };
  }

  update(patch: Partial<Settings>): Settings {
    const next = Settings.parse({ ...this.get(), ...patch });
    writeStored(this.db, KEY, next);
    this.bus.emit('settings.changed', next);
    return next;
  }
}
