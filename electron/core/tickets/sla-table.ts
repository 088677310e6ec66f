import { DEFAULT_SLA_TABLE, SlaTable } from '../../../shared/tickets';
import type { Database } from '../db/open';
import { readStored } from '../db/stored-values';

/** Where the SLA targets set in Settings are kept. */
export const SLA_KEY = 'sla';

/** The SLA table saved in Settings, else the default one. */
export function loadSlaTable(db: Database): SlaTable {
  const stored = readStored(db, SLA_KEY);
  const parsed = stored === undefined ? undefined : SlaTable.safeParse(stored);
  return parsed?.success ? parsed.data : DEFAULT_SLA_TABLE;
}
