import { describe, expect, it } from 'vitest';
import { AtelierError, calls, formatPath, parseOrThrow } from '../../../shared/contract';

function rejection(run: () => unknown): AtelierError {
  try {
    run();
  } catch (error) {
    if (error instanceof AtelierError) return error;
    throw error;
  }
  throw new Error('expected an AtelierError');
}

describe('contract schemas', () => {
  it('accepts a valid settings patch', () => {
    expect(parseOrThrow(calls['settings.update'].input, { theme: 'dark' })).toEqual({ theme: 'dark' });
  });

  it('rejects a bad value and names the field', () => {
    const error = rejection(() => parseOrThrow(calls['settings.update'].input, { language: 'de' }));
    expect(error.code).toBe('invalid_input');
    expect(error.path).toBe('language');
    expect(error.message).toMatch(/^language: /);
  });

  it('rejects unknown keys instead of ignoring them', () => {
    const error = rejection(() => parseOrThrow(calls['settings.update'].input, { colour: 'red' }));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(/colour/);
  });

  it('names nested paths with indexes', () => {
    expect(formatPath(['rows', 3, 'title'])).toBe('rows[3].title');
    expect(formatPath([])).toBe('');
  });

  it('prefixes the path with where the value came from', () => {
    const error = rejection(() => parseOrThrow(calls['jobs.cancel'].input, { jobId: '' }, 'body'));
    expect(error.path).toBe('body.jobId');
  });

  it('declares an input and an output schema for every call', () => {
    for (const [name, def] of Object.entries(calls)) {
      expect(def.input, name).toBeDefined();
      expect(def.output, name).toBeDefined();
    }
  });
});
