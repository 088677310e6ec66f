import { useTranslation } from 'react-i18next';
import { useCall } from '../../api/client';
import { formatDateTime } from '../../format';
import { routeHref } from '../../route';
import { ErrorNotice } from '../../shell/ErrorNotice';

/** On a host's page: the changes rolled out on it, newest first, with its last step and result in each. */
export function HostChanges({ host }: { host: string }) {
  const { t } = useTranslation();
  const changes = useCall('changes.forHost', { host });
  return (
    <section className="card host-changes" aria-labelledby="host-changes-title">
      <h2 id="host-changes-title">{t('changes.host.title')}</h2>
      {changes.error && <ErrorNotice error={changes.error} />}
      {changes.data?.length === 0 && <p className="muted">{t('changes.host.empty')}</p>}
      {changes.data && changes.data.length > 0 && (
        <table className="changes-table" aria-labelledby="host-changes-title">
          <thead>
            <tr>
              <th scope="col">{t('changes.host.change')}</th>
              <th scope="col">{t('changes.host.started')}</th>
              <th scope="col">{t('changes.host.rollout')}</th>
              <th scope="col">{t('changes.host.step')}</th>
              <th scope="col">{t('changes.host.result')}</th>
              <th scope="col">{t('changes.host.exit')}</th>
            </tr>
          </thead>
          <tbody>
            {changes.data.map((c) => (
              <tr key={c.runId} className={`host-${c.outcome}`}>
                <td>
                  <a href={routeHref('changes', c.ticketId)}>
                    {c.ref} · {c.title}
                  </a>
                </td>
                <td>{formatDateTime(c.startedMs)}</td>
                <td>{t(`changes.outcome.${c.rollout ?? 'running'}`)}</td>
                <td>{t(`changes.phase.${c.phase}`)}</td>
                <td>
                  {t(`changes.hostState.${c.outcome}`)}
                  {c.reason && <span className="muted small"> · {c.reason}</span>}
                </td>
                <td>{c.exitCode ?? '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
