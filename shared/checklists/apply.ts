import { higherLevel, nextLevel, type SupportLevel } from '../tickets';
import type { ConclusionStep } from './schema';

/** What applying a conclusion does to a ticket: the core applies it, the confirmation dialog shows it. */
export interface ConclusionEffect {
  /** The category set on the ticket, when it changes. */
  readonly category: string | null;
  /** The level the ticket is escalated to; null when it is already there or above. */
  readonly escalateTo: SupportLevel | null;
  /** Resolves the ticket; otherwise the diagnosis and recommendation are added as a comment. */
  readonly resolves: boolean;
}

export function conclusionEffect(ticket: { level: SupportLevel; category: string | null }, conclusion: ConclusionStep): ConclusionEffect {
  const wanted = conclusion.escalate;
  const raises = wanted !== 'none' && nextLevel(ticket.level) !== null && higherLevel(ticket.level, wanted) !== ticket.level;
  return {
    category: conclusion.category && conclusion.category !== ticket.category ? conclusion.category : null,
    escalateTo: raises ? wanted : null,
    resolves: conclusion.resolves ?? wanted === 'none',
  };
}
