import './health.css';
import { useCallback, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HealthOverview, JobProgress } from '../../../shared/contract';
import { client, useCall, useCallMutation, useStream } from '../../api/client';
import { useRowNavigation } from '../../components/row-navigation';
import { navigate } from '../../route';
import { ErrorNotice } from '../../shell/ErrorNotice';
import { useShortcuts, type Shortcut } from '../../shortcuts';
import { useNoticeChoice } from './failure-notifications';
import { HealthGrid } from './HealthGrid';
import { PlanEditor } from './PlanEditor';
import { FlappingMark, NextTry, StatusBadge, TicketLink, useCheckTitle, useTitle } from './parts';

/** Progress of the running round of checks, if any. */
function useRoundProgress(): JobProgress | null {
  const [progress, setProgress] = useState<JobProgress | null>(null);
  useStream(
    'job.progress',
    useCallback((payload: JobProgress) => {
      if (payload.kind === 'checks') setProgress(payload.state === 'running' ? payload : null);
    }, []),
  );
  return progress;
}

/** `#/health`: hosts x checks with their last status and value, and what is at risk. Keyboard: l runs, / filters, Enter opens a ticket. */
export function HealthView() {
  const { t } = useTranslation();
  const overview = useCall('checks.overview', {});
  const enable = useCallMutation('checks.enable', ['checks.overview']);
  const progress = useRoundProgress();
  const [failure, setFailure] = useState<unknown>();
  const filterField = useRef<HTMLInputElement>(null);
  const [editing, setEditing] = useState(false);
  const closeEditor = useCallback(() => setEditing(false), []);

  const runNow = useCallback(() => {
    setFailure(undefined);
    client.call('checks.runRound', { all: true }).catch(setFailure);
  }, []);
  const shortcuts = useMemo<Shortcut[]>(
    () => [
      { keys: 'l', run: runNow },
      { keys: '/', run: () => filterField.current?.focus() },
      { keys: 'e', run: () => setEditing(true) },
    ],
    [runNow],
  );
  useShortcuts(shortcuts);

  const data = overview.data;
  return (
    <section className="view health-view" aria-labelledby="view-title">
      <header className="view-header">
        <h1 id="view-title">{t('health.title')}</h1>
        <button type="button" className="primary" onClick={runNow} disabled={progress !== null} aria-keyshortcuts="l">
          {t('health.runNow')} <kbd>l</kbd>
        </button>
        {data && (
          <button type="button" onClick={() => void enable.mutateAsync({ id: data.plan.enabled ? null : data.plan.id }).catch(setFailure)}>
            {data.plan.enabled ? t('health.disable') : t('health.enable')}
          </button>
        )}
        <button type="button" onClick={() => setEditing(true)} disabled={editing} aria-keyshortcuts="e">
          {t('health.editPlan')} <kbd>e</kbd>
        </button>
        <NoticeSwitch />
        <span className="spacer" />
        {data && (
          <span className="health-plan small">
            <PlanTitle overview={data} /> · {data.plan.enabled ? t('health.running') : t('health.stopped')}
          </span>
        )}
      </header>
      {overview.error && <ErrorNotice error={overview.error} />}
      {failure !== undefined && <ErrorNotice error={failure} />}
      {progress && (
        <p role="status" className="small">
          {t('health.runningNow', { done: progress.done, total: progress.total ?? '?' })}
        </p>
      )}
      <p id="health-keys" className="small muted">
        {t('health.keys')}
      </p>
      {editing && <PlanEditor onClose={closeEditor} />}
      {!editing && data && data.cells.length === 0 && <p className="muted">{t('health.empty')}</p>}
      {!editing && data && data.cells.length > 0 && (
        <>
          <AtRiskList overview={data} />
          <HealthGrid overview={data} filterField={filterField} />
        </>
      )}
    </section>
  );
}

/** Asks for the notification permission only when pressed, never on load. */
function NoticeSwitch() {
  const { t } = useTranslation();
  const { state, turnOn, turnOff } = useNoticeChoice();
  if (state === 'unsupported') return null;
  if (state === 'blocked') return <span className="small muted">{t('health.notifyBlocked')}</span>;
  if (state === 'on') {
    return (
      <button type="button" onClick={turnOff} title={t('health.notifyOn')}>
        {t('health.notifyOff')}
      </button>
    );
  }
  return (
    <button type="button" onClick={() => void turnOn()}>
      {t('health.notify')}
    </button>
  );
}

function PlanTitle({ overview }: { overview: HealthOverview }) {
  const { t } = useTranslation();
  const title = useTitle();
  return <>{t('health.plan', { title: title(overview.plan.title), version: overview.plan.version })}</>;
}

function AtRiskList({ overview }: { overview: HealthOverview }) {
  const { t } = useTranslation();
  const checkTitle = useCheckTitle(overview);
  const rows = useRowNavigation(overview.atRisk.length);
  return (
    <div className="health-section">
      <h2 id="health-at-risk">{t('health.atRisk')}</h2>
      {overview.atRisk.length === 0 ? (
        <p className="muted">{t('health.noRisk')}</p>
      ) : (
        <table className="hosts-table health-table" aria-label={t('health.atRiskLabel')} aria-describedby="health-keys">
          <thead>
            <tr>
              <th scope="col">{t('health.host')}</th>
              <th scope="col">{t('health.check')}</th>
              <th scope="col">{t('health.state')}</th>
              <th scope="col">{t('health.ticket')}</th>
            </tr>
          </thead>
          <tbody ref={rows.body}>
            {overview.atRisk.map((risk, i) => (
              <tr key={`${risk.host}/${risk.checkId}`} {...rows.rowProps(i, () => risk.ticketId && navigate('queue', risk.ticketId))}>
                <td>{risk.host}</td>
                <td>{checkTitle(risk.checkId)}</td>
                <td>
                  <StatusBadge status={risk.status} /> {risk.flapping && <FlappingMark />} {risk.daysLeft !== null && t('health.daysLeft', { days: risk.daysLeft })} <NextTry cell={risk} />
                </td>
                <td>
                  <TicketLink ticketId={risk.ticketId} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
