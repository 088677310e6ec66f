import type { CheckStatus } from './schema';

/** Where a host x check stands with its incident. */
export interface IncidentState {
  /** The open incident's ticket, if any. */
  readonly ticketId: string | null;
  /** Passes in a row since the last failure, while an incident is open. */
  readonly passes: number;
}

export type IncidentStep =
  | { readonly kind: 'open' }
  | { readonly kind: 'add' }
  | { readonly kind: 'resolve' }
  | { readonly kind: 'count'; readonly passes: number }
  | { readonly kind: 'none' };

/**
 * One rule for what a result does to the incident of its host x check: a failure opens one, or adds to
 * the open one; passes in a row resolve it after `resolveAfter`; a warning breaks the row; a result that
 * says nothing (unavailable, unreachable) leaves everything as it was. While the check is flapping
 * (flapping.ts), a pass does not count towards resolving: the incident stays open until the check settles,
 * instead of being resolved and opened again on each flip.
 */
export function incidentStep(state: IncidentState, status: CheckStatus, resolveAfter: number, flapping = false): IncidentStep {
  if (status === 'fail') return state.ticketId === null ? { kind: 'open' } : { kind: 'add' };
  if (state.ticketId === null) return { kind: 'none' };
  if (status === 'pass' && flapping) return { kind: 'count', passes: 0 };
  if (status === 'pass') return state.passes + 1 >= resolveAfter ? { kind: 'resolve' } : { kind: 'count', passes: state.passes + 1 };
  if (status === 'warn') return { kind: 'count', passes: 0 };
  return { kind: 'none' };
}

/**
 * The first line of the description of an incident a health check opens. It is the only mark such a ticket
 * carries (tickets have no source field of their own), so the indicators read it from the `created` event
 * to count "incidents caught before a user called": one place writes it, one place reads it.
 */
export function checkIncidentHeadline(c: { planId: string; planVersion: number; checkId: string; probe: string; host: string }): string {
  return `Health check ${c.planId} v${c.planVersion} / ${c.checkId} (${c.probe}) failed on ${c.host}.`;
}

const HEADLINE = /^Health check \S+ v\d+ \/ \S+ \(\S+\) failed on [^\n]+\.(\n|$)/;

/** Whether a ticket's description, as created, is that of an incident opened by a health check. */
export function isCheckIncidentDescription(description: string | undefined): boolean {
  return description !== undefined && HEADLINE.test(description);
}
