import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Suggestion } from '../../../shared/contract';
import { isOpen, type Ticket } from '../../../shared/tickets';
import { useCall, useCallMutation } from '../../api/client';
import { formatDateTime } from '../../format';
import { useShortcuts } from '../../shortcuts';
import { ErrorNotice } from '../../shell/ErrorNotice';
import { loc, useLang } from './texts';
import { Wizard } from './Wizard';
import { useCategoryName } from '../ticket/category-name';

/**
 * "Run a checklist" on a ticket: the runs already made (resume one) and a chooser whose first entries are
 * the checklists made for the ticket's category. Key: d focuses the chooser.
 */
export function ChecklistPanel({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const categoryName = useCategoryName();
  const lang = useLang();
  const runs = useCall('checklists.runs', { ticketId: ticket.id });
  const suggest = useCall('checklists.suggest', { ticketId: ticket.id });
  const start = useCallMutation('checklists.startRun', ['checklists.runs', 'tickets.get']);
  const [active, setActive] = useState<string | undefined>();
  const [choice, setChoice] = useState('');
  const chooser = useRef<HTMLSelectElement>(null);
  const suggestions = suggest.data?.suggestions ?? [];
  const canStart = isOpen(ticket.status);

  useEffect(() => {
    if (!choice && suggestions[0]) setChoice(suggestions[0].checklist.id);
  }, [choice, suggestions]);
  useShortcuts([{ keys: 'd', run: () => (active ? undefined : chooser.current?.focus()) }]);

  if (active) {
    return (
      <section className="card checklist-panel" aria-labelledby="checklist-panel-title">
        <h2 id="checklist-panel-title">{t('checklists.panel.title')}</h2>
        <Wizard ticket={ticket} runId={active} onClose={() => setActive(undefined)} />
      </section>
    );
  }

  const begin = async () => {
    if (!choice) return;
    const run = await start.mutateAsync({ ticketId: ticket.id, checklistId: choice }).catch(() => undefined);
    if (run) setActive(run.runId);
  };
  const groups: { key: string; label: string; items: Suggestion[] }[] = [
    { key: 'category', label: t('checklists.panel.suggestedGroup', { category: ticket.category ? categoryName(ticket.category) : '' }), items: suggestions.filter((s) => s.match === 'category') },
    { key: 'os', label: t('checklists.panel.osGroup', { os: suggest.data?.os ?? '' }), items: suggestions.filter((s) => s.match === 'os') },
    { key: 'other', label: t('checklists.panel.otherGroup'), items: suggestions.filter((s) => s.match === 'other') },
  ].filter((g) => g.items.length > 0);

  return (
    <section className="card checklist-panel" aria-labelledby="checklist-panel-title">
      <h2 id="checklist-panel-title">{t('checklists.panel.title')}</h2>
      {(runs.data ?? []).length > 0 && (
        <>
          <h3 className="small muted">{t('checklists.panel.runs')}</h3>
          <ul className="checklist-runs">
            {runs.data!.map((run) => (
              <li key={run.runId}>
                <span>
                  <strong>{loc(run.title, lang)}</strong> <span className="muted small">v{run.version} · {formatDateTime(run.startedAt)}</span>
                </span>
                <span className={`run-state ${run.applied ? 'applied' : run.finished ? 'finished' : 'progress'}`}>
                  {run.applied ? t('checklists.panel.applied') : run.finished ? t('checklists.panel.finished') : t('checklists.panel.inProgress', { count: run.steps })}
                </span>
                <button type="button" onClick={() => setActive(run.runId)}>
                  {run.applied || !canStart ? t('checklists.panel.view') : t('checklists.panel.resume')}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      {canStart ? (
        <form
          className="checklist-start"
          onSubmit={(event) => {
            event.preventDefault();
            void begin();
          }}
        >
          <label htmlFor="checklist-choice">
            {t('checklists.panel.choose')} <kbd>d</kbd>
          </label>
          <select id="checklist-choice" ref={chooser} value={choice} onChange={(e) => setChoice(e.target.value)}>
            {groups.map((group) => (
              <optgroup key={group.key} label={group.label}>
                {group.items.map(({ checklist }) => (
                  <option key={checklist.id} value={checklist.id}>
                    {loc(checklist.title, lang)} (v{checklist.version})
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
          <button type="submit" className="primary" disabled={!choice || start.isPending}>
            {t('checklists.panel.run')}
          </button>
        </form>
      ) : (
        <p className="muted">{t(`checklists.panel.notOpen_${ticket.status === 'closed' ? 'closed' : 'resolved'}`)}</p>
      )}
      {start.error && <ErrorNotice error={start.error} />}
      {suggest.error && <ErrorNotice error={suggest.error} />}
    </section>
  );
}
