import { type Database } from './db/open';
import { type Dispatch } from './dispatch';
import { JobRunner } from './jobs';
import { type Logger } from './log';
import { StreamBus } from './streams';
export interface CoreOptions {
    dataDir: string;
    logger?: Logger;
}
/** The whole app without a window: services over one store, reached through `dispatch`. */
export interface Core {
    readonly dataDir: string;
    readonly db: Database;
    readonly bus: StreamBus;
    readonly jobs: JobRunner;
    readonly log: Logger;
    readonly dispatch: Dispatch;
    close(): void;
}
export declare const STORE_FILE = "atelier.db";
export declare function openCore(options: CoreOptions): Core;
