import { useQueryClient } from '@tanstack/react-query';
import { formatMegabytes as megabytes } from '../../format';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { client, useCall } from '../../api/client';
import { Field } from '../../components/Field';
import { formatDateTime } from './format';
import { ErrorNotice } from '../../shell/ErrorNotice';
import { SYNC_SHORTCUT, syncNow, useSyncJob, useSyncStatus } from './use-sync';
import { VaultDialog } from '../hosts/VaultDialog';

/** Settings card: connect this app to the team hub, see how sync is doing, sync now or cancel. */
export function SyncCard() {
  const { t, i18n } = useTranslation();
  const queries = useQueryClient();
  const status = useSyncStatus();
  const job = useSyncJob(status.data?.jobId ?? null);
  const [hubUrl, setHubUrl] = useState('');
  const [token, setToken] = useState('');
  const settings = useCall('settings.get', {});
  const [name, setName] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [vaultOpen, setVaultOpen] = useState(false);
  const vault = useCall('secrets.status', {});
  const s = status.data;

  const act = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      // Connecting may name the technician after the hub user: refresh what shows the name too.
      await Promise.all(['sync.status', 'settings.get', 'app.info'].map((key) => queries.invalidateQueries({ queryKey: [key] })));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const save = (event: FormEvent) => {
    event.preventDefault();
    void act(async () => {
      // Events carry this name, and the hub accepts only its user's: set it before anything is made.
      if (name !== null && name.trim() !== settings.data?.technician) {
        await client.call('settings.update', { technician: name.trim() });
        await queries.invalidateQueries({ queryKey: ['settings.get'] });
        await queries.invalidateQueries({ queryKey: ['app.info'] });
      }
      await client.call('sync.configure', { hubUrl: hubUrl || s?.hubUrl || '', token });
      setToken('');
    });
  };

  const state = !s?.configured ? 'unconfigured' : s.syncing ? 'syncing' : s.online === null ? 'unknown' : s.online ? 'online' : 'offline';
  return (
    <section className="card sync-card" aria-labelledby="sync-title">
      <h2 id="sync-title">{t('sync.title')}</h2>
      {status.error && <ErrorNotice error={status.error} />}
      {error !== null && <ErrorNotice error={error} />}
      {s && (
        <dl className="facts">
          <dt>{t('sync.state')}</dt>
          <dd data-testid="sync-state">
            <span className={`dot ${state === 'online' || state === 'syncing' ? 'dot-ok' : 'dot-off'}`} aria-hidden="true" /> {t(`sync.states.${state}`)}
          </dd>
          {s.hubUrl && (
            <>
              <dt>{t('sync.hub')}</dt>
              <dd>
                <code>{s.hubUrl}</code>
                {s.hubUser && <> · {t('sync.as', { user: s.hubUser })}</>}
              </dd>
            </>
          )}
          <dt>{t('sync.lastSync')}</dt>
          <dd data-testid="sync-last">{s.lastSyncAt ? formatDateTime(s.lastSyncAt, i18n.language) : t('sync.never')}</dd>
          <dt>{t('sync.waiting')}</dt>
          <dd data-testid="sync-waiting">{t('sync.events', { count: s.waiting })}</dd>
          {s.rejected > 0 && (
            <>
              <dt>{t('sync.rejected')}</dt>
              <dd>
                {t('sync.events', { count: s.rejected })}{' '}
                <button type="button" disabled={busy} onClick={() => void act(() => client.call('sync.retryRejected', {}))}>
                  {t('sync.retryRejected')}
                </button>
              </dd>
            </>
          )}
          {s.quarantined > 0 && (
            <>
              <dt>{t('sync.quarantine')}</dt>
              <dd className="sync-warning">{t('sync.quarantined', { count: s.quarantined })}</dd>
            </>
          )}
          {Math.abs(s.clockOffsetMs) > 60_000 && (
            <>
              <dt>{t('sync.clock')}</dt>
              <dd className="sync-warning">{t(s.clockOffsetMs > 0 ? 'sync.clockAhead' : 'sync.clockBehind', { minutes: Math.round(Math.abs(s.clockOffsetMs) / 60_000) })}</dd>
            </>
          )}
        </dl>
      )}
      {s && s.quarantined > 0 && (
        <div className="sync-quarantine" data-testid="sync-quarantine">
          <p>{t('sync.quarantined', { count: s.quarantined })}</p>
          <p className="hint">{t('sync.quarantineHint')}</p>
          <details>
            <summary>{t('sync.quarantineDetails')}</summary>
            <ul>
              {s.quarantine.map((entry) => (
                <li key={entry.eventId}>
                  <code>{entry.rule}</code> {t(entry.stream === 'kb' ? 'sync.quarantineArticle' : 'sync.quarantineTicket')} · {entry.reason}
                </li>
              ))}
            </ul>
          </details>
        </div>
      )}
      {/* A locked or missing token is told once, below, with the button that fixes it. */}
      {s?.lastError && !s.syncing && s.token !== 'locked' && s.token !== 'none' && (
        <p className="notice notice-error" role="status">
          {s.lastError.message}
        </p>
      )}
      {(s?.token === 'memory' || s?.token === 'locked') && (
        <div className="notice sync-warning">
          <p>{s.token === 'memory' ? t('sync.tokenInMemory') : t('sync.tokenLocked')}</p>
          <button type="button" onClick={() => setVaultOpen(true)}>
            {vault.data?.initialized ? t('sync.unlockVault') : t('sync.createVault')}
          </button>
        </div>
      )}
      {vaultOpen && <VaultDialog initialized={vault.data?.initialized ?? false} onClose={() => setVaultOpen(false)} />}

      {job ? (
        <div className="progress-line">
          <progress value={job.done} max={job.total ?? 1} aria-label={t('sync.progress')} />
          <span role="status">
            {job.message === 'files'
              ? t('sync.sendingFiles', { done: megabytes(job.done), total: megabytes(job.total ?? 0) })
              : t(job.message === 'push' ? 'sync.pushing' : 'sync.pulling', { done: job.done, total: job.total ?? 0 })}
          </span>
          <button type="button" onClick={() => void client.call('jobs.cancel', { jobId: job.jobId })}>
            {t('common.cancel')}
          </button>
        </div>
      ) : (
        s?.configured && (
          <div className="sync-actions">
            <button type="button" className="primary" disabled={busy} onClick={() => void act(syncNow)} aria-keyshortcuts="Control+Shift+S">
              {t('sync.now')} <kbd>{SYNC_SHORTCUT.label}</kbd>
            </button>
            <button type="button" disabled={busy} onClick={() => void act(() => client.call('sync.disconnect', {}))}>
              {t('sync.disconnect')}
            </button>
          </div>
        )
      )}

      <form className="sync-form" onSubmit={save}>
        <Field label={t('sync.hubUrl')}>
          {(props) => (
            <input {...props} type="url" inputMode="url" autoComplete="url" placeholder={s?.hubUrl ?? 'https://hub.example.org'} value={hubUrl} onChange={(e) => setHubUrl(e.target.value)} />
          )}
        </Field>
        <Field label={t('sync.name')}>
          {(props) => (
            <input {...props} autoComplete="name" value={name ?? settings.data?.technician ?? ''} onChange={(e) => setName(e.target.value)} />
          )}
        </Field>
        <Field label={t('sync.token')}>
          {(props) => <input {...props} type="password" autoComplete="off" spellCheck={false} value={token} onChange={(e) => setToken(e.target.value)} />}
        </Field>
        <p className="hint">{t('sync.tokenHint')}</p>
        <button type="submit" disabled={busy || token === '' || (hubUrl === '' && !s?.hubUrl)}>
          {s?.configured ? t('sync.update') : t('sync.connect')}
        </button>
      </form>
    </section>
  );
}
