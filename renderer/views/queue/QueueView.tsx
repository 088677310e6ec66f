import { useVirtualizer } from '@tanstack/react-virtual';
import { useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QueueFilter, QueueQuery, SortField } from '../../../shared/contract';
import { Priority, Status, SupportLevel, TicketKind } from '../../../shared/tickets';
import { useCall } from '../../api/client';
import { Highlighted, PriorityBadge, SlaBadge, StatusBadge } from '../../components/Badges';
import { formatDateTime, formatShortTime } from '../../format';
import { navigate } from '../../route';
import { useShortcuts } from '../../shortcuts';
import { ErrorNotice } from '../../shell/ErrorNotice';
import { DemoLoader } from './DemoLoader';
import { NewTicketDialog } from './NewTicketDialog';
import { exportQueue, ImportDialog } from './TransferDialog';
import { fieldName } from '../ticket/field-value';
import { DEFAULT_SORT, FIRST_VIEW, SAVED_VIEW_IDS, savedView, type SavedViewId } from './saved-views';
import { useQueuePages } from './use-queue-pages';
import { useHubConfigured } from '../sync/use-sync';

const ROW_HEIGHT = 44;
const COLUMNS: { field: SortField; className: string }[] = [
  { field: 'priority', className: 'c-prio' },
  { field: 'sla', className: 'c-sla' },
  { field: 'title', className: 'c-title' },
  { field: 'requester', className: 'c-req' },
  { field: 'category', className: 'c-cat' },
  { field: 'level', className: 'c-level' },
  { field: 'status', className: 'c-status' },
  { field: 'assignee', className: 'c-assignee' },
  { field: 'updated', className: 'c-updated' },
];

type Sort = NonNullable<QueueQuery['sort']>;

export function QueueView({ onEscalate }: { onEscalate: (ticketId: string) => void }) {
  const { t } = useTranslation();
  const hub = useHubConfigured();
  const info = useCall('app.info', {});
  const me = info.data?.actor ?? '';
  const [viewId, setViewId] = useState<SavedViewId>(FIRST_VIEW);
  const [extra, setExtra] = useState<QueueFilter>({});
  const [search, setSearch] = useState('');
  const text = useDeferredValue(search.trim());
  const base = savedView(viewId, me);
  const [sortOverride, setSortOverride] = useState<Sort | null>(null);
  const sort: Sort = sortOverride ?? base.sort ?? DEFAULT_SORT;
  const filter = useMemo<QueueFilter>(() => ({ ...base.filter, ...extra, ...(text ? { text } : {}) }), [JSON.stringify(base.filter), extra, text]);
  const [selected, setSelected] = useState(0);
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const gridRef = useRef<HTMLDivElement>(null);

  const [range, setRange] = useState({ first: 0, last: 40 });
  const pages = useQueuePages(filter, sort, range.first, range.last);
  const total = pages.total ?? 0;
  const virtualizer = useVirtualizer({ count: total, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;
  useEffect(() => {
    if (first !== range.first || last !== range.last) setRange({ first, last });
  }, [first, last, range.first, range.last]);
  // By value: the saved view gives a new sort object every render, which reset the selection after each j/k.
  useEffect(() => setSelected(0), [filter, sort.field, sort.dir]);

  const move = (delta: number) => {
    if (total === 0) return;
    const next = Math.min(total - 1, Math.max(0, selected + delta));
    setSelected(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };
  const selectedRow = pages.row(selected);
  useShortcuts([
    { keys: 'j', run: () => move(1) },
    { keys: 'ArrowDown', run: () => move(1) },
    { keys: 'k', run: () => move(-1) },
    { keys: 'ArrowUp', run: () => move(-1) },
    { keys: 'Enter', run: () => selectedRow && navigate('queue', selectedRow.id) },
    { keys: '/', run: () => searchRef.current?.focus() },
    { keys: 'n', run: () => setCreating(true) },
    { keys: 'e', run: () => selectedRow && onEscalate(selectedRow.id) },
  ]);

  const toggleSort = (field: SortField) =>
    setSortOverride(sort.field === field ? { field, dir: sort.dir === 'asc' ? 'desc' : 'asc' } : { field, dir: 'asc' });
  const setOne = <K extends keyof QueueFilter>(key: K, value: QueueFilter[K] | undefined) =>
    setExtra((current) => {
      const next = { ...current };
      if (value === undefined || (Array.isArray(value) && value.length === 0)) delete next[key];
      else next[key] = value;
      return next;
    });
  const stats = useCall('tickets.stats', {});
  const categories = useCall('tickets.categories', {}, { staleTime: Infinity });
  const { i18n } = useTranslation();
  const categoryLabels = useMemo(
    () => new Map((categories.data ?? []).map((c) => [c.path, i18n.language === 'fr' ? c.fr : c.en])),
    [categories.data, i18n.language],
  );
  const storeEmpty = stats.data?.tickets === 0;

  return (
    <section className="view queue" aria-labelledby="view-title">
      <header className="view-header">
        <h1 id="view-title">{t('tickets.queue')}</h1>
        <span className="muted" data-testid="queue-count">
          {pages.total === undefined ? '' : t('tickets.count', { count: total })}
        </span>
        <span className="spacer" />
        <input
          ref={searchRef}
          type="search"
          className="search"
          placeholder={t('tickets.searchHint')}
          aria-label={t('tickets.search')}
          aria-keyshortcuts="/"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              setSearch('');
              event.currentTarget.blur();
            }
            if (event.key === 'Enter' || event.key === 'ArrowDown') {
              event.preventDefault();
              gridRef.current?.focus();
            }
          }}
        />
        <button type="button" onClick={() => setImporting(true)}>
          {t('transfer.import')}
        </button>
        <button type="button" onClick={() => void exportQueue('csv')}>
          {t('transfer.exportCsv')}
        </button>
        <button type="button" className="primary" onClick={() => setCreating(true)} aria-keyshortcuts="N">
          {t('tickets.newTicket')} <kbd>n</kbd>
        </button>
      </header>

      <div className="tabs" role="tablist" aria-label={t('tickets.views.label')}>
        {SAVED_VIEW_IDS.map((id) => (
          <button
            key={id}
            type="button"
            role="tab"
            aria-selected={id === viewId}
            className={id === viewId ? 'tab active' : 'tab'}
            onClick={() => {
              setViewId(id);
              setSortOverride(null);
            }}
          >
            {t(`tickets.views.${id}`)}
          </button>
        ))}
      </div>

      <div className="filters">
        <FilterSelect label={t('tickets.columns.status')} values={Status.options} labelOf={(v) => t(`tickets.status.${v}`)} value={extra.statuses?.[0]} onChange={(v) => setOne('statuses', v ? [v] : undefined)} />
        <FilterSelect label={t('tickets.columns.priority')} values={Priority.options} labelOf={(v) => v} value={extra.priorities?.[0]} onChange={(v) => setOne('priorities', v ? [v] : undefined)} />
        <FilterSelect label={t('tickets.columns.level')} values={SupportLevel.options} labelOf={(v) => v} value={extra.levels?.[0]} onChange={(v) => setOne('levels', v ? [v] : undefined)} />
        <FilterSelect label={t('ticket.kind')} values={TicketKind.options} labelOf={(v) => t(`tickets.kind.${v}`)} value={extra.kinds?.[0]} onChange={(v) => setOne('kinds', v ? [v] : undefined)} />
        <FilterText label={t('tickets.columns.assignee')} value={extra.assignee} onChange={(v) => setOne('assignee', v)} />
        <FilterText label={t('tickets.columns.site')} value={extra.site} onChange={(v) => setOne('site', v)} />
        <label className="filter filter-check">
          <input type="checkbox" checked={extra.withVendor === true} onChange={(event) => setOne('withVendor', event.target.checked || undefined)} />
          <span>{t('tickets.withVendor')}</span>
        </label>
      </div>

      {pages.error && <ErrorNotice error={pages.error} />}
      {storeEmpty && <DemoLoader />}

      <div
        ref={gridRef}
        className="grid"
        role="grid"
        tabIndex={0}
        aria-rowcount={total + 1}
        aria-label={t('tickets.queue')}
        aria-activedescendant={selectedRow ? `row-${selectedRow.id}` : undefined}
      >
        <div role="rowgroup">
        <div className="grid-head" role="row" aria-rowindex={1}>
          {COLUMNS.map((column) => (
            <div
              key={column.field}
              role="columnheader"
              className={column.className}
              aria-sort={sort.field === column.field ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
            >
              <button type="button" className="sort" onClick={() => toggleSort(column.field)} title={t('tickets.sortBy', { column: t(`tickets.columns.${column.field}`) })}>
                {t(`tickets.columns.${column.field}`)}
                <span aria-hidden="true">{sort.field === column.field ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}</span>
              </button>
            </div>
          ))}
        </div>
        </div>
        <div ref={scrollRef} className="grid-body" role="rowgroup">
          {!pages.loading && total === 0 && (
            <div role="row">
              <div role="gridcell" className="grid-empty">
                {t('tickets.empty')}
              </div>
            </div>
          )}
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((item) => {
              const row = pages.row(item.index);
              return (
                <div
                  key={item.key}
                  id={row ? `row-${row.id}` : undefined}
                  role="row"
                  aria-rowindex={item.index + 2}
                  aria-selected={item.index === selected}
                  className={`grid-row${item.index === selected ? ' selected' : ''}`}
                  style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                  onClick={() => setSelected(item.index)}
                  onDoubleClick={() => row && navigate('queue', row.id)}
                >
                  {row ? (
                    <>
                      <div role="gridcell" className="c-prio">
                        <PriorityBadge priority={row.priority} />
                      </div>
                      <div role="gridcell" className="c-sla">
                        {row.status === 'resolved' || row.status === 'closed' ? <span className="muted">—</span> : <SlaBadge sla={row.sla} />}
                      </div>
                      <div role="gridcell" className="c-title">
                        <a href={`#/queue/${encodeURIComponent(row.id)}`} className="row-title" tabIndex={-1}>
                          <span className="ref">{row.ref}</span> {row.title}
                        </a>
                        {row.snippet && (
                          <span className="snippet">
                            <Highlighted text={row.snippet} />
                          </span>
                        )}
                        {row.vendor && <span className="flag flag-vendor">{t('tickets.vendorBadge', { name: row.vendor })}</span>}
                        {row.conflicts > 0 && <span className="flag flag-conflict">{t('tickets.conflict')}</span>}
                        {row.clashes.length > 0 && (
                          <span className="flag flag-conflict" title={t('tickets.clashHint')} data-testid="row-clash">
                            {t('tickets.clashBadge', { fields: row.clashes.map((field) => fieldName(t, field)).join(', ') })}
                          </span>
                        )}
                        {row.unsynced > 0 && hub && <span className="flag flag-unsynced" title={t('tickets.unsynced')}>●<span className="sr-only">{t('tickets.unsynced')}</span></span>}
                      </div>
                      <div role="gridcell" className="c-req">
                        <span>{row.requester ?? '—'}</span>
                        <span className="muted small">{row.site ?? ''}</span>
                      </div>
                      <div role="gridcell" className="c-cat" title={row.category ?? undefined}>
                        {row.category ? (categoryLabels.get(row.category) ?? row.category) : '—'}
                      </div>
                      <div role="gridcell" className="c-level">{row.level}</div>
                      <div role="gridcell" className="c-status">
                        <StatusBadge status={row.status} />
                      </div>
                      <div role="gridcell" className="c-assignee">{row.assignee ?? <span className="muted">{t('tickets.unassigned')}</span>}</div>
                      <div role="gridcell" className="c-updated" title={formatDateTime(row.updatedMs)}>
                        {formatShortTime(row.updatedMs)}
                      </div>
                    </>
                  ) : (
                    <div role="gridcell" className="c-loading">{t('common.loading')}</div>
                  )}
                </div>
              );
            })}
          </div>
        </div>
      </div>
      {creating && <NewTicketDialog onClose={() => setCreating(false)} />}
      {importing && <ImportDialog onClose={() => setImporting(false)} />}
    </section>
  );
}

function FilterSelect<V extends string>({ label, values, labelOf, value, onChange }: { label: string; values: readonly V[]; labelOf: (v: V) => string; value: V | undefined; onChange: (v: V | undefined) => void }) {
  const { t } = useTranslation();
  return (
    <label className="filter">
      <span>{label}</span>
      <select value={value ?? ''} onChange={(event) => onChange((event.target.value || undefined) as V | undefined)}>
        <option value="">{t('tickets.any')}</option>
        {values.map((v) => (
          <option key={v} value={v}>
            {labelOf(v)}
          </option>
        ))}
      </select>
    </label>
  );
}

function FilterText({ label, value, onChange }: { label: string; value: string | undefined; onChange: (v: string | undefined) => void }) {
  return (
    <label className="filter">
      <span>{label}</span>
      <input type="text" value={value ?? ''} onChange={(event) => onChange(event.target.value.trim() || undefined)} />
    </label>
  );
}
