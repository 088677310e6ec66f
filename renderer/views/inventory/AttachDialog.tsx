import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCall, useCallMutation } from '../../api/client';
import { DialogForm } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { ErrorNotice } from '../../shell/ErrorNotice';

/** Picks a ticket by full-text search and attaches the snapshot to it (an `inventory_attached` event). */
export function AttachDialog({ snapshotId, onDone, onCancel }: { snapshotId: string; onDone: (ref: string) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [query, setQuery] = useState('');
  const [ticketId, setTicketId] = useState<string>('');
  // Search as the technician types, without a request per key stroke.
  useEffect(() => {
    const timer = setTimeout(() => setQuery(text.trim()), 200);
    return () => clearTimeout(timer);
  }, [text]);
  const results = useCall('tickets.query', { filter: query ? { text: query } : { open: true }, sort: { field: 'updated', dir: 'desc' }, limit: 20 });
  const rows = results.data?.rows ?? [];
  const chosen = rows.find((r) => r.id === ticketId) ?? rows[0];
  const attach = useCallMutation('inventory.attach', ['tickets.get', 'tickets.query']);
  const submit = () => {
    if (!chosen) return;
    attach.mutate({ id: snapshotId, ticketId: chosen.id }, { onSuccess: () => onDone(chosen.ref) });
  };
  return (
    <DialogForm
      title={t('inventory.attachTitle')}
      onCancel={onCancel}
      onSubmit={submit}
      submitLabel={t('inventory.attachSubmit')}
      busy={attach.isPending || !chosen}
      error={attach.error ? <ErrorNotice error={attach.error} /> : undefined}
    >
      <Field label={t('inventory.searchTicket')}>
        {(props) => <input {...props} type="search" value={text} placeholder={t('inventory.searchHint')} onChange={(e) => setText(e.target.value)} />}
      </Field>
      <Field label={t('inventory.pickTicket')}>
        {(props) => (
          <select {...props} size={Math.min(8, Math.max(2, rows.length))} value={chosen?.id ?? ''} onChange={(e) => setTicketId(e.target.value)}>
            {rows.map((r) => (
              <option key={r.id} value={r.id}>
                {r.ref} · {r.priority} · {r.title}
              </option>
            ))}
          </select>
        )}
      </Field>
      {results.isSuccess && rows.length === 0 && <p className="muted">{t('inventory.noTicket')}</p>}
    </DialogForm>
  );
}
