import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, REDACTED, redactSecrets } from '../../../electron/core/log';

describe('logger', () => {
  it('redacts secret-looking keys at any depth and keeps the rest', () => {
    const value = {
      host: 'pc-042',
      password: 'hunter2',
      auth: { passphrase: 'p', token: 't', nested: [{ apiSecret: 's', user: 'marie' }] },
      Authorization: 'Bearer x',
    };
    expect(redactSecrets(value)).toEqual({
      host: 'pc-042',
      password: REDACTED,
      auth: { passphrase: REDACTED, token: REDACTED, nested: [{ apiSecret: REDACTED, user: 'marie' }] },
      Authorization: REDACTED,
    });
  });

  it('never writes a secret to the log stream', async () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _e, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const log = createLogger({ destination });
    log.info({ host: { address: '10.0.0.5', password: 'hunter2', privateKey: '-----BEGIN' } }, 'connecting');
    await new Promise((resolve) => setImmediate(resolve));
    const text = lines.join('');
    expect(text).toContain('connecting');
    expect(text).toContain('10.0.0.5');
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('BEGIN');
  });
});
