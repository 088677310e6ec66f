import { join } from 'node:path';
import { AtelierError, calls, isCallName, parseOrThrow } from '../../shared/contract';
import { EmptyStoreError, keepEmptyStoreAside } from './db/empty-store';
import { openCore, type Core, type CoreOptions } from './index';
import { createLogger } from './log';
import { STORE_FILE } from './paths';
import { StreamBus } from './streams';

/**
 * The core for a window (Electron or serve mode): like openCore, except that an empty (0-byte) store does not
 * stop the app. The window opens and asks the user (`store.state` says `empty`); the store is kept aside and a
 * new one opened on `store.startFresh`. Until then every other call answers the refusal. Any other refusal
 * (damaged, newer, unreadable) is thrown as openCore throws it.
 */
export function openCoreForWindow(options: CoreOptions): Core {
  const log = options.logger ?? createLogger({ dataDir: options.dataDir });
  const bus = options.bus ?? new StreamBus();
  const open = () => openCore({ ...options, logger: log, bus });
  try {
    return open();
  } catch (error) {
    if (!(error instanceof EmptyStoreError)) throw error;
    log.warn({ file: error.file }, 'store file is empty (0 bytes); waiting for the user to start a new store');
    const refusal = error;
    let opened: Core | undefined;
    const current = (): Core => {
      if (!opened) throw refusal;
      return opened;
    };
    return {
      dataDir: options.dataDir,
      bus,
      log,
      get db() {
        return current().db;
      },
      get jobs() {
        return current().jobs;
      },
      get tickets() {
        return current().tickets;
      },
      get checks() {
        return current().checks;
      },
      async dispatch(name, input) {
        if (opened) return opened.dispatch(name, input);
        if (isCallName(name)) parseOrThrow(calls[name].input, input ?? {});
        if (name === 'store.state') return { state: 'empty', file: refusal.file };
        if (name === 'store.startFresh') {
          const aside = keepEmptyStoreAside(join(options.dataDir, STORE_FILE));
          if (!aside) throw new AtelierError('conflict', `${refusal.file} is no longer empty: reload to open it.`);
          log.warn({ file: refusal.file, aside }, 'empty store kept aside at the user\'s request; a new store starts');
          opened = open();
          return { aside };
        }
        throw refusal;
      },
      close() {
        if (opened) opened.close();
        else log.flush();
      },
    };
  }
}
