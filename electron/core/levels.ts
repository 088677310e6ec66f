import { AtelierError } from '../../shared/contract/errors';
import type { Level, LevelView } from '../../shared/contract/app';
import type { Database } from './db/open';
import { readStored, writeStored } from './db/stored-values';

const KEY = 'levels';
const HUB_KEY = 'hub-level';

/** Who leads this store and the level the lead gave each user (offline, or no hub configured). */
interface StoreLevels {
  lead: string;
  levels: Record<string, Level>;
}

const isLevel = (value: unknown): value is Level => value === 'N1' || value === 'N2' || value === 'N3';

/**
 * Where a user's support level comes from, so nobody makes themselves N3: with a team hub, the level its
 * admin gave the token's user (read at each sync round); without one, the lead of this store gave it, and
 * the store's lead is its first user (the one who said their level first). Only the lead changes a level.
 */
export class LevelAuthority {
  constructor(
    private readonly db: Database,
    private readonly user: () => string,
    /** The level a store had before levels had an authority: its user becomes the store's lead. */
    private readonly legacy: () => Level | null,
  ) {}

  view(): LevelView {
    const hub = this.hubLevel();
    const user = this.user();
    if (hub) return { level: hub, source: 'hub', lead: null, isLead: false, canChange: false };
    const store = this.store();
    if (!store) return { level: null, source: 'store', lead: null, isLead: false, canChange: true };
    return { level: store.levels[user] ?? null, source: 'store', lead: store.lead, isLead: store.lead === user, canChange: store.lead === user };
  }

  /** Sets a user's level (the current user's by default); refused unless the current user leads this store. */
  set(level: Level, who = this.user()): LevelView {
    if (this.hubLevel()) throw new AtelierError('forbidden', 'Your level comes from the team hub: the hub admin changes it (atelier-hub user level).', 'level');
    const user = this.user();
    const store = this.store();
    if (!store) {
      // The first user to say a level leads this store.
      writeStored(this.db, KEY, { lead: user, levels: { [who]: level } } satisfies StoreLevels);
      return this.view();
    }
    if (store.lead !== user) throw new AtelierError('forbidden', `Only the lead of this store (${store.lead}) can change a level.`, 'level');
    writeStored(this.db, KEY, { ...store, levels: { ...store.levels, [who]: level } } satisfies StoreLevels);
    return this.view();
  }

  /** What the hub said this token's user is (null: no hub, or a hub that does not give levels). */
  setHubLevel(level: Level | null): boolean {
    if (this.hubLevel() === level) return false;
    writeStored(this.db, HUB_KEY, level);
    return true;
  }

  private hubLevel(): Level | null {
    const stored = readStored(this.db, HUB_KEY);
    return isLevel(stored) ? stored : null;
  }

  private store(): StoreLevels | null {
    const stored = readStored(this.db, KEY) as Partial<StoreLevels> | undefined;
    if (stored && typeof stored.lead === 'string' && stored.levels && typeof stored.levels === 'object') {
      return { lead: stored.lead, levels: Object.fromEntries(Object.entries(stored.levels).filter(([, l]) => isLevel(l))) };
    }
    const legacy = this.legacy();
    return legacy ? { lead: this.user(), levels: { [this.user()]: legacy } } : null;
  }
}
