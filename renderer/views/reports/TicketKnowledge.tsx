import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isOpen, type Ticket } from '../../../shared/tickets';
import { client, useCall, useCallMutation } from '../../api/client';
import { navigate, routeHref } from '../../route';
import { ErrorNotice } from '../../shell/ErrorNotice';
import { useShortcuts } from '../../shortcuts';
import { useCategoryName } from '../ticket/category-name';
import { ProblemPanel } from './ProblemPanel';

/** On a ticket: the report and procedure actions once resolved, similar past tickets, articles of its category. */
export function TicketKnowledge({ ticket }: { ticket: Ticket }) {
  const { t, i18n } = useTranslation();
  const categoryName = useCategoryName();
  const done = !isOpen(ticket.status);
  const [error, setError] = useState<unknown>(null);
  const similar = useCall('kb.similarTickets', { ticketId: ticket.id, limit: 6 });
  const articles = useCall('kb.search', { ...(ticket.category ? { category: ticket.category } : {}), limit: 6 }, { enabled: ticket.category !== null });
  const create = useCallMutation('kb.create', ['kb.search']);
  const toProcedure = async () => {
    setError(null);
    try {
      // The procedure is written for the technicians who will follow it: in its author's language.
      const fields = await client.call('kb.procedureDraft', { ticketId: ticket.id, lang: i18n.language === 'fr' ? 'fr' : 'en' });
      const article = await create.mutateAsync(fields);
      navigate('knowledge', article.id, 'edit');
    } catch (e) {
      setError(e);
    }
  };
  useShortcuts([
    { keys: 'r', run: () => done && navigate('reports', 'incident', ticket.id) },
    { keys: 'k', run: () => done && void toProcedure() },
  ]);
  return (
    <>
      {done && ticket.kind !== 'problem' && (
        <div className="actions" role="toolbar" aria-label={t('reports.ticket.closeLoop')}>
          <a className="button primary" href={routeHref('reports', 'incident', ticket.id)} aria-keyshortcuts="R">
            {t('reports.ticket.report')} <kbd>r</kbd>
          </a>
          <button type="button" onClick={() => void toProcedure()} disabled={create.isPending} aria-keyshortcuts="K">
            {t('reports.ticket.procedure')} <kbd>k</kbd>
          </button>
          {error !== null && <ErrorNotice error={error} />}
        </div>
      )}
      {ticket.kind === 'problem' && <ProblemPanel ticket={ticket} />}
      <section className="card" aria-labelledby="similar-title">
        <h2 id="similar-title">{t('reports.ticket.similar')}</h2>
        {(similar.data ?? []).length === 0 ? (
          <p className="muted">{similar.isLoading ? t('common.loading') : t('reports.ticket.noSimilar')}</p>
        ) : (
          <ul className="plain related">
            {similar.data?.map((s) => (
              <li key={s.id}>
                <a href={routeHref('queue', s.id)}>{s.ref}</a> {s.title} <span className="muted">· {t(`tickets.status.${s.status}`)}</span>
                <p className="small similar-why">
                  {[
                    s.why.category === 'same' ? t('reports.ticket.why.same') : s.why.category === 'parent' && s.category ? t('reports.ticket.why.parent', { name: categoryName(s.category) }) : '',
                    t('reports.ticket.why.words', { count: s.why.words.length, words: s.why.words.slice(0, 5).join(', ') + (s.why.words.length > 5 ? ', …' : '') }),
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </p>
                {s.resolution && <p className="muted small clamp">{s.resolution}</p>}
              </li>
            ))}
          </ul>
        )}
      </section>
      {ticket.category && (
        <section className="card" aria-labelledby="articles-title">
          <h2 id="articles-title">{t('reports.ticket.articles')}</h2>
          {(articles.data ?? []).length === 0 ? (
            <p className="muted">{t('reports.ticket.noArticles')}</p>
          ) : (
            <ul className="plain related">
              {articles.data?.map((a) => (
                <li key={a.id}>
                  <a href={routeHref('knowledge', a.id)}>{a.title}</a> <span className="muted">· {t(`knowledge.kind.${a.kind}`)} · {t(`knowledge.status.${a.status}`)}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </>
  );
}
