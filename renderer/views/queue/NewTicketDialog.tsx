import { HostNameOptions } from '../hosts/HostCard';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AtelierError } from '../../../shared/contract';
import { priorityOf, type Impact, type TicketKind, type Urgency } from '../../../shared/tickets';
import { useCall, useCallMutation } from '../../api/client';
import { DialogForm } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { PriorityBadge } from '../../components/Badges';
import { navigate } from '../../route';
import { ErrorNotice } from '../../shell/ErrorNotice';
import { CategorySelect, ImpactSelect, Suggestions, UrgencySelect } from '../ticket/triage-fields';

export function NewTicketDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const create = useCallMutation('tickets.create', ['tickets.query', 'tickets.stats']);
  const [kind, setKind] = useState<TicketKind>('incident');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [requester, setRequester] = useState('');
  const [site, setSite] = useState('');
  const [asset, setAsset] = useState('');
  const [category, setCategory] = useState('');
  const [impact, setImpact] = useState<Impact>(3);
  const [urgency, setUrgency] = useState<Urgency>(3);
  const [tried, setTried] = useState(false);
  const requesters = useCall('tickets.suggest', { field: 'requester', prefix: requester });
  const sites = useCall('tickets.suggest', { field: 'site', prefix: site });

  const titleError = tried && title.trim() === '' ? t('newTicket.titleRequired') : undefined;
  const submit = async () => {
    setTried(true);
    if (title.trim() === '') return;
    const optional = (value: string) => (value.trim() ? value.trim() : undefined);
    const detail = await create.mutateAsync({
      kind,
      title,
      description,
      impact,
      urgency,
      requester: optional(requester),
      site: optional(site),
      asset: optional(asset),
      category: optional(category),
    }).catch(() => null);
    if (detail) {
      onClose();
      navigate('queue', detail.ticket.id);
    }
  };
  const serverError = create.error instanceof AtelierError ? create.error : null;

  return (
    <DialogForm title={t('newTicket.title')} onCancel={onClose} onSubmit={() => void submit()} submitLabel={t('newTicket.create')} busy={create.isPending} error={create.error && <ErrorNotice error={create.error} />}>
      <div className="form-grid">
        <Field label={t('ticket.title')} error={titleError ?? (serverError?.path === 'title' ? serverError.message : undefined)}>
          {(props) => <input {...props} value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} className="wide" />}
        </Field>
        <Field label={t('ticket.kind')}>
          {(props) => (
            <select {...props} value={kind} onChange={(e) => setKind(e.target.value as TicketKind)}>
              {(['incident', 'request', 'problem'] as const).map((k) => (
                <option key={k} value={k}>
                  {t(`tickets.kind.${k}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('ticket.impact')}>{(props) => <ImpactSelect {...props} value={impact} onChange={setImpact} />}</Field>
        <Field label={t('ticket.urgency')}>{(props) => <UrgencySelect {...props} value={urgency} onChange={setUrgency} />}</Field>
        <div className="field">
          <span className="label">{t('ticket.priority')}</span>
          <PriorityBadge priority={priorityOf(impact, urgency)} />
        </div>
        <Field label={t('ticket.category')}>{(props) => <CategorySelect {...props} value={category} onChange={setCategory} />}</Field>
        <Field label={t('ticket.requester')}>
          {(props) => <input {...props} list="requester-suggestions" value={requester} onChange={(e) => setRequester(e.target.value)} />}
        </Field>
        <Suggestions id="requester-suggestions" values={requesters.data} />
        <Field label={t('ticket.site')}>{(props) => <input {...props} list="site-suggestions" value={site} onChange={(e) => setSite(e.target.value)} />}</Field>
        <Suggestions id="site-suggestions" values={sites.data} />
        <Field label={t('ticket.asset')}>{(props) => <input {...props} list="new-ticket-asset-hosts" value={asset} onChange={(e) => setAsset(e.target.value)} />}</Field>
        <HostNameOptions id="new-ticket-asset-hosts" />
        <Field label={t('newTicket.description')}>
          {(props) => <textarea {...props} rows={5} value={description} onChange={(e) => setDescription(e.target.value)} className="wide" />}
        </Field>
      </div>
    </DialogForm>
  );
}
