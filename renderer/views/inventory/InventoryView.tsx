import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { JobProgress } from '../../../shared/contract';
import { badgeText, healthBadges } from '../../../shared/inventory';
import { client, useCall, useStream } from '../../api/client';
import { formatDateTimeSeconds } from '../../format';
import { navigate } from '../../route';
import { useShortcuts, type Shortcut } from '../../shortcuts';
import { ErrorNotice } from '../../shell/ErrorNotice';
import { AttachDialog } from './AttachDialog';
import { DiffView } from './DiffView';
import { exportFileName } from './export-file-name';
import { saveFile } from '../../save-file';
import { machineChoices } from './machines';
import { SnapshotSections, useLang } from './SnapshotSections';

/**
 * Snapshots of this machine or of a host of the book: take one (a job with progress and Cancel), read it,
 * see what changed, copy it into a ticket comment, export it, attach it to a ticket.
 * Route: `#/inventory[/SNAPSHOT_ID[/diff]]`.
 */
export function InventoryView({ rest }: { rest: string[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  const queries = useQueryClient();
  const [routeId, routeTab] = rest;
  const machines = useCall('inventory.machines', {});
  const hosts = useCall('hosts.list', {});
  const routed = useCall('inventory.get', { id: routeId ?? '' }, { enabled: Boolean(routeId) });
  const [picked, setPicked] = useState<string | undefined>();
  const [job, setJob] = useState<JobProgress | undefined>();
  const [failure, setFailure] = useState<unknown>();
  const [notice, setNotice] = useState<string | undefined>();
  const [attaching, setAttaching] = useState(false);

  const choices = useMemo(
    () => machineChoices(machines.data?.local, hosts.data ?? [], machines.data?.machines ?? [], (name) => t('inventory.thisMachine', { name }), (kind) => t(`inventory.kindLabel.${kind}`)),
    [machines.data, hosts.data, t],
  );
  // The machine follows the routed snapshot until the technician picks another one.
  const routedKey = routed.data?.machineKey;
  const choice = choices.find((c) => (picked ? c.value === picked : routedKey ? c.machineKey === routedKey : c.kind === 'local'));
  const history = useCall('inventory.list', { machineKey: choice?.machineKey ?? '', limit: 200 }, { enabled: Boolean(choice) });
  const selectedId = routeId ?? history.data?.[0]?.id;
  const snapshot = useCall('inventory.get', { id: selectedId ?? '' }, { enabled: Boolean(selectedId) });
  const tab = routeTab === 'diff' ? 'diff' : 'sections';
  const current = snapshot.data;

  useStream(
    'job.progress',
    useCallback((progress: JobProgress) => setJob((j) => (j && j.jobId === progress.jobId ? progress : j)), []),
  );
  useStream(
    'inventory.saved',
    useCallback(
      (saved: { jobId: string; snapshot: { id: string } }) => {
        void queries.invalidateQueries({ queryKey: ['inventory.list'] });
        void queries.invalidateQueries({ queryKey: ['inventory.machines'] });
        setJob((j) => {
          if (j && j.jobId === saved.jobId) navigate('inventory', saved.snapshot.id);
          return j;
        });
      },
      [queries],
    ),
  );

  const running = job?.state === 'running';
  // Cancel pressed before the core answered with the job id: cancel as soon as it does.
  const cancelSoon = useRef(false);
  const take = async (refresh = false) => {
    if (!choice || choice.kind === 'other' || running) return;
    setFailure(undefined);
    setNotice(undefined);
    cancelSoon.current = false;
    setJob({ jobId: '', kind: 'inventory', state: 'running', done: 0 });
    try {
      const { jobId } = await client.call('inventory.collect', choice.host ? { host: choice.host } : { refresh });
      setJob((j) => (j && j.jobId === '' ? { ...j, jobId } : j));
      if (cancelSoon.current) void client.call('jobs.cancel', { jobId });
    } catch (error) {
      setJob(undefined);
      setFailure(error);
    }
  };
  const cancel = () => {
    if (!job || !running) return;
    if (job.jobId === '') cancelSoon.current = true;
    else void client.call('jobs.cancel', { jobId: job.jobId });
  };
  const copy = async () => {
    if (!current) return;
    const { text } = await client.call('inventory.exportText', { id: current.id, lang });
    try {
      await navigator.clipboard.writeText(text);
      setNotice(t('inventory.copied'));
    } catch {
      setNotice(t('inventory.copyFailed'));
    }
  };
  const machineName = current ? current.sections.os.data.hostname ?? current.host ?? current.machineKey : '';
  const exportJson = () => {
    if (current) saveFile(JSON.stringify(current, null, 2), exportFileName(machineName, current.takenAt, '.json'), 'application/json;charset=utf-8');
  };
  const exportGlpi = async () => {
    if (!current) return;
    try {
      const { document } = await client.call('inventory.exportGlpi', { id: current.id });
      saveFile(JSON.stringify(document, null, 2), exportFileName(machineName, current.takenAt, '.glpi.json'), 'application/json;charset=utf-8');
    } catch (error) {
      setFailure(error);
    }
  };

  const importInput = useRef<HTMLInputElement>(null);
  // A notice belongs to the snapshot it was given for; the import's notice is given just before its snapshot opens.
  const noticeFor = useRef<string | undefined>(undefined);
  const importFile = async (file: File | undefined) => {
    if (!file) return;
    setFailure(undefined);
    try {
      const saved = await client.call('inventory.importGlpi', { text: await file.text() });
      const name = saved.host ?? saved.machineKey;
      void queries.invalidateQueries({ queryKey: ['inventory.list'] });
      void queries.invalidateQueries({ queryKey: ['inventory.machines'] });
      setPicked(undefined);
      noticeFor.current = saved.id;
      navigate('inventory', saved.id);
      setNotice(
        saved.partial
          ? t('inventory.importedPartial', { name, sections: saved.partial.map((section) => t(`inventory.section.${section}`)).join(', ') })
          : t('inventory.imported', { kind: t(`inventory.kind.${saved.kind ?? 'computer'}`), name }),
      );
    } catch (error) {
      setFailure(error);
    } finally {
      if (importInput.current) importInput.current.value = '';
    }
  };

  const shortcuts = useMemo<Shortcut[]>(
    () =>
      attaching
        ? []
        : [
            { keys: 't', run: () => void take() },
            { keys: 'R', run: () => void take(true) },
            { keys: 'x', run: cancel },
            { keys: 'y', run: () => void copy() },
            { keys: 'j', run: exportJson },
            { keys: 'l', run: () => void exportGlpi() },
            { keys: 'a', run: () => current && setAttaching(true) },
            { keys: 'd', run: () => current && navigate('inventory', current.id, ...(tab === 'diff' ? [] : ['diff'])) },
            { keys: 'i', run: () => importInput.current?.click() },
          ],
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [attaching, choice, current, running, job, tab, lang],
  );
  useShortcuts(shortcuts);

  useEffect(() => {
    if (noticeFor.current !== selectedId) setNotice(undefined);
    noticeFor.current = undefined;
  }, [selectedId]);
  // A snapshot reached by link (ticket timeline) or saved elsewhere (import, CLI) that the cached history lacks.
  const refetched = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (!routeId || !history.data || history.data.some((s) => s.id === routeId) || refetched.current === routeId) return;
    refetched.current = routeId;
    void history.refetch();
    void machines.refetch();
  }, [routeId, history, machines]);

  const badges = current ? healthBadges(current) : [];
  const jobError = job && job.state === 'failed' ? job.error : undefined;

  return (
    <section className="view inventory-view" aria-labelledby="view-title">
      <header className="view-header">
        <h1 id="view-title">{t('inventory.title')}</h1>
        <label className="inv-picker">
          <span>{t('inventory.machine')}</span>{' '}
          <select
            value={choice?.value ?? ''}
            onChange={(e) => {
              setPicked(e.target.value);
              setJob(undefined);
              navigate('inventory');
            }}
          >
            {choices.filter((c) => c.kind === 'local').map((c) => <option key={c.value} value={c.value}>{c.label}</option>)}
            {choices.some((c) => c.kind === 'host') && (
              <optgroup label={t('inventory.hostsGroup')}>
                {choices.filter((c) => c.kind === 'host').map((c) => <option key={c.value} value={c.value}>{c.label}</option>)}
              </optgroup>
            )}
            {choices.some((c) => c.kind === 'other') && (
              <optgroup label={t('inventory.othersGroup')}>
                {choices.filter((c) => c.kind === 'other').map((c) => <option key={c.value} value={c.value}>{c.label}</option>)}
              </optgroup>
            )}
          </select>
        </label>
        <button type="button" className="primary" onClick={() => void take()} disabled={running || !choice || choice.kind === 'other'} aria-keyshortcuts="t">
          {t('inventory.take')} <kbd>t</kbd>
        </button>
        {choice?.kind === 'local' && (
          <button type="button" onClick={() => void take(true)} disabled={running} aria-keyshortcuts="Shift+R">
            {t('inventory.refresh')} <kbd>R</kbd>
          </button>
        )}
        <button type="button" onClick={() => importInput.current?.click()} aria-keyshortcuts="i">
          {t('inventory.importGlpi')} <kbd>i</kbd>
        </button>
        <input
          ref={importInput}
          type="file"
          accept=".json,.xml,application/json,application/xml,text/xml"
          className="sr-only"
          tabIndex={-1}
          aria-label={t('inventory.importGlpiFile')}
          onChange={(e) => void importFile(e.target.files?.[0])}
        />
      </header>

      {running && (
        <div className="progress-line inv-progress">
          <progress value={job.done} max={job.total ?? undefined} aria-label={t('inventory.take')} />
          <span role="status">
            {choice?.host
              ? t('inventory.collectingRemote', { host: choice.host, section: job.message ?? '' })
              : t('inventory.collecting', { done: job.done, total: job.total ?? '?', section: job.message ?? '' })}
          </span>
          <button type="button" onClick={cancel} aria-keyshortcuts="x">
            {t('inventory.cancel')} <kbd>x</kbd>
          </button>
        </div>
      )}
      {job?.state === 'cancelled' && <p className="notice" role="status">{t('inventory.cancelled')}</p>}
      {jobError && (
        <div className="notice notice-error" role="alert">
          <strong>{t('inventory.failed')}</strong> <span>{jobError}</span>
          {/host key/i.test(jobError) && <p>{t('inventory.hostKeyHint')}</p>}
        </div>
      )}
      {failure !== undefined && <ErrorNotice error={failure} />}
      {notice && <p className="notice" role="status">{notice}</p>}

      <div className="inv-layout">
        <nav className="inv-history" aria-labelledby="inv-history-title">
          <h2 id="inv-history-title">{t('inventory.history')}</h2>
          {history.data?.length === 0 && <p className="muted small">{t('inventory.noSnapshot')}</p>}
          <ol>
            {(history.data ?? []).map((s) => (
              <li key={s.id}>
                <a href={`#/inventory/${encodeURIComponent(s.id)}`} aria-current={s.id === selectedId ? 'true' : undefined}>
                  <span>{formatDateTimeSeconds(Date.parse(s.takenAt))}</span>
                  <span className="muted small">
                    {t(`inventory.collector.${s.collector}`)} · {t('inventory.takenBy', { who: s.takenBy })}
                  </span>
                </a>
              </li>
            ))}
          </ol>
        </nav>

        <div className="inv-main">
          {snapshot.error && <ErrorNotice error={snapshot.error} />}
          {current && (
            <>
              <div className="inv-toolbar" role="toolbar" aria-label={t('inventory.title')}>
                <div className="inv-tabs">
                  <a href={`#/inventory/${encodeURIComponent(current.id)}`} aria-current={tab === 'sections' ? 'page' : undefined}>{t('inventory.tabs.sections')}</a>
                  <a href={`#/inventory/${encodeURIComponent(current.id)}/diff`} aria-current={tab === 'diff' ? 'page' : undefined} aria-keyshortcuts="d">
                    {t('inventory.tabs.diff')} <kbd>d</kbd>
                  </a>
                </div>
                <span className="spacer" />
                <button type="button" onClick={() => void copy()} aria-keyshortcuts="y">{t('inventory.copy')} <kbd>y</kbd></button>
                <button type="button" onClick={exportJson} aria-keyshortcuts="j">{t('inventory.exportJson')} <kbd>j</kbd></button>
                <button type="button" onClick={() => void exportGlpi()} aria-keyshortcuts="l">{t('inventory.exportGlpi')} <kbd>l</kbd></button>
                <button type="button" onClick={() => setAttaching(true)} aria-keyshortcuts="a">{t('inventory.attach')} <kbd>a</kbd></button>
              </div>
              <p className="inv-title">
                <strong>{machineName}</strong> · {formatDateTimeSeconds(Date.parse(current.takenAt))} · {t(`inventory.collector.${current.collector}`)} ·{' '}
                {t('inventory.takenBy', { who: current.takenBy })}
              </p>
              <div className="inv-health" aria-label={t('inventory.health')}>
                {badges.length === 0 ? (
                  <span className="inv-badge inv-badge-ok">{t('inventory.healthy')}</span>
                ) : (
                  badges.map((b) => <span key={`${b.code}-${b.component}`} className={`inv-badge inv-badge-${b.level}`}>{badgeText(b, lang)}</span>)
                )}
              </div>
              {tab === 'diff' ? <DiffView snapshotId={current.id} /> : <SnapshotSections snapshot={current} />}
            </>
          )}
          {!current && !snapshot.isLoading && choice === undefined && <p className="muted">{t('inventory.noMachine')}</p>}
          <p className="muted small">{t('inventory.keysHelp')}</p>
        </div>
      </div>

      {attaching && current && (
        <AttachDialog
          snapshotId={current.id}
          onCancel={() => setAttaching(false)}
          onDone={(ref) => {
            setAttaching(false);
            setNotice(t('inventory.attached', { ref }));
          }}
        />
      )}
    </section>
  );
}
