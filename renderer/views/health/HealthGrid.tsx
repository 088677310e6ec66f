import { useId, useMemo, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { HealthCell, HealthOverview } from '../../../shared/contract';
import { useRowNavigation } from '../../components/row-navigation';
import { formatDateTime } from '../../format';
import { navigate } from '../../route';
import { gridChoices, gridHosts, worstStatus, type GridFilter, type GridOrder, type GridSort } from './grid-order';
import { HostChecks } from './HostChecks';
import { FlappingMark, NextTry, REACH, StatusBadge, TicketLink, useTitle } from './parts';

const sameSort = (a: GridSort, b: GridSort) => a.by === b.by && (a.by !== 'check' || (b.by === 'check' && a.checkId === b.checkId));

/** Hosts x checks: sortable by host, worst status or a check's column, filtered by name, site and tag; the chosen host's checks below. */
export function HealthGrid({ overview, filterField }: { overview: HealthOverview; filterField: RefObject<HTMLInputElement | null> }) {
  const { t } = useTranslation();
  const title = useTitle();
  const siteId = useId();
  const tagId = useId();
  const [filter, setFilter] = useState<GridFilter>({ text: '', site: '', tag: '' });
  const [order, setOrder] = useState<GridOrder>({ sort: { by: 'host' }, dir: 'asc' });
  const byCell = useMemo(() => new Map(overview.cells.map((c) => [`${c.host}\n${c.checkId}`, c])), [overview.cells]);
  const columns = useMemo(() => {
    const used = new Set(overview.cells.map((c) => c.checkId));
    return [
      ...(used.has(REACH) ? [{ id: REACH, title: t('health.reachable') }] : []),
      ...overview.checks.filter((c) => used.has(c.id)).map((c) => ({ id: c.id, title: title(c.title) })),
    ];
  }, [overview, t, title]);
  const choices = useMemo(() => gridChoices(overview), [overview]);
  const hosts = useMemo(() => gridHosts(overview, filter, order), [overview, filter, order]);
  const rows = useRowNavigation(hosts.length);
  const chosen = hosts[rows.index];
  const firstTicket = (host: string) => overview.cells.find((c) => c.host === host && c.ticketId)?.ticketId;

  // A new column starts worst first (descending); host names start A to Z; pressing again turns it round.
  const sortBy = (sort: GridSort) =>
    setOrder((o) => (sameSort(o.sort, sort) ? { sort, dir: o.dir === 'asc' ? 'desc' : 'asc' } : { sort, dir: sort.by === 'host' ? 'asc' : 'desc' }));
  const header = (sort: GridSort, label: string, key: string) => {
    const on = sameSort(order.sort, sort);
    return (
      <th key={key} scope="col" aria-sort={on ? (order.dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
        <button type="button" className="sort" onClick={() => sortBy(sort)} title={t('health.sortBy', { column: label })}>
          {label}
          <span aria-hidden="true">{on ? (order.dir === 'asc' ? ' ▲' : ' ▼') : ''}</span>
        </button>
      </th>
    );
  };
  return (
    <>
      <div className="health-section">
        <h2>{t('health.grid')}</h2>
        <div className="health-filters">
          <input
            ref={filterField}
            className="health-filter"
            type="search"
            aria-label={t('health.filter')}
            placeholder={`${t('health.filter')} (/)`}
            value={filter.text}
            onChange={(event) => setFilter({ ...filter, text: event.target.value })}
            onKeyDown={(event) => {
              if (event.key === 'Enter' || event.key === 'ArrowDown') {
                event.preventDefault();
                rows.focusRow(0);
              }
            }}
          />
          <label htmlFor={siteId}>{t('health.site')}</label>
          <select id={siteId} value={filter.site} onChange={(event) => setFilter({ ...filter, site: event.target.value })}>
            <option value="">{t('health.allSites')}</option>
            {choices.sites.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
          <label htmlFor={tagId}>{t('health.tag')}</label>
          <select id={tagId} value={filter.tag} onChange={(event) => setFilter({ ...filter, tag: event.target.value })}>
            <option value="">{t('health.allTags')}</option>
            {choices.tags.map((tag) => (
              <option key={tag} value={tag}>
                {tag}
              </option>
            ))}
          </select>
          <span className="small muted" role="status">
            {t('health.shown', { n: hosts.length, total: overview.hosts.length })}
          </span>
        </div>
        <table className="hosts-table health-table" aria-label={t('health.gridLabel')} aria-describedby="health-keys">
          <thead>
            <tr>
              {header({ by: 'host' }, t('health.host'), 'host')}
              {header({ by: 'worst' }, t('health.worst'), 'worst')}
              {columns.map((c) => header({ by: 'check', checkId: c.id }, c.title, c.id))}
            </tr>
          </thead>
          <tbody ref={rows.body}>
            {hosts.map((host, i) => {
              const worst = worstStatus(overview.cells.filter((c) => c.host === host));
              return (
                <tr
                  key={host}
                  {...rows.rowProps(i, () => {
                    const ticket = firstTicket(host);
                    if (ticket) navigate('queue', ticket);
                  })}
                >
                  <th scope="row">{host}</th>
                  <td>{worst && <StatusBadge status={worst} />}</td>
                  {columns.map((c) => (
                    <GridCell key={c.id} cell={byCell.get(`${host}\n${c.id}`)} />
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {chosen && <HostChecks overview={overview} host={chosen} />}
    </>
  );
}

function GridCell({ cell }: { cell: HealthCell | undefined }) {
  const { t } = useTranslation();
  if (!cell) return <td className="muted">—</td>;
  const hint = [cell.detail, t('health.at', { time: formatDateTime(cell.atMs) })].filter(Boolean).join(' · ');
  return (
    <td title={hint}>
      <StatusBadge status={cell.status} />
      {cell.flapping && <FlappingMark />}
      {cell.value !== null && <span className="health-value">{cell.value}</span>}
      <NextTry cell={cell} />
      <TicketLink ticketId={cell.ticketId} />
    </td>
  );
}
