/**
 * ITIL priority: impact (1-3) x urgency (1-3) -> P1..P5, with 1 = high for all three scales.
 * One matrix, the usual ITIL one: priority = impact + urgency - 1.
 *
 *              urgency 1  urgency 2  urgency 3
 *   impact 1      P1         P2         P3
 *   impact 2      P2         P3         P4
 *   impact 3      P3         P4         P5
 *
 * `PRIORITY_MATRIX` is that table as data so the UI can show it.
 */
import { z } from 'zod';

/** How many people or services are hurt: 1 = high (a site), 2 = medium (a team), 3 = low (one person). */
export const Impact = z.union([z.literal(1), z.literal(2), z.literal(3)], { error: 'impact is 1 (high), 2 or 3 (low)' });
export type Impact = z.infer<typeof Impact>;

/** How fast it must be fixed: 1 = high (work stopped), 2 = medium, 3 = low (a workaround exists). */
export const Urgency = z.union([z.literal(1), z.literal(2), z.literal(3)], { error: 'urgency is 1 (high), 2 or 3 (low)' });
export type Urgency = z.infer<typeof Urgency>;

export const Priority = z.enum(['P1', 'P2', 'P3', 'P4', 'P5']);
export type Priority = z.infer<typeof Priority>;

export const IMPACTS: readonly Impact[] = [1, 2, 3];
export const URGENCIES: readonly Urgency[] = [1, 2, 3];

export function priorityOf(impact: Impact, urgency: Urgency): Priority {
  const rank = impact + urgency - 1;
  const priority = Priority.options[rank - 1];
  if (priority === undefined) throw new RangeError(`impact ${impact} x urgency ${urgency} is outside the matrix`);
  return priority;
}

/** `PRIORITY_MATRIX[impact][urgency]`, built from `priorityOf` so there is one rule only. */
export const PRIORITY_MATRIX: Readonly<Record<Impact, Readonly<Record<Urgency, Priority>>>> = {
  1: { 1: priorityOf(1, 1), 2: priorityOf(1, 2), 3: priorityOf(1, 3) },
  2: { 1: priorityOf(2, 1), 2: priorityOf(2, 2), 3: priorityOf(2, 3) },
  3: { 1: priorityOf(3, 1), 2: priorityOf(3, 2), 3: priorityOf(3, 3) },
};
