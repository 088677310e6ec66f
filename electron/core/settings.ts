import { DEFAULT_SETTINGS, Settings } from '../../shared/contract';
import type { Database } from './db/open';
import { readStored, writeStored } from './db/stored-values';
import { LevelAuthority } from './levels';
import type { StreamBus } from './streams';

const KEY = 'ui';

/** The user's preferences, kept in the store so they survive restarts and reloads. */
export class SettingsService {
  /** The level is the authority's, not a preference (levels.ts). */
  readonly levels: LevelAuthority;

  constructor(
    private readonly db: Database,
    private readonly bus: StreamBus,
    user: () => string = () => this.technician(),
  ) {
    this.levels = new LevelAuthority(db, user, () => this.stored().level);
  }

  get(): Settings {
    return { ...this.stored(), level: this.levels.view().level };
  }

  /** A level in the patch that differs from the user's goes through the authority, which may refuse it. */
  update(patch: Partial<Settings>): Settings {
    const { level, ...rest } = patch;
    const before = this.stored();
    // The new name first: the level said with it (the first-run prompt) is that user's.
    const next = Settings.parse({ ...before, ...rest, level: before.level });
    writeStored(this.db, KEY, next);
    if (level !== undefined && level !== null && level !== this.levels.view().level) this.levels.set(level);
    const view = this.get();
    this.bus.emit('settings.changed', view);
    return view;
  }

  /** The name set in Settings (empty: the OS user signs), read without the level. */
  technician(): string {
    return this.stored().technician;
  }

  private stored(): Settings {
    const stored = readStored(this.db, KEY);
    if (!stored) return { ...DEFAULT_SETTINGS };
    // A value written by another version may lack new keys: fill them from the defaults.
    const parsed = Settings.safeParse({ ...DEFAULT_SETTINGS, ...(stored as object) });
    return parsed.success ? parsed.data : { ...DEFAULT_SETTINGS };
  }
}
