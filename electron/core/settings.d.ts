import { Settings } from '../../shared/contract';
import type { Database } from './db/open';
import type { StreamBus } from './streams';
/** The user's preferences, kept in the store so they survive restarts and reloads. */
export declare class SettingsService {
    private readonly db;
    private readonly bus;
    constructor(db: Database, bus: StreamBus);
    get(): Settings;
    update(patch: Partial<Settings>): Settings;
}
