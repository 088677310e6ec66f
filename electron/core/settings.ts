import { DEFAULT_SETTINGS, Settings } from '../../shared/contract';
import type { Database } from './db/open';
import type { StreamBus } from './streams';

const KEY = 'ui';

/** The user's preferences, kept in the store so they survive restarts and reloads. */
export class SettingsService {
  constructor(
    private readonly db: Database,
    private readonly bus: StreamBus,
  ) {}

  get(): Settings {
    const raw = this.db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(KEY) as string | undefined;
    if (!raw) return { ...DEFAULT_SETTINGS };
    // A value written by another version may lack new keys: fill them from the defaults.
    const parsed = Settings.safeParse({ ...DEFAULT_SETTINGS, ...JSON.parse(raw) });
    return parsed.success ? parsed.data : { ...DEFAULT_SETTINGS };
  }

  update(patch: Partial<Settings>): Settings {
    const next = Settings.parse({ ...this.get(), ...patch });
    this.db
      .prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
      .run(KEY, JSON.stringify(next));
    this.bus.emit('settings.changed', next);
    return next;
  }
}
