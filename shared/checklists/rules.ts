import type { FieldSpec, FieldValue, Reading, ReadingFields } from './fields';
import type { Condition, ProbeResult, Rule, RuleValue } from './schema';
import { said, type ProblemText } from '../validation/text';

/**
 * Rules are data: a field, an operator and a value, interpreted here and nowhere else.
 * - `<` `<=` `>` `>=`: number field, number value.
 * - `==` `!=`: number, string or boolean field, value of the same type (one of the declared values for
 *   a closed string field).
 * - `in`: number or string field, a non-empty list of values of that type.
 * - `contains`: string field (substring, ignoring case) or list field (an element, ignoring case), string value.
 * A field that is null (not measured) makes the condition false: nothing is assumed.
 */
export function evaluateCondition(condition: Condition, reading: Reading): boolean {
  if (!reading.available) return false;
  const actual = (reading as Record<string, FieldValue | undefined>)[condition.field];
  if (actual === null || actual === undefined) return false;
  const { op, value } = condition;
  switch (op) {
    case '<':
    case '<=':
    case '>':
    case '>=': {
      if (typeof actual !== 'number' || typeof value !== 'number') return false;
      if (op === '<') return actual < value;
      if (op === '<=') return actual <= value;
      if (op === '>') return actual > value;
      return actual >= value;
    }
    case '==':
      return !Array.isArray(actual) && actual === value;
    case '!=':
      return !Array.isArray(actual) && actual !== value;
    case 'in':
      return !Array.isArray(actual) && Array.isArray(value) && value.some((v) => v === actual);
    case 'contains': {
      if (typeof value !== 'string') return false;
      const needle = value.toLowerCase();
      if (typeof actual === 'string') return actual.toLowerCase().includes(needle);
      if (Array.isArray(actual)) return actual.some((item) => item.toLowerCase() === needle);
      return false;
    }
  }
}

/** First matching rule wins; no match is a pass; a reading that could not be taken is `unavailable`. */
export function evaluateRules(rules: readonly Rule[], reading: Reading): ProbeResult | 'unavailable' {
  if (!reading.available) return 'unavailable';
  for (const rule of rules) if (evaluateCondition(rule.when, reading)) return rule.result;
  return 'pass';
}

export interface RuleProblem {
  /** `field`, `op` or `value` of the condition. */
  readonly part: 'field' | 'op' | 'value';
  readonly message: string;
  readonly text: ProblemText;
}

/** A value's type as the problem catalogue names it (`type_<name>`). */
function typeOf(value: RuleValue): string {
  return Array.isArray(value) ? 'array' : typeof value;
}

/** Whether a condition can be evaluated against a probe's declared reading; null when it can. */
export function checkCondition(condition: Condition, fields: ReadingFields): RuleProblem | null {
  const spec: FieldSpec | undefined = fields[condition.field];
  if (!spec) return { part: 'field', ...said('ruleNoField', { field: condition.field, fields: Object.keys(fields).join(', ') }) };
  const { op, value } = condition;
  const field = condition.field;
  const fits = (v: unknown): boolean => {
    if (spec.type === 'number') return typeof v === 'number' && Number.isFinite(v);
    if (spec.type === 'boolean') return typeof v === 'boolean';
    if (typeof v !== 'string') return false;
    return !spec.values || spec.values.includes(v);
  };
  const expected = spec.values ? { expected: spec.values.join(', '), oneOf: true } : { expected: spec.type, oneOf: false };
  switch (op) {
    case '<':
    case '<=':
    case '>':
    case '>=':
      if (spec.type !== 'number') return { part: 'op', ...said('ruleComparesNumbers', { op, field, type: spec.type }) };
      if (typeof value !== 'number') return { part: 'value', ...said('ruleNeedsNumber', { op, got: typeOf(value) }) };
      return null;
    case '==':
    case '!=':
      if (spec.type === 'string[]') return { part: 'op', ...said('ruleListUseContains', { field }) };
      if (!fits(value)) return { part: 'value', ...said(expected.oneOf ? 'ruleValueNotOneOf' : 'ruleValueNotFit', { field, expected: expected.expected, value: JSON.stringify(value) }) };
      return null;
    case 'in':
      if (spec.type === 'string[]' || spec.type === 'boolean') return { part: 'op', ...said('ruleInField', { field, type: spec.type }) };
      if (!Array.isArray(value) || value.length === 0) return { part: 'value', ...said('ruleInList', { got: typeOf(value) }) };
      if (!value.every(fits)) return { part: 'value', ...said(expected.oneOf ? 'ruleInEveryOneOf' : 'ruleInEvery', { expected: expected.expected }) };
      return null;
    case 'contains':
      if (spec.type !== 'string' && spec.type !== 'string[]') return { part: 'op', ...said('ruleContainsField', { field, type: spec.type }) };
      if (typeof value !== 'string') return { part: 'value', ...said('ruleContainsString', { got: typeOf(value) }) };
      return null;
  }
}
