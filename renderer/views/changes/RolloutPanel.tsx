import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RolloutProgress } from '../../../shared/contract';
import { failedHostsOf } from '../../../shared/changes';
import type { Ticket } from '../../../shared/tickets';
import { hlcWallMs } from '../../../shared/tickets';
import { client, useCall, useCallMutation, useStream } from '../../api/client';
import { formatDateTime } from '../../format';
import { ErrorNotice } from '../../shell/ErrorNotice';
import { DownloadButton } from '../ticket/Timeline';
import { outcomeText, waveText } from './rollout-text';

type Change = NonNullable<Ticket['change']>;
/** Preview -> roll out (canary, waves) with live per-host status -> cancel -> roll back the failed hosts. */
export function RolloutPanel({ ticketId, change }: { ticketId: string; change: Change }) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const preview = useCall('changes.preview', { ticketId });
  const start = useCallMutation('changes.rollout', ['tickets.get', 'changes.list']);
  const rollback = useCallMutation('changes.rollback', ['tickets.get']);
  const [waveSize, setWaveSize] = useState('5');
  const [threshold, setThreshold] = useState('0');
  const [live, setLive] = useState<Record<string, RolloutProgress>>({});
  const [jobId, setJobId] = useState<string | null>(null);
  const [cancelError, setCancelError] = useState<unknown>();

  const onProgress = useCallback(
    (p: RolloutProgress) => {
      if (p.ticketId !== ticketId) return;
      setLive((old) => ({ ...old, [`${p.runId}/${p.host}`]: p }));
      if (p.state !== 'running') void queries.invalidateQueries({ queryKey: ['tickets.get'] });
    },
    [ticketId, queries],
  );
  useStream('changes.progress', onProgress);
  useStream(
    'job.progress',
    useCallback(
      (job: { jobId: string; state: string }) => {
        if (job.jobId === jobId && job.state !== 'running') {
          setJobId(null);
          void queries.invalidateQueries({ queryKey: ['tickets.get'] });
          void queries.invalidateQueries({ queryKey: ['changes.list'] });
        }
      },
      [jobId, queries],
    ),
  );

  const rollouts = [...change.rollouts].reverse();
  const last = change.rollouts.at(-1);
  // Failed hosts not rolled back yet: once each has its rollback result, there is nothing left to offer.
  const failed = last ? failedHostsOf(last.results).filter((host) => !last.results.some((r) => r.host === host && r.phase === 'rollback' && r.outcome === 'succeeded')) : [];
  const canRollBack = !!change.record.procedure?.rollback && failed.length > 0 && jobId === null && last?.outcome !== null;

  return (
    <section className="card" aria-labelledby="change-rollout">
      <h2 id="change-rollout">{t('changes.detail.preview')}</h2>
      {preview.error && <ErrorNotice error={preview.error} />}
      {preview.data?.blocked && <p className="muted">{t('changes.detail.blocked', { reason: preview.data.blocked })}</p>}
      {preview.data && (
        <table className="changes-table" aria-label={t('changes.detail.preview')}>
          <thead>
            <tr>
              <th scope="col">{t('changes.detail.previewHost')}</th>
              <th scope="col">{t('changes.detail.previewVia')}</th>
              <th scope="col">{t('changes.detail.previewCommand')}</th>
            </tr>
          </thead>
          <tbody>
            {preview.data.hosts.map((h, i) => (
              <tr key={`${h.host}-${i}`}>
                <td>{h.host}</td>
                <td>{h.via.kind === 'name' ? t('changes.detail.via.name') : t(`changes.detail.via.${h.via.kind}`, { value: h.via.value })}</td>
                <td>{h.skipped ? t('changes.detail.skipped', { reason: h.skipped }) : <pre className="change-command">{h.command}</pre>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {preview.data && preview.data.unmatched.length > 0 && <p className="muted">{t('changes.detail.unmatched', { what: preview.data.unmatched.join('; ') })}</p>}
      <form
        className="rollout-form"
        onSubmit={(e) => {
          e.preventDefault();
          setLive({});
          start.mutate({ ticketId, waveSize: Number(waveSize), failureThreshold: Number(threshold) }, { onSuccess: (r) => setJobId(r.jobId) });
        }}
      >
        <label className="field rollout-number">
          <span>{t('changes.detail.waveSize')}</span>
          <input type="number" min={1} value={waveSize} onChange={(e) => setWaveSize(e.target.value)} />
        </label>
        <label className="field rollout-number">
          <span>{t('changes.detail.threshold')}</span>
          <input type="number" min={0} value={threshold} onChange={(e) => setThreshold(e.target.value)} />
        </label>
        <button type="submit" className="primary" disabled={!!preview.data?.blocked || jobId !== null || start.isPending}>
          {t('changes.detail.rollOut')}
        </button>{' '}
        {jobId !== null && (
          <button type="button" onClick={() => client.call('jobs.cancel', { jobId }).catch(setCancelError)}>
            {t('changes.detail.cancel')}
          </button>
        )}
        {canRollBack && last && (
          <button type="button" onClick={() => rollback.mutate({ ticketId, runId: last.runId }, { onSuccess: (r) => setJobId(r.jobId) })}>
            {t('changes.detail.rollbackFailed')}
          </button>
        )}
      </form>
      {start.error && <ErrorNotice error={start.error} />}
      {rollback.error && <ErrorNotice error={rollback.error} />}
      {cancelError !== undefined && <ErrorNotice error={cancelError} />}
      {rollouts.length > 0 && <h2>{t('changes.detail.rollouts')}</h2>}
      {rollouts.map((r) => {
        const running = Object.values(live).filter((p) => p.runId === r.runId && p.state === 'running' && !r.results.some((x) => x.host === p.host && x.phase === p.phase));
        const heading = t('changes.detail.rolloutHeading', { when: formatDateTime(hlcWallMs(r.startedAt)), outcome: outcomeText(t, r) });
        return (
          <section key={r.runId} aria-label={heading}>
            <h3>{heading}</h3>
            {r.reason && <p>{r.reason}</p>}
            <table className="changes-table rollout-results" aria-label={t('changes.detail.results')}>
              <thead>
                <tr>
                  <th scope="col">{t('changes.detail.host')}</th>
                  <th scope="col">{t('changes.detail.wave')}</th>
                  <th scope="col">{t('changes.detail.phaseCol')}</th>
                  <th scope="col">{t('changes.detail.state')}</th>
                  <th scope="col">{t('changes.detail.exit')}</th>
                  <th scope="col">{t('changes.detail.output')}</th>
                </tr>
              </thead>
              <tbody>
                {r.results.map((x) => (
                  <tr key={x.eventId} className={`host-${x.outcome}`} data-host={x.host}>
                    <td>{x.host}</td>
                    <td>{waveText(x)}</td>
                    <td>{t(`changes.phase.${x.phase}`)}</td>
                    <td>{t(`changes.hostState.${x.outcome}`)}</td>
                    <td>{x.exitCode ?? '–'}</td>
                    <td>
                      <pre className="change-output">{[x.output.trim(), x.reason].filter(Boolean).join('\n')}</pre>
                      {x.attachment && <DownloadButton file={{ ...x.attachment, mime: 'text/plain' }} />}
                    </td>
                  </tr>
                ))}
                {running.map((p) => (
                  <tr key={`${p.host}-${p.phase}-running`} className="host-running" data-host={p.host}>
                    <td>{p.host}</td>
                    <td>{waveText(p)}</td>
                    <td>{t(`changes.phase.${p.phase}`)}</td>
                    <td>{t('changes.hostState.running')}</td>
                    <td>–</td>
                    <td />
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        );
      })}
    </section>
  );
}
