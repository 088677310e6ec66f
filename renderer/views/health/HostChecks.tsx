import { useTranslation } from 'react-i18next';
import type { HealthOverview } from '../../../shared/contract';
import { formatDateTime } from '../../format';
import { FlappingMark, NextTry, REACH, StatusBadge, TicketLink, useCheckTitle } from './parts';
import { Sparkline } from './Sparkline';

/** The checks of the host chosen in the grid, each with its recent values. */
export function HostChecks({ overview, host }: { overview: HealthOverview; host: string }) {
  const { t } = useTranslation();
  const checkTitle = useCheckTitle(overview);
  const order = [REACH, ...overview.checks.map((c) => c.id)];
  const cells = overview.cells.filter((c) => c.host === host).sort((a, b) => order.indexOf(a.checkId) - order.indexOf(b.checkId));
  return (
    <div className="health-section">
      <h2 id="health-host-checks">{t('health.hostChecks', { host })}</h2>
      <table className="hosts-table health-table" aria-labelledby="health-host-checks">
        <thead>
          <tr>
            <th scope="col">{t('health.check')}</th>
            <th scope="col">{t('health.state')}</th>
            <th scope="col">{t('health.lastValue')}</th>
            <th scope="col">{t('health.recent')}</th>
            <th scope="col">{t('health.ticket')}</th>
          </tr>
        </thead>
        <tbody>
          {cells.map((cell) => (
            <tr key={cell.checkId}>
              <th scope="row">{checkTitle(cell.checkId)}</th>
              <td>
                <StatusBadge status={cell.status} /> {cell.flapping && <FlappingMark />} <NextTry cell={cell} />
                <div className="small muted">{[cell.detail, t('health.at', { time: formatDateTime(cell.atMs) })].filter(Boolean).join(' · ')}</div>
              </td>
              <td className="health-value">{cell.value ?? '—'}</td>
              <td>
                <Sparkline cell={cell} />
              </td>
              <td>
                <TicketLink ticketId={cell.ticketId} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
