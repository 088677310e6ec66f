import { describe, expect, it } from 'vitest';
import { checkCondition, evaluateCondition, evaluateRules, type Condition, type Reading, type ReadingFields } from '../../../shared/checklists';

const reading: Reading = {
  available: true,
  free_percent: 12.5,
  name: 'Intel Wireless',
  state: 'active',
  ok: false,
  devices: ['sda', 'nvme0n1'],
  missing: null,
};

const fields: ReadingFields = {
  free_percent: { type: 'number' },
  name: { type: 'string' },
  state: { type: 'string', values: ['active', 'inactive', 'failed'] },
  ok: { type: 'boolean' },
  devices: { type: 'string[]' },
  missing: { type: 'number' },
};

describe('evaluateCondition', () => {
  const table: [Condition, boolean][] = [
    [{ field: 'free_percent', op: '<', value: 15 }, true],
    [{ field: 'free_percent', op: '<', value: 12.5 }, false],
    [{ field: 'free_percent', op: '<=', value: 12.5 }, true],
    [{ field: 'free_percent', op: '>', value: 12.5 }, false],
    [{ field: 'free_percent', op: '>=', value: 12.5 }, true],
    [{ field: 'free_percent', op: '==', value: 12.5 }, true],
    [{ field: 'free_percent', op: '!=', value: 12.5 }, false],
    [{ field: 'ok', op: '==', value: false }, true],
    [{ field: 'ok', op: '!=', value: true }, true],
    [{ field: 'state', op: 'in', value: ['failed', 'active'] }, true],
    [{ field: 'state', op: 'in', value: ['failed'] }, false],
    [{ field: 'name', op: 'contains', value: 'wireless' }, true], // ignores case
    [{ field: 'name', op: 'contains', value: 'ethernet' }, false],
    [{ field: 'devices', op: 'contains', value: 'SDA' }, true],
    [{ field: 'devices', op: 'contains', value: 'sd' }, false], // an element, not a substring
    // Not measured: never matches, whatever the operator.
    [{ field: 'missing', op: '<', value: 100 }, false],
    [{ field: 'missing', op: '!=', value: 1 }, false],
    [{ field: 'absent', op: '==', value: 1 }, false],
    // A type mismatch is refused by the validator; at run time it simply does not match.
    [{ field: 'name', op: '<', value: 3 }, false],
    [{ field: 'free_percent', op: '==', value: '12.5' }, false],
  ];
  it.each(table)('%j -> %s', (condition, expected) => {
    expect(evaluateCondition(condition, reading)).toBe(expected);
  });
});

describe('evaluateRules', () => {
  const rules = [
    { when: { field: 'free_percent', op: '<' as const, value: 5 }, result: 'fail' as const },
    { when: { field: 'free_percent', op: '<' as const, value: 15 }, result: 'warn' as const },
  ];
  it('takes the first match', () => {
    expect(evaluateRules(rules, { available: true, free_percent: 3 })).toBe('fail');
    expect(evaluateRules(rules, { available: true, free_percent: 10 })).toBe('warn');
  });
  it('passes when nothing matches', () => {
    expect(evaluateRules(rules, { available: true, free_percent: 50 })).toBe('pass');
  });
  it('says unavailable, never pass, when nothing could be measured', () => {
    expect(evaluateRules(rules, { available: false, reason: 'smartctl is not installed' })).toBe('unavailable');
  });
});

describe('checkCondition (validator side)', () => {
  const table: [Condition, null | { part: string; message: RegExp }][] = [
    [{ field: 'free_percent', op: '<', value: 5 }, null],
    [{ field: 'state', op: '==', value: 'failed' }, null],
    [{ field: 'state', op: 'in', value: ['active', 'failed'] }, null],
    [{ field: 'devices', op: 'contains', value: 'sda' }, null],
    [{ field: 'ok', op: '==', value: true }, null],
    [{ field: 'nope', op: '<', value: 5 }, { part: 'field', message: /not a field.*free_percent/ }],
    [{ field: 'free_percent', op: '<', value: '5' }, { part: 'value', message: /needs a number/ }],
    [{ field: 'name', op: '>', value: 5 }, { part: 'op', message: /compares numbers/ }],
    [{ field: 'state', op: '==', value: 'broken' }, { part: 'value', message: /one of active, inactive, failed/ }],
    [{ field: 'ok', op: '==', value: 'yes' }, { part: 'value', message: /ok is true or false, got "yes"/ }],
    [{ field: 'state', op: 'in', value: 'active' }, { part: 'value', message: /non-empty list/ }],
    [{ field: 'free_percent', op: 'in', value: [1, 'two'] }, { part: 'value', message: /every value/ }],
    [{ field: 'ok', op: 'in', value: [true] }, { part: 'op', message: /"in" needs a number or string/ }],
    [{ field: 'devices', op: '==', value: 'sda' }, { part: 'op', message: /use "contains"/ }],
    [{ field: 'free_percent', op: 'contains', value: '1' }, { part: 'op', message: /"contains" needs a string or list/ }],
    [{ field: 'name', op: 'contains', value: 3 }, { part: 'value', message: /needs a string/ }],
  ];
  it.each(table)('%j', (condition, expected) => {
    const problem = checkCondition(condition, fields);
    if (expected === null) expect(problem).toBeNull();
    else {
      expect(problem?.part).toBe(expected.part);
      expect(problem?.message).toMatch(expected.message);
    }
  });
});
