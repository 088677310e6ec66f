import { join } from 'node:path';
import type { AppInfo } from '../../shared/contract';
import { openDatabase, schemaVersion, type Database } from './db/open';
import { createDispatcher, type Dispatch, type Handlers } from './dispatch';
import { JobRunner } from './jobs';
import { createLogger, type Logger } from './log';
import { SettingsService } from './settings';
import { StreamBus } from './streams';
import { appVersion } from './version';

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

export const STORE_FILE = 'atelier.db';

export function openCore(options: CoreOptions): Core {
  const log = options.logger ?? createLogger({ dataDir: options.dataDir });
  const db = openDatabase(join(options.dataDir, STORE_FILE));
  const bus = new StreamBus();
  const jobs = new JobRunner(bus);
  const settings = new SettingsService(db, bus);

  const info = (): AppInfo => ({
    name: 'Atelier',
    version: appVersion(),
    dataDir: options.dataDir,
    schemaVersion: schemaVersion(db),
    platform: `${process.platform}-${process.arch}`,
    runtime: process.versions.electron ? `Electron ${process.versions.electron}` : `Node ${process.versions.node}`,
  });

  const handlers: Handlers = {
    'app.info': () => info(),
    'settings.get': () => settings.get(),
    'settings.update': (patch) => settings.update(patch),
    'jobs.list': () => jobs.list(),
    'jobs.cancel': ({ jobId }) => ({ cancelled: jobs.cancel(jobId) }),
  };

  log.info({ dataDir: options.dataDir, version: appVersion() }, 'core opened');
  return {
    dataDir: options.dataDir,
    db,
    bus,
    jobs,
    log,
    dispatch: createDispatcher(handlers),
    close() {
      db.close();
      log.flush();
    },
  };
}
