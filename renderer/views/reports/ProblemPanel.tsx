import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Ticket } from '../../../shared/tickets';
import { useCall, useCallMutation } from '../../api/client';
import { ErrorNotice } from '../../shell/ErrorNotice';
import { IncidentList } from '../ticket/ProblemCard';

const WHYS = 5;

/** A problem record: its incidents, the root cause analysis (5 whys), the known-error workaround, pushing the fix. */
export function ProblemPanel({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const analysis = useCall('problems.analysis', { problemId: ticket.id });
  // The same query the ticket view holds: the incidents' titles and statuses come with it.
  const detail = useCall('tickets.get', { id: ticket.id });
  const save = useCallMutation('problems.saveAnalysis', ['problems.analysis', 'kb.search']);
  const push = useCallMutation('problems.pushResolution', ['tickets.get', 'tickets.query']);
  const [whys, setWhys] = useState<string[]>(Array(WHYS).fill(''));
  const [workaround, setWorkaround] = useState('');
  const [fix, setFix] = useState({ text: ticket.resolution?.text ?? '', rootCause: ticket.resolution?.rootCause ?? '' });
  useEffect(() => {
    if (!analysis.data) return;
    setWhys([...analysis.data.whys, ...Array(WHYS).fill('')].slice(0, WHYS));
    setWorkaround(analysis.data.workaround);
  }, [analysis.data]);
  return (
    <section className="card problem-panel" aria-labelledby="problem-title">
      <h2 id="problem-title">{t('reports.problem.title')}</h2>
      <h3>{t('reports.problem.incidents', { count: ticket.incidentIds.length })}</h3>
      <IncidentList ticket={ticket} related={detail.data?.related ?? {}} />
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate({ problemId: ticket.id, whys: whys.map((w) => w.trim()).filter(Boolean), workaround });
        }}
      >
        <fieldset>
          <legend>{t('reports.problem.whys')}</legend>
          {whys.map((why, i) => (
            <label key={i} className="field inline-field">
              <span>{t('reports.problem.why', { n: i + 1 })}</span>
              <input value={why} onChange={(e) => setWhys(whys.map((w, j) => (j === i ? e.target.value : w)))} />
            </label>
          ))}
        </fieldset>
        <label className="field">
          <span>{t('reports.problem.workaround')}</span>
          <textarea rows={3} value={workaround} onChange={(e) => setWorkaround(e.target.value)} />
        </label>
        <button type="submit" disabled={save.isPending}>
          {t('reports.problem.save')}
        </button>
        {save.isSuccess && <span role="status"> {t('reports.problem.saved')}</span>}
        {save.error && <ErrorNotice error={save.error} />}
      </form>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          push.mutate({ problemId: ticket.id, resolution: fix });
        }}
      >
        <h3>{t('reports.problem.push')}</h3>
        <label className="field">
          <span>{t('ticket.resolution')}</span>
          <textarea rows={2} value={fix.text} onChange={(e) => setFix({ ...fix, text: e.target.value })} />
        </label>
        <label className="field">
          <span>{t('ticket.rootCause')}</span>
          <input value={fix.rootCause} onChange={(e) => setFix({ ...fix, rootCause: e.target.value })} />
        </label>
        <button type="submit" disabled={push.isPending || ticket.incidentIds.length === 0}>
          {t('reports.problem.pushButton')}
        </button>
        {push.data && <span role="status"> {t('reports.problem.pushed', { resolved: push.data.resolved.length, skipped: push.data.skipped.length })}</span>}
        {push.error && <ErrorNotice error={push.error} />}
      </form>
    </section>
  );
}
