import { Writable } from 'node:stream';
import { openCore, type Core } from '../../electron/core';
import { createLogger } from '../../electron/core/log';

/** A core over a fresh data folder whose log lines are kept in memory for assertions. */
export function openTestCore(dataDir: string): Core & { logLines: string[] } {
  const logLines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  const core = openCore({ dataDir, logger: createLogger({ destination, level: 'debug' }) });
  return Object.assign(core, { logLines });
}
