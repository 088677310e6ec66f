import { IncidentReportView } from './IncidentReportView';
import { ReportsView } from './ReportsView';

/** `#/reports` (dashboard) and `#/reports/incident/TICKET` (the end-user report of a ticket). */
export function ReportsSection({ rest }: { rest: string[] }) {
  const [page, id] = rest;
  if (page === 'incident' && id) return <IncidentReportView key={id} ticketId={id} />;
  return <ReportsView />;
}
