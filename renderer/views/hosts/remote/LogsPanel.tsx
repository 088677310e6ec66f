import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Host, LogItemResult } from '../../../../shared/contract';
import { logPresetLabel, logPresetsFor } from '../../../../shared/remote/logs';
import { client, useCall } from '../../../api/client';
import { Field } from '../../../components/Field';
import { routeHref } from '../../../route';
import { ErrorNotice } from '../../../shell/ErrorNotice';
import { JobList } from './JobList';
import { formatBytes } from '../../../../shared/remote/paths';
import { useRemoteJobs } from './use-jobs';

/**
 * "Fetch logs": the usual logs of the host's OS (and any file typed) fetched in one job and attached to a
 * ticket, each log reported on its own (missing, denied, tail kept when too large).
 */
export function LogsPanel({ host, ticketId }: { host: Host; ticketId?: string | undefined }) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const presets = logPresetsFor(host.osFamily);
  const family = presets[0]?.family ?? 'linux';
  const tickets = useCall('hosts.openTickets', { name: host.name });
  const open = tickets.data?.[0]?.tickets ?? [];
  const [target, setTarget] = useState(ticketId ?? '');
  const [chosen, setChosen] = useState<Set<string>>(() => new Set(presets.map((p) => p.id)));
  const [files, setFiles] = useState('');
  const [maxMiB, setMaxMiB] = useState(4);
  const [failure, setFailure] = useState<unknown>();
  const [tried, setTried] = useState(false);
  const [last, setLast] = useState<{ ticketId: string; items: LogItemResult[] } | undefined>();
  const { jobs, track, cancel, dismiss } = useRemoteJobs((job) => {
    if (job.logs) {
      setLast({ ticketId: job.logs.ticketId, items: job.logs.items });
      void queries.invalidateQueries({ queryKey: ['tickets.get'] });
    }
  });
  const ticket = target || open[0]?.id || '';
  const paths = files
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const nothing = chosen.size === 0 && paths.length === 0;
  const running = jobs.some((job) => job.state === 'running');

  const fetchLogs = async () => {
    setTried(true);
    setFailure(undefined);
    if (nothing || !ticket) return;
    try {
      const { jobId } = await client.call('logs.fetch', { name: host.name, ticketId: ticket, presets: [...chosen], files: paths, maxBytes: Math.round(maxMiB * 1024 * 1024) });
      track(jobId, 'logs', host.name);
    } catch (error) {
      setFailure(error);
    }
  };

  return (
    <div className="remote-logs">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void fetchLogs();
        }}
      >
        {tickets.data && open.length === 0 && !ticketId ? (
          <p className="notice">{t('remote.logs.noTickets', { name: host.name })}</p>
        ) : (
          <Field label={t('remote.logs.ticket')}>
            {(props) => (
              <select {...props} value={ticket} onChange={(e) => setTarget(e.target.value)}>
                {ticketId && !open.some((x) => x.id === ticketId) && <option value={ticketId}>{ticketId}</option>}
                {open.map((x) => (
                  <option key={x.id} value={x.id}>
                    {x.ref} · {x.title}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        <fieldset className="remote-presets">
          <legend>{t('remote.logs.presets', { family: t(`remote.logs.families.${family}`) })}</legend>
          {presets.map((preset) => (
            <label key={preset.id} className="checkbox">
              <input
                type="checkbox"
                checked={chosen.has(preset.id)}
                onChange={(e) =>
                  setChosen((set) => {
                    const next = new Set(set);
                    if (e.target.checked) next.add(preset.id);
                    else next.delete(preset.id);
                    return next;
                  })
                }
              />
              <code>{logPresetLabel(preset)}</code>
            </label>
          ))}
          <p className="small muted">{t('remote.logs.familyHint')}</p>
        </fieldset>
        <Field label={t('remote.logs.files')}>
          {(props) => <textarea {...props} className="mono" rows={3} value={files} onChange={(e) => setFiles(e.target.value)} spellCheck={false} placeholder="/var/log/nginx/error.log" />}
        </Field>
        <Field label={t('remote.logs.maxSize')}>
          {(props) => <input {...props} type="number" min={1} max={6} step={1} value={maxMiB} onChange={(e) => setMaxMiB(Math.min(6, Math.max(1, Number(e.target.value) || 1)))} className="narrow" />}
        </Field>
        {tried && nothing && (
          <p className="field-error" role="alert">
            {t('remote.logs.pickOne')}
          </p>
        )}
        <button type="submit" className="primary" disabled={running || !ticket}>
          {t('remote.logs.fetch')}
        </button>
      </form>
      {failure !== undefined && <ErrorNotice error={failure} />}
      <JobList jobs={jobs} onCancel={cancel} onDismiss={dismiss} />
      {last && <LogResults ticketId={last.ticketId} items={last.items} />}
    </div>
  );
}

function LogResults({ ticketId, items }: { ticketId: string; items: readonly LogItemResult[] }) {
  const { t } = useTranslation();
  return (
    <section className="remote-log-results" aria-labelledby="log-results-title">
      <h2 id="log-results-title">
        {t('remote.logs.results')} · <a href={routeHref('queue', ticketId)}>{t('remote.logs.openTicket')}</a>
      </h2>
      <table className="hosts-table">
        <thead>
          <tr>
            <th scope="col">{t('remote.logs.source')}</th>
            <th scope="col">{t('remote.logs.result')}</th>
            <th scope="col" className="num">
              {t('remote.logs.size')}
            </th>
            <th scope="col">{t('remote.logs.note')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.source} data-log={item.source}>
              <td>
                <code>{item.label}</code>
              </td>
              <td>
                <span className={`log-status log-${item.status}`}>{t(`remote.logs.status.${item.status}`)}</span>
              </td>
              <td className="num">
                {item.status === 'attached' ? formatBytes(item.bytes) : ''}
                {item.truncated && <span className="small muted"> ({t('remote.logs.truncated', { total: formatBytes(item.totalBytes) })})</span>}
              </td>
              <td className="small remote-log-note">{item.attachment ? <code>{item.attachment}</code> : null} {item.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
