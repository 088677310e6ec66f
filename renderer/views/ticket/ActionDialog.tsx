import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AtelierError } from '../../../shared/contract';
import { nextLevel, type Ticket } from '../../../shared/tickets';
import { DialogForm } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { ErrorNotice } from '../../shell/ErrorNotice';
import { useAct } from './use-act';

export type DialogKind = 'escalate' | 'redirect' | 'resolve' | 'reopen';

/** Escalate, redirect, resolve and reopen: each asks what the rules require, checked here and in the core. */
export function ActionDialog({ kind, ticket, onClose }: { kind: DialogKind; ticket: Ticket; onClose: () => void }) {
  const { t } = useTranslation();
  const { act, error, busy } = useAct();
  const [reason, setReason] = useState('');
  const [name, setName] = useState('');
  const [assignee, setAssignee] = useState('');
  const [to, setTo] = useState<'team' | 'vendor'>('team');
  const [reference, setReference] = useState('');
  const [followUp, setFollowUp] = useState('');
  const [resolution, setResolution] = useState('');
  const [rootCause, setRootCause] = useState('');
  const [tried, setTried] = useState(false);
  const level = nextLevel(ticket.level);
  const missing = (value: string, message: string) => (tried && value.trim() === '' ? message : undefined);
  const serverPath = error instanceof AtelierError ? error.path : undefined;

  const run = async () => {
    setTried(true);
    const id = ticket.id;
    const optional = (v: string) => (v.trim() ? v.trim() : undefined);
    let done = false;
    try {
      if (kind === 'escalate') {
        if (!reason.trim() || !level) return;
        await act({ ticketId: id, type: 'escalated', payload: { toLevel: level, reason, assignee: optional(assignee) } });
      } else if (kind === 'redirect') {
        if (!reason.trim() || !name.trim()) return;
        const vendorFields = to === 'vendor' ? { reference: optional(reference), followUp: optional(followUp) } : {};
        await act({ ticketId: id, type: 'redirected', payload: { to, name, reason, assignee: optional(assignee), ...vendorFields } });
      } else if (kind === 'resolve') {
        if (!resolution.trim() || !rootCause.trim()) return;
        await act({ ticketId: id, type: 'resolved', payload: { resolution: { text: resolution, rootCause } } });
      } else {
        if (!reason.trim()) return;
        await act({ ticketId: id, type: 'reopened', payload: { reason } });
      }
      done = true;
    } catch {
      // shown below from the mutation's error
    }
    if (done) onClose();
  };

  const title =
    kind === 'escalate'
      ? t('ticket.dialogs.escalateTitle', { level: level ?? 'N3' })
      : kind === 'redirect'
        ? t('ticket.dialogs.redirectTitle')
        : kind === 'resolve'
          ? t('ticket.dialogs.resolveTitle')
          : t('ticket.dialogs.reopenTitle');
  const reasonField = (
    <Field label={t('ticket.dialogs.reason')} error={missing(reason, t('ticket.dialogs.reasonRequired'))}>
      {(props) => <textarea {...props} rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />}
    </Field>
  );

  return (
    <DialogForm title={title} onCancel={onClose} onSubmit={() => void run()} submitLabel={t('ticket.dialogs.confirm')} busy={busy} error={error && <ErrorNotice error={error} />}>
      {kind === 'escalate' && (
        <>
          {reasonField}
          <Field label={t('ticket.dialogs.optionalAssignee')}>{(props) => <input {...props} value={assignee} onChange={(e) => setAssignee(e.target.value)} />}</Field>
        </>
      )}
      {kind === 'redirect' && (
        <>
          <Field label={t('ticket.dialogs.redirectTo')}>
            {(props) => (
              <select {...props} value={to} onChange={(e) => setTo(e.target.value as 'team' | 'vendor')}>
                <option value="team">{t('ticket.dialogs.team')}</option>
                <option value="vendor">{t('ticket.dialogs.vendor')}</option>
              </select>
            )}
          </Field>
          <Field label={t('ticket.dialogs.name')} error={missing(name, t('ticket.dialogs.reasonRequired'))}>
            {(props) => <input {...props} value={name} onChange={(e) => setName(e.target.value)} />}
          </Field>
          {to === 'vendor' && (
            <>
              <Field label={t('ticket.dialogs.reference')}>{(props) => <input {...props} value={reference} onChange={(e) => setReference(e.target.value)} />}</Field>
              <Field label={t('ticket.dialogs.followUp')} error={serverPath === 'payload.followUp' ? (error as Error).message : undefined}>
                {(props) => <input {...props} type="date" value={followUp} onChange={(e) => setFollowUp(e.target.value)} />}
              </Field>
            </>
          )}
          {reasonField}
        </>
      )}
      {kind === 'resolve' && (
        <>
          <Field label={t('ticket.dialogs.resolution')} error={missing(resolution, t('ticket.dialogs.resolutionRequired')) ?? (serverPath === 'payload.resolution.text' ? (error as Error).message : undefined)}>
            {(props) => <textarea {...props} rows={4} value={resolution} onChange={(e) => setResolution(e.target.value)} />}
          </Field>
          <Field label={t('ticket.dialogs.rootCause')} error={missing(rootCause, t('ticket.dialogs.rootCauseRequired')) ?? (serverPath === 'payload.resolution.rootCause' ? (error as Error).message : undefined)}>
            {(props) => <input {...props} value={rootCause} onChange={(e) => setRootCause(e.target.value)} />}
          </Field>
        </>
      )}
      {kind === 'reopen' && reasonField}
    </DialogForm>
  );
}
