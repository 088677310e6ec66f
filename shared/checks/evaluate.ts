import { evaluateCondition, type Reading } from '../checklists';
import type { CheckDefinition, CheckStatus } from './schema';
import { conditionsOf } from './validate';

/**
 * A reading against the check's thresholds: fail when every fail condition holds, else warn likewise,
 * else pass. A reading that could not be taken is `unavailable`, never a pass.
 */
export function evaluateCheck(check: CheckDefinition, reading: Reading): Exclude<CheckStatus, 'unreachable'> {
  if (!reading.available) return 'unavailable';
  const holds = (level: 'fail' | 'warn') => {
    const conditions = conditionsOf(check[level]);
    return conditions.length > 0 && conditions.every((c) => evaluateCondition(c, reading));
  };
  if (holds('fail')) return 'fail';
  if (holds('warn')) return 'warn';
  return 'pass';
}

/** The field a check shows as its last value: the declared one, else the first threshold's field. */
export function valueField(check: CheckDefinition): string | undefined {
  return check.value ?? conditionsOf(check.fail)[0]?.field ?? conditionsOf(check.warn)[0]?.field;
}

export function valueOf(check: CheckDefinition, reading: Reading): number | string | boolean | null {
  const field = valueField(check);
  if (!field || !reading.available) return null;
  const value = (reading as Record<string, unknown>)[field];
  return typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean' ? value : null;
}
