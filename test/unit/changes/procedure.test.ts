import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { checkParams, ChangeRecord, Procedure, resolveScript, type ParamSpec } from '../../../shared/changes';
import { parseOrThrow } from '../../../shared/contract';

const specs: ParamSpec[] = parseOrThrow(Procedure, {
  script: 'echo "$NAME"',
  params: [
    { name: 'NAME', type: 'string' },
    { name: 'DAYS', type: 'integer', min: 1, max: 30 },
    { name: 'FORCE', type: 'boolean', required: false },
    { name: 'MODE', type: 'choice', choices: ['fast', 'safe'] },
  ],
}).params;

describe('procedure parameters', () => {
  it('accepts values of the declared types', () => {
    expect(checkParams(specs, { NAME: 'x', DAYS: '7', FORCE: true, MODE: 'safe' })).toEqual([]);
  });

  it('names every bad, missing or unknown parameter and why', () => {
    const problems = checkParams(specs, { DAYS: '7.5', FORCE: 'yes', MODE: 'slow', EXTRA: 1 });
    expect(problems).toEqual([
      { path: 'params.EXTRA', message: '"EXTRA" is not a parameter of this procedure' },
      { path: 'params.NAME', message: 'NAME is required' },
      { path: 'params.DAYS', message: 'DAYS: "7.5" is not a whole number' },
      { path: 'params.FORCE', message: 'FORCE: "yes" is not true or false' },
      { path: 'params.MODE', message: 'MODE: "slow" is not one of fast, safe' },
    ]);
    expect(checkParams(specs, { NAME: 'x', DAYS: 31, MODE: 'fast' })).toEqual([{ path: 'params.DAYS', message: 'DAYS: 31 is above the maximum 30' }]);
  });

  it('refuses a change record whose parameter values do not fit, naming the parameter', () => {
    const record = { type: 'normal', risk: 'low', plan: 'p', testPlan: 't', rollbackPlan: 'r', procedure: { script: 'true', params: [{ name: 'DAYS', type: 'integer' }] }, params: { DAYS: 'many' } };
    expect(() => parseOrThrow(ChangeRecord, record, 'record')).toThrow(/record\.params\.DAYS.*not a whole number|DAYS: "many" is not a whole number/);
  });

  it('hands a hostile value to the script as one literal word, never as code', () => {
    const value = `a'; touch /tmp/pwned-$$; echo '$(id) \`id\` "q"`;
    const script = resolveScript('printf %s "$NAME"', specs, { NAME: value });
    expect(execFileSync('sh', ['-c', script]).toString()).toBe(value);
  });
});
