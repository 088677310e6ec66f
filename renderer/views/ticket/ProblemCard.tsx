import { useTranslation } from 'react-i18next';
import type { RelatedTicket } from '../../../shared/contract';
import type { Ticket } from '../../../shared/tickets';
import { useCall } from '../../api/client';
import { StatusBadge } from '../../components/Badges';
import { routeHref } from '../../route';

/** On an incident: the problem it is linked to, with the workaround N1 can apply while the cause is fixed. */
export function ProblemCard({ ticket, related }: { ticket: Ticket; related: Record<string, RelatedTicket> }) {
  const { t } = useTranslation();
  const problemId = ticket.problemId;
  const analysis = useCall('problems.analysis', { problemId: problemId ?? '' }, { enabled: problemId !== null });
  if (problemId === null) return null;
  const problem = related[problemId];
  const workaround = analysis.data?.workaround.trim();
  return (
    <section className="card problem-card" aria-labelledby="problem-card-title" data-testid="problem-card">
      <h2 id="problem-card-title">{t('ticket.problem.title')}</h2>
      <p className="problem-card-head">
        <a href={routeHref('queue', problemId)}>
          <span className="ref">{problem?.ref ?? problemId}</span> {problem?.title ?? ''}
        </a>
        {problem && <StatusBadge status={problem.status} />}
      </p>
      <h3>{t('ticket.problem.workaround')}</h3>
      {workaround ? <p className="prewrap">{workaround}</p> : <p className="muted">{analysis.isLoading ? t('common.loading') : t('ticket.problem.noWorkaround')}</p>}
    </section>
  );
}

/** On a problem: its incidents, each with its title, status, requester and site. */
export function IncidentList({ ticket, related }: { ticket: Ticket; related: Record<string, RelatedTicket> }) {
  const { t } = useTranslation();
  if (ticket.incidentIds.length === 0) return <p className="muted">{t('ticket.problem.noIncidents')}</p>;
  return (
    <table className="incident-list" data-testid="problem-incidents">
      <thead>
        <tr>
          <th scope="col">{t('ticket.problem.incident')}</th>
          <th scope="col">{t('tickets.columns.status')}</th>
          <th scope="col">{t('ticket.requester')}</th>
          <th scope="col">{t('ticket.site')}</th>
        </tr>
      </thead>
      <tbody>
        {ticket.incidentIds.map((id) => {
          const incident = related[id];
          return (
            <tr key={id}>
              <td>
                <a href={routeHref('queue', id)}>
                  <span className="ref">{incident?.ref ?? id}</span> {incident?.title ?? ''}
                </a>
              </td>
              <td>{incident ? <StatusBadge status={incident.status} /> : '—'}</td>
              <td>{incident?.requester ?? '—'}</td>
              <td>{incident?.site ?? '—'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
