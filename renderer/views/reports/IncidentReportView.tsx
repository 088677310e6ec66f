import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { JobProgress } from '../../../shared/contract';
import type { IncidentReportDraft } from '../../../shared/reports';
import { client, useStream } from '../../api/client';
import { routeHref } from '../../route';
import { ErrorNotice } from '../../shell/ErrorNotice';
import { useShortcuts } from '../../shortcuts';
import { base64ToBytes, saveFile } from '../../save-file';
import { BrandingForm } from './BrandingForm';
import { ReportBody } from './ReportBody';

type Stored = { hash: string; name: string; size: number };
type TextField = 'title' | 'reported' | 'found' | 'rootCause' | 'done' | 'advice' | 'technician';
const AREAS: TextField[] = ['reported', 'found', 'rootCause', 'done', 'advice'];

/** Preview and edit the end-user report of a resolved ticket, then make it final (HTML + PDF on the ticket). */
export function IncidentReportView({ ticketId }: { ticketId: string }) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const [draft, setDraft] = useState<IncidentReportDraft | null>(null);
  const [html, setHtml] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [job, setJob] = useState<JobProgress | null>(null);
  const [final, setFinal] = useState<{ html: Stored; pdf: Stored | null; pdfError?: string } | null>(null);

  const load = useCallback(async (lang?: 'fr' | 'en') => {
    setError(null);
    try {
      setDraft(await client.call('reports.incidentDraft', { ticketId, ...(lang ? { lang } : {}) }));
    } catch (e) {
      setError(e);
    }
  }, [ticketId]);
  useEffect(() => void load(), [load]);
  // The preview follows the edits, a moment after typing stops.
  useEffect(() => {
    if (!draft) return;
    const timer = setTimeout(() => {
      client.call('reports.incidentPreview', { draft }).then((r) => setHtml(r.html), setError);
    }, 250);
    return () => clearTimeout(timer);
  }, [draft]);
  useStream(
    'job.progress',
    useCallback(
      (p: JobProgress) => {
        if (p.jobId !== job?.jobId) return;
        setJob(p);
        if (p.state === 'done') {
          void client.call('reports.finalResult', { jobId: p.jobId }).then(setFinal, setError);
          // The report is now on the ticket (attachments and an event): its view must not show a cached one.
          void queries.invalidateQueries({ queryKey: ['tickets.get'] });
        }
        if (p.state === 'failed') setError(new Error(p.error ?? 'failed'));
      },
      [job?.jobId, queries],
    ),
  );
  const finalize = async () => {
    if (!draft) return;
    setError(null);
    setFinal(null);
    try {
      const { jobId } = await client.call('reports.incidentFinalize', { ticketId, draft });
      setJob({ jobId, kind: 'report', state: 'running', done: 0 });
    } catch (e) {
      setError(e);
    }
  };
  const download = async (file: Stored, mime: string) => {
    const { base64 } = await client.call('attachments.get', { hash: file.hash });
    saveFile(base64ToBytes(base64), file.name, mime);
  };
  useShortcuts([{ keys: 'Ctrl+Enter', inFields: true, run: () => void finalize() }]);

  if (!draft) return error ? <ErrorNotice error={error} /> : <p className="muted">{t('common.loading')}</p>;
  const set = (field: TextField, value: string) => setDraft({ ...draft, [field]: value });
  const running = job?.state === 'running';
  return (
    <section className="view incident-report" aria-labelledby="view-title">
      <nav className="breadcrumb" aria-label={t('ticket.back')}>
        <a href={routeHref('queue', ticketId)}>← {draft.ref}</a>
      </nav>
      <header className="view-header">
        <h1 id="view-title">{t('reports.incident.title', { ref: draft.ref })}</h1>
        <label>
          {t('reports.incident.lang')}{' '}
          <select value={draft.lang} onChange={(e) => void load(e.target.value as 'fr' | 'en')}>
            <option value="fr">Français</option>
            <option value="en">English</option>
          </select>
        </label>
      </header>
      <p className="muted">{t('reports.incident.intro')}</p>
      <div className="report-layout">
        <form className="card report-form" onSubmit={(e) => e.preventDefault()} aria-label={t('reports.incident.edit')}>
          <label className="field">
            <span>{t('reports.incident.field.title')}</span>
            <input value={draft.title} onChange={(e) => set('title', e.target.value)} />
          </label>
          {AREAS.map((field) => (
            <label className="field" key={field}>
              <span>{t(`reports.incident.field.${field}`)}</span>
              <textarea rows={field === 'done' || field === 'found' ? 4 : 3} value={draft[field]} onChange={(e) => set(field, e.target.value)} />
            </label>
          ))}
          {draft.checklist.length > 0 && (
            <fieldset>
              <legend>{t('reports.incident.field.checklist')}</legend>
              <ul className="plain">
                {draft.checklist.map((step, i) => (
                  <li key={`${step.step}-${i}`}>
                    {step.step} — {step.outcome} {step.reading && <span className="muted">({step.reading})</span>}{' '}
                    <button type="button" className="link" onClick={() => setDraft({ ...draft, checklist: draft.checklist.filter((_, j) => j !== i) })}>
                      {t('reports.incident.remove')}
                    </button>
                  </li>
                ))}
              </ul>
            </fieldset>
          )}
          <label className="field">
            <span>{t('reports.incident.field.inventory')}</span>
            <textarea rows={3} value={draft.inventory.join('\n')} onChange={(e) => setDraft({ ...draft, inventory: e.target.value.split('\n').filter((l) => l.trim()) })} />
          </label>
          <label className="field">
            <span>{t('reports.incident.field.technician')}</span>
            <input value={draft.technician} onChange={(e) => set('technician', e.target.value)} />
          </label>
          <div className="actions">
            <button type="button" className="primary" disabled={running} onClick={() => void finalize()} aria-keyshortcuts="Control+Enter">
              {t('reports.incident.finalize')} <kbd>Ctrl+Enter</kbd>
            </button>
            {running && (
              <span className="progress-line">
                <progress value={job.done} max={job.total ?? 3} aria-label={t('reports.incident.finalizing')} />
                <span role="status">{t('reports.incident.finalizing')}</span>
                <button type="button" onClick={() => void client.call('jobs.cancel', { jobId: job.jobId })}>
                  {t('common.cancel')}
                </button>
              </span>
            )}
          </div>
          {error !== null && <ErrorNotice error={error} />}
          <BrandingForm onSaved={() => setDraft({ ...draft })} />
          {final && (
            <div className="report-done" role="status">
              <p>{t('reports.incident.stored')}</p>
              <div className="actions">
                {final.pdf && (
                  <button type="button" onClick={() => final.pdf && void download(final.pdf, 'application/pdf')}>
                    {t('reports.incident.downloadPdf')}
                  </button>
                )}
                <button type="button" onClick={() => void download(final.html, 'text/html')}>
                  {t('reports.incident.downloadHtml')}
                </button>
              </div>
              {final.pdfError && <p className="warn-text">{t('reports.incident.noPdf', { reason: final.pdfError })}</p>}
            </div>
          )}
        </form>
        <section className="report-preview" aria-label={t('reports.incident.preview')}>
          <ReportBody html={html} />
        </section>
      </div>
    </section>
  );
}
