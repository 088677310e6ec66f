/**
 * The dashboard's periods as filter bounds, from a clock the caller passes (tests inject it): today, the
 * last N days (today included), or a custom range of local calendar days, both ends included.
 */
import { dayKey } from './stats';

const DAY = 86_400_000;
/** Same bound as IndicatorFilter: a period is at most 400 days. */
export const MAX_PERIOD_DAYS = 400;

export type PeriodChoice = { kind: 'today' } | { kind: 'days'; days: number } | { kind: 'custom'; from: string; to: string };

export interface PeriodBounds {
  fromMs: number;
  toMs: number;
  tzOffsetMinutes: number;
}

/** Why a custom range cannot be used, with the field at fault (for the message next to it). */
export type PeriodProblem = { field: 'from' | 'to'; reason: 'missing' | 'order' | 'too_long' };

export type PeriodResult = { ok: true; bounds: PeriodBounds } | { ok: false; problem: PeriodProblem };

/** Local midnight (as epoch ms) of the local day `YYYY-MM-DD`, or null when it is not a real date. */
export function localMidnight(day: string, tzOffsetMinutes: number): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const ms = Date.parse(`${day}T00:00:00Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== day) return null;
  return ms - tzOffsetMinutes * 60_000;
}

/** The local day (YYYY-MM-DD) of `nowMs`: what a date field shows as today. */
export function localToday(nowMs: number, tzOffsetMinutes: number): string {
  return dayKey(nowMs, tzOffsetMinutes);
}

/** The last `days` local days, today included (1: today). */
export function rollingBounds(days: number, nowMs: number, tzOffsetMinutes: number): PeriodBounds {
  const tomorrow = (localMidnight(localToday(nowMs, tzOffsetMinutes), tzOffsetMinutes) as number) + DAY;
  return { fromMs: tomorrow - days * DAY, toMs: tomorrow, tzOffsetMinutes };
}

export function periodBounds(choice: PeriodChoice, nowMs: number, tzOffsetMinutes: number): PeriodResult {
  if (choice.kind !== 'custom') return { ok: true, bounds: rollingBounds(choice.kind === 'today' ? 1 : choice.days, nowMs, tzOffsetMinutes) };
  const from = localMidnight(choice.from, tzOffsetMinutes);
  if (from === null) return { ok: false, problem: { field: 'from', reason: 'missing' } };
  const to = localMidnight(choice.to, tzOffsetMinutes);
  if (to === null) return { ok: false, problem: { field: 'to', reason: 'missing' } };
  if (to < from) return { ok: false, problem: { field: 'to', reason: 'order' } };
  if ((to - from) / DAY + 1 > MAX_PERIOD_DAYS) return { ok: false, problem: { field: 'to', reason: 'too_long' } };
  return { ok: true, bounds: { fromMs: from, toMs: to + DAY, tzOffsetMinutes } };
}
