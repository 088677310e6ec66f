import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProblemCandidate } from '../../../shared/contract';
import { useCall, useCallMutation } from '../../api/client';
import { navigate, routeHref } from '../../route';
import { ErrorNotice } from '../../shell/ErrorNotice';

/** Incidents that may share a root cause: suggestions only; a person creates the problem record. */
export function ProblemSuggestions() {
  const { t } = useTranslation();
  const [windowDays, setWindowDays] = useState(30);
  const candidates = useCall('problems.candidates', { windowDays });
  const create = useCallMutation('problems.create', ['problems.candidates', 'tickets.query']);
  const open = async (c: ProblemCandidate) => {
    const first = c.tickets[0];
    if (!first) return;
    const { problemId } = await create.mutateAsync({ title: t('reports.problems.defaultTitle', { title: first.title }), incidentIds: c.tickets.map((x) => x.id) });
    navigate('queue', problemId);
  };
  const list = candidates.data ?? [];
  return (
    <section className="card problem-suggestions" aria-labelledby="problems-title">
      <h2 id="problems-title">{t('reports.problems.title')}</h2>
      <p className="muted">
        {t('reports.problems.intro')}{' '}
        <label className="no-print">
          {t('reports.problems.window')}{' '}
          <select value={windowDays} onChange={(e) => setWindowDays(Number(e.target.value))}>
            {[7, 30, 90].map((n) => (
              <option key={n} value={n}>
                {t('reports.periodDays', { count: n })}
              </option>
            ))}
          </select>
        </label>
      </p>
      {create.error && <ErrorNotice error={create.error} />}
      {list.length === 0 && <p className="muted">{t('reports.problems.none')}</p>}
      <ul className="candidates">
        {list.slice(0, 10).map((c) => (
          <li key={c.tickets.map((x) => x.id).join()}>
            <div className="candidate-head">
              <strong>{c.reasons.map((r) => t(`reports.problems.reason.${r.reason}`, { key: r.key })).join(' · ')}</strong>
              <span className="muted">{t('reports.problems.count', { count: c.tickets.length })}</span>
              <button type="button" className="no-print" disabled={create.isPending} onClick={() => void open(c).catch(() => undefined)}>
                {t('reports.problems.create')}
              </button>
            </div>
            <ul className="candidate-tickets">
              {c.tickets.slice(0, 6).map((x) => (
                <li key={x.id}>
                  <a href={routeHref('queue', x.id)}>{x.ref}</a> {x.title} <span className="muted">{x.asset ?? ''}</span>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </section>
  );
}
