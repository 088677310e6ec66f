import './health.css';
import { useCallback, useMemo, useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { CheckStatus } from '../../../shared/checks';
import type { HealthCell, HealthOverview, JobProgress } from '../../../shared/contract';
import { client, useCall, useCallMutation, useStream } from '../../api/client';
import { useRowNavigation } from '../../components/row-navigation';
import { formatDateTime } from '../../format';
import { navigate, routeHref } from '../../route';
import { ErrorNotice } from '../../shell/ErrorNotice';
import { useShortcuts, type Shortcut } from '../../shortcuts';
import { useNoticeChoice } from './failure-notifications';

const REACH = 'host.reachable';

function StatusBadge({ status }: { status: CheckStatus }) {
  const { t } = useTranslation();
  return <span className={`health-status health-${status}`}>{t(`health.status.${status}`)}</span>;
}

function TicketLink({ ticketId }: { ticketId: string | null }) {
  const { t } = useTranslation();
  if (!ticketId) return null;
  return (
    <a className="ref" href={routeHref('queue', ticketId)}>
      {t('health.openTicket')}
    </a>
  );
}

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
  const [filter, setFilter] = useState('');
  const filterField = useRef<HTMLInputElement>(null);

  const runNow = useCallback(() => {
    setFailure(undefined);
    client.call('checks.runRound', { all: true }).catch(setFailure);
  }, []);
  const shortcuts = useMemo<Shortcut[]>(() => [{ keys: 'l', run: runNow }, { keys: '/', run: () => filterField.current?.focus() }], [runNow]);
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
      {data && data.cells.length === 0 && <p className="muted">{t('health.empty')}</p>}
      {data && data.cells.length > 0 && (
        <>
          <AtRiskList overview={data} />
          <HealthGrid overview={data} filter={filter} setFilter={setFilter} filterField={filterField} />
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

function useTitle() {
  const { i18n } = useTranslation();
  return (title: { fr: string; en: string }) => (i18n.language.startsWith('fr') ? title.fr : title.en);
}

function PlanTitle({ overview }: { overview: HealthOverview }) {
  const { t } = useTranslation();
  const title = useTitle();
  return <>{t('health.plan', { title: title(overview.plan.title), version: overview.plan.version })}</>;
}

function AtRiskList({ overview }: { overview: HealthOverview }) {
  const { t } = useTranslation();
  const title = useTitle();
  const checkTitle = (id: string) => (id === REACH ? t('health.reachable') : title(overview.checks.find((c) => c.id === id)?.title ?? { fr: id, en: id }));
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
                  <StatusBadge status={risk.status} /> {risk.daysLeft !== null && t('health.daysLeft', { days: risk.daysLeft })}
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

function HealthGrid({ overview, filter, setFilter, filterField }: { overview: HealthOverview; filter: string; setFilter: (v: string) => void; filterField: RefObject<HTMLInputElement | null> }) {
  const { t } = useTranslation();
  const title = useTitle();
  const byCell = useMemo(() => new Map(overview.cells.map((c) => [`${c.host}\n${c.checkId}`, c])), [overview.cells]);
  const columns = useMemo(() => {
    const used = new Set(overview.cells.map((c) => c.checkId));
    return [
      ...(used.has(REACH) ? [{ id: REACH, title: t('health.reachable') }] : []),
      ...overview.checks.filter((c) => used.has(c.id)).map((c) => ({ id: c.id, title: title(c.title) })),
    ];
  }, [overview, t, title]);
  const hosts = overview.hosts.filter((h) => h.toLowerCase().includes(filter.trim().toLowerCase()));
  const rows = useRowNavigation(hosts.length);
  const firstTicket = (host: string) => overview.cells.find((c) => c.host === host && c.ticketId)?.ticketId;
  return (
    <div className="health-section">
      <h2>{t('health.grid')}</h2>
      <input
        ref={filterField}
        className="health-filter"
        type="search"
        aria-label={t('health.filter')}
        placeholder={`${t('health.filter')} (/)`}
        value={filter}
        onChange={(event) => setFilter(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' || event.key === 'ArrowDown') {
            event.preventDefault();
            rows.focusRow(0);
          }
        }}
      />
      <table className="hosts-table health-table" aria-label={t('health.gridLabel')} aria-describedby="health-keys">
        <thead>
          <tr>
            <th scope="col">{t('health.host')}</th>
            {columns.map((c) => (
              <th key={c.id} scope="col">
                {c.title}
              </th>
            ))}
          </tr>
        </thead>
        <tbody ref={rows.body}>
          {hosts.map((host, i) => (
            <tr
              key={host}
              {...rows.rowProps(i, () => {
                const ticket = firstTicket(host);
                if (ticket) navigate('queue', ticket);
              })}
            >
              <th scope="row">{host}</th>
              {columns.map((c) => (
                <GridCell key={c.id} cell={byCell.get(`${host}\n${c.id}`)} />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function GridCell({ cell }: { cell: HealthCell | undefined }) {
  const { t } = useTranslation();
  if (!cell) return <td className="muted">—</td>;
  const hint = [cell.detail, t('health.at', { time: formatDateTime(cell.atMs) })].filter(Boolean).join(' · ');
  return (
    <td title={hint}>
      <StatusBadge status={cell.status} />
      {cell.flapping && (
        <span className="health-flapping" title={t('health.flappingHint')}>
          {t('health.flapping')}
        </span>
      )}
      {cell.value !== null && <span className="health-value">{cell.value}</span>}
      <TicketLink ticketId={cell.ticketId} />
    </td>
  );
}
