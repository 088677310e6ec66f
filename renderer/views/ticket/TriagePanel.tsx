import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TicketFieldChanges, Ticket } from '../../../shared/tickets';
import { useCall } from '../../api/client';
import { Field } from '../../components/Field';
import { ErrorNotice } from '../../shell/ErrorNotice';
import { HostNameOptions } from '../hosts/HostCard';
import { CategorySelect, ImpactSelect, Suggestions, UrgencySelect } from './triage-fields';
import { useAct } from './use-act';
import { VendorDetails } from './VendorHold';

/** Triage fields edited in place: selects apply at once, text fields when they lose focus. */
export function TriagePanel({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const { act, error } = useAct();
  const change = (changes: TicketFieldChanges) => void act({ ticketId: ticket.id, type: 'field_changed', payload: { changes } }).catch(() => undefined);
  const editable = ticket.status !== 'closed';
  return (
    <aside className="card triage" aria-labelledby="triage-title">
      <h2 id="triage-title">{t('ticket.triage')}</h2>
      {error && <ErrorNotice error={error} />}
      <VendorDetails ticket={ticket} />
      <fieldset disabled={!editable}>
        <TextField label={t('ticket.title')} value={ticket.title} onCommit={(title) => title && change({ title })} />
        <Field label={t('ticket.kind')}>
          {(props) => (
            <select {...props} value={ticket.kind} onChange={(e) => change({ kind: e.target.value as Ticket['kind'] })}>
              {(['incident', 'request', 'problem'] as const).map((k) => (
                <option key={k} value={k}>
                  {t(`tickets.kind.${k}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('ticket.impact')}>{(props) => <ImpactSelect {...props} value={ticket.impact} onChange={(impact) => change({ impact })} />}</Field>
        <Field label={t('ticket.urgency')}>{(props) => <UrgencySelect {...props} value={ticket.urgency} onChange={(urgency) => change({ urgency })} />}</Field>
        <Field label={t('ticket.category')}>
          {(props) => <CategorySelect {...props} value={ticket.category ?? ''} onChange={(category) => change({ category: category || null })} />}
        </Field>
        <TextField label={t('ticket.assignee')} value={ticket.assignee ?? ''} suggest="assignee" onCommit={(v) => change({ assignee: v || null })} />
        <TextField label={t('ticket.team')} value={ticket.team ?? ''} suggest="team" onCommit={(v) => change({ team: v || null })} />
        <TextField label={t('ticket.requester')} value={ticket.requester ?? ''} suggest="requester" onCommit={(v) => change({ requester: v || null })} />
        <TextField label={t('ticket.site')} value={ticket.site ?? ''} suggest="site" onCommit={(v) => change({ site: v || null })} />
        <TextField label={t('ticket.asset')} value={ticket.asset ?? ''} list="asset-hosts" onCommit={(v) => change({ asset: v || null })} />
        <HostNameOptions id="asset-hosts" />
      </fieldset>
    </aside>
  );
}

function TextField({ label, value, onCommit, suggest, list }: { label: string; value: string; onCommit: (v: string) => void; suggest?: 'assignee' | 'team' | 'requester' | 'site'; list?: string }) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  const suggestions = useCall('tickets.suggest', { field: suggest ?? 'site', prefix: draft }, { enabled: suggest !== undefined });
  const listId = suggest ? `suggest-${suggest}` : list;
  const commit = () => {
    if (draft.trim() !== value) onCommit(draft.trim());
  };
  return (
    <Field label={label}>
      {(props) => (
        <>
          <input
            {...props}
            list={listId}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            onBlur={commit}
            onKeyDown={(e) => {
              if (e.key === 'Enter') commit();
              if (e.key === 'Escape') setDraft(value);
            }}
          />
          {listId && <Suggestions id={listId} values={suggestions.data} />}
        </>
      )}
    </Field>
  );
}
