import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { periodBounds, rollingBounds, type Indicators, type PeriodBounds, type PeriodChoice, type Rate } from '../../../shared/indicators';
import { client, useCall } from '../../api/client';
import { formatDuration } from '../../format';
import { ErrorNotice } from '../../shell/ErrorNotice';
import { useShortcuts } from '../../shortcuts';
import { ChartCanvas, type ThemeColors } from './ChartCanvas';
import { saveFile } from '../../save-file';
import { localOffsetMinutes, PeriodPicker, usePeriodLabel } from './PeriodPicker';
import { ProblemSuggestions } from './ProblemSuggestions';

const FIRST_DAYS = 30;

const pct = (r: Rate) => (r.rate === null ? '—' : `${Math.round(r.rate * 100)} %`);
const dur = (ms: number | null) => (ms === null ? '—' : formatDuration(ms));

/** The lead's and the technician's dashboard: figures, charts, problem candidates; CSV and PDF export. */
export function ReportsView() {
  const { t, i18n } = useTranslation();
  const [choice, setChoice] = useState<PeriodChoice>({ kind: 'days', days: FIRST_DAYS });
  const [team, setTeam] = useState('');
  const [mine, setMine] = useState(false);
  const [exportError, setExportError] = useState<unknown>(null);
  const info = useCall('app.info', {});
  const teams = useCall('tickets.suggest', { field: 'team', prefix: '' });
  const period = useMemo(() => periodBounds(choice, Date.now(), localOffsetMinutes()), [choice]);
  // While a custom range is unusable the last good figures stay on screen, the message next to the date.
  const [bounds, setBounds] = useState<PeriodBounds>(() => rollingBounds(FIRST_DAYS, Date.now(), localOffsetMinutes()));
  useEffect(() => {
    if (period.ok) setBounds(period.bounds);
  }, [period]);
  const filter = useMemo(
    () => ({ ...bounds, ...(team ? { team } : {}), ...(mine && info.data ? { assignee: info.data.actor } : {}) }),
    [bounds, team, mine, info.data],
  );
  const periodLabel = usePeriodLabel(choice);
  const data = useCall('reports.indicators', filter);
  const lang = i18n.language === 'fr' ? 'fr' : 'en';

  const exportCsv = useCallback(async () => {
    setExportError(null);
    try {
      const { csv, fileName } = await client.call('reports.indicatorsCsv', { filter, lang });
      saveFile(csv, fileName, 'text/csv;charset=utf-8');
    } catch (error) {
      setExportError(error);
    }
  }, [filter, lang]);
  useShortcuts([
    { keys: 'x', run: () => void exportCsv() },
    { keys: 'p', run: () => window.print() },
  ]);

  return (
    <section className="view reports-view" aria-labelledby="view-title">
      <header className="view-header">
        <h1 id="view-title">{t('reports.title')}</h1>
        <span className="muted print-only">{periodLabel}{team ? ` · ${team}` : ''}</span>
      </header>
      <div className="reports-filters no-print" role="group" aria-label={t('reports.filters')}>
        <PeriodPicker value={choice} problem={period.ok ? null : period.problem} onChange={setChoice} />
        <label>
          {t('reports.team')}{' '}
          <select value={team} onChange={(e) => setTeam(e.target.value)}>
            <option value="">{t('reports.allTeams')}</option>
            {(teams.data ?? []).map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label>
          <input type="checkbox" checked={mine} onChange={(e) => setMine(e.target.checked)} /> {t('reports.mine')}
        </label>
        <span className="spacer" />
        <button type="button" onClick={() => void exportCsv()} aria-keyshortcuts="X">
          {t('reports.exportCsv')} <kbd>x</kbd>
        </button>
        <button type="button" onClick={() => window.print()} aria-keyshortcuts="P">
          {t('reports.exportPdf')} <kbd>p</kbd>
        </button>
      </div>
      {exportError !== null && <ErrorNotice error={exportError} />}
      {data.error && <ErrorNotice error={data.error} />}
      {!data.data ? <p className="muted">{t('common.loading')}</p> : <Dashboard ind={data.data} />}
      <ProblemSuggestions />
    </section>
  );
}

function Dashboard({ ind }: { ind: Indicators }) {
  const { t, i18n } = useTranslation();
  const categories = useCall('tickets.categories', {});
  const category = (path: string | null) => {
    if (path === null) return t('reports.none');
    const found = categories.data?.find((c) => c.path === path);
    return found ? (i18n.language === 'fr' ? found.fr : found.en) : path;
  };
  const figures: Figure[] = [
    [t('reports.fig.backlog'), String(ind.backlog.total), t('reports.fig.breached', { count: ind.backlog.breached })],
    [t('reports.fig.opened'), String(ind.opened)],
    [t('reports.fig.resolved'), String(ind.resolved)],
    [t('reports.fig.timeToOwn'), dur(ind.timeToOwn.meanMs), `p90 ${dur(ind.timeToOwn.p90Ms)} · n=${ind.timeToOwn.count}`],
    [t('reports.fig.timeToResolve'), dur(ind.timeToResolve.meanMs), `p90 ${dur(ind.timeToResolve.p90Ms)} · n=${ind.timeToResolve.count}`],
    [t('reports.fig.vendorTime'), dur(ind.vendor.time.meanMs), t('reports.fig.vendorDetail', { count: ind.vendor.holding, p90: dur(ind.vendor.time.p90Ms), n: ind.vendor.time.count })],
    [t('reports.fig.slaOwn'), pct(ind.sla.own), `${ind.sla.own.num} / ${ind.sla.own.den}`],
    [t('reports.fig.slaResolve'), pct(ind.sla.resolve), `${ind.sla.resolve.num} / ${ind.sla.resolve.den}`],
    [t('reports.fig.ftf'), pct(ind.firstTimeFix), `${ind.firstTimeFix.num} / ${ind.firstTimeFix.den}`],
    [t('reports.fig.reopen'), pct(ind.reopen), `${ind.reopen.num} / ${ind.reopen.den}`],
    [t('reports.fig.escalation'), pct(ind.escalation.overall), `N2 ${pct(ind.escalation.byLevel.N2)} · N3 ${pct(ind.escalation.byLevel.N3)}`],
    [t('reports.fig.caught'), pct(ind.caughtByChecks), t('reports.fig.caughtDetail', { num: ind.caughtByChecks.num, den: ind.caughtByChecks.den })],
  ];
  const { success, emergency, rolledBack, rolledBackHosts } = ind.changes;
  const changes: Figure[] = [
    [t('reports.changes.success'), pct(success), t('reports.changes.successDetail', { num: success.num, den: success.den })],
    [t('reports.changes.emergency'), pct(emergency), t('reports.changes.emergencyDetail', { num: emergency.num, den: emergency.den })],
    [t('reports.changes.rolledBack'), pct(rolledBack), t('reports.changes.rolledBackDetail', { num: rolledBack.num, den: rolledBack.den, hosts: rolledBackHosts })],
  ];
  const perDay = useCallback(
    (c: ThemeColors) => ({
      type: 'bar' as const,
      data: {
        labels: ind.perDay.map((d) => d.day.slice(5)),
        datasets: [
          { label: t('reports.fig.opened'), data: ind.perDay.map((d) => d.opened), backgroundColor: c.accent },
          { label: t('reports.fig.resolved'), data: ind.perDay.map((d) => d.resolved), backgroundColor: c.ok },
        ],
      },
      options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
    }),
    [ind, t],
  );
  const backlog = useCallback(
    (c: ThemeColors) => ({
      type: 'bar' as const,
      data: {
        labels: Object.keys(ind.backlog.byPriority),
        datasets: [{ label: t('reports.fig.backlog'), data: Object.values(ind.backlog.byPriority), backgroundColor: [c.bad, c.warn, c.accent, c.muted, c.border] }],
      },
      options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
    }),
    [ind, t],
  );
  const age = useCallback(
    (c: ThemeColors) => ({
      type: 'bar' as const,
      data: {
        labels: Object.keys(ind.backlog.age.buckets).map((b) => t(`reports.age.${b}`)),
        datasets: [{ label: t('reports.backlogAge'), data: Object.values(ind.backlog.age.buckets), backgroundColor: c.warn }],
      },
      options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
    }),
    [ind, t],
  );
  return (
    <>
      <FigureList label={t('reports.figures')} figures={figures} />
      <section aria-labelledby="change-figures">
        <h2 id="change-figures">{t('reports.changes.title')}</h2>
        <FigureList label={t('reports.changes.title')} figures={changes} />
      </section>
      <div className="reports-grid">
        <section className="card chart-card wide" aria-labelledby="chart-per-day">
          <h2 id="chart-per-day">{t('reports.perDay')}</h2>
          <ChartCanvas label={t('reports.perDayAlt', { opened: ind.opened, resolved: ind.resolved })} config={perDay} />
        </section>
        <section className="card chart-card" aria-labelledby="chart-backlog">
          <h2 id="chart-backlog">{t('reports.backlogByPriority')}</h2>
          <ChartCanvas label={Object.entries(ind.backlog.byPriority).map(([p, n]) => `${p}: ${n}`).join(', ')} config={backlog} />
          <p className="muted small">
            {Object.entries(ind.backlog.byStatus)
              .filter(([, n]) => n > 0)
              .map(([s, n]) => `${t(`tickets.status.${s}`)} ${n}`)
              .join(' · ')}
          </p>
        </section>
        <section className="card chart-card" aria-labelledby="chart-age">
          <h2 id="chart-age">{t('reports.backlogAge')}</h2>
          <ChartCanvas label={Object.entries(ind.backlog.age.buckets).map(([b, n]) => `${t(`reports.age.${b}`)}: ${n}`).join(', ')} config={age} />
          <p className="muted small">{t('reports.meanAge', { value: dur(ind.backlog.age.meanMs) })}</p>
        </section>
        <CountTable id="top-categories" title={t('reports.topCategories')} rows={ind.topCategories.map((r) => [category(r.key), String(r.count)])} />
        <CountTable id="top-assets" title={t('reports.topAssets')} rows={ind.topAssets.map((r) => [r.key ?? '', String(r.count)])} />
        <CountTable
          id="escalation-category"
          title={t('reports.escalationByCategory')}
          rows={ind.escalation.byCategory.slice(0, 8).map((c) => [category(c.category), `${pct(c.rate)} (${c.rate.num}/${c.rate.den})`])}
        />
        <CountTable
          id="recurring"
          title={t('reports.recurring')}
          rows={ind.recurring.slice(0, 8).map((r) => [r.asset, `${r.count} · ${r.categories.map(category).join(', ')}`])}
        />
      </div>
    </>
  );
}

/** Label, big value and an optional line under it. */
type Figure = [string, string, string?];

function FigureList({ label, figures }: { label: string; figures: Figure[] }) {
  return (
    <ul className="figures" aria-label={label}>
      {figures.map(([name, value, sub]) => (
        <li key={name} className="figure">
          <span className="figure-label">{name}</span>
          <strong className="figure-value">{value}</strong>
          {sub && <span className="figure-sub muted">{sub}</span>}
        </li>
      ))}
    </ul>
  );
}

function CountTable({ id, title, rows }: { id: string; title: string; rows: [string, string][] }) {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {rows.length === 0 ? (
        <p className="muted">{t('reports.noData')}</p>
      ) : (
        <table className="count-table">
          <tbody>
            {rows.map(([k, v]) => (
              <tr key={k}>
                <th scope="row">{k}</th>
                <td>{v}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
