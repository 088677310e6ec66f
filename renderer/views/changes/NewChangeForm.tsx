import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChangeRecordInput, ParamSpec } from '../../../shared/changes';
import { useCall, useCallMutation } from '../../api/client';
import { DialogForm } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { ErrorNotice } from '../../shell/ErrorNotice';
import { ChecklistProcedureFields, EMPTY_CHECKLIST_DRAFT, useChecklistDraft, type ChecklistDraft } from './ChecklistProcedureFields';

const list = (text: string) => text.split(',').map((x) => x.trim()).filter(Boolean);

type TemplateRecord = Omit<ChangeRecordInput, 'type' | 'template'>;

/**
 * A new change from a template: the plans come from it, the author says where and with what. The procedure
 * is the template's, or a checklist run unattended written here (then the change is not a standard one).
 */
export function NewChangeForm({ onCancel, onCreated }: { onCancel: () => void; onCreated: (id: string) => void }) {
  const { t, i18n } = useTranslation();
  const templates = useCall('changes.templates', {});
  const create = useCallMutation('changes.create', ['changes.list']);
  const [templateId, setTemplateId] = useState('');
  const template = templates.data?.find((x) => x.id === templateId) ?? templates.data?.[0];
  const base = template?.record as TemplateRecord | undefined;
  const [title, setTitle] = useState('');
  const [type, setType] = useState<'standard' | 'normal' | 'emergency'>('normal');
  const [hosts, setHosts] = useState('');
  const [tags, setTags] = useState('');
  const [sites, setSites] = useState('');
  const [plan, setPlan] = useState<string | null>(null);
  const [values, setValues] = useState<Record<string, string>>({});
  const specs = useMemo(() => (base?.procedure?.params ?? []) as ParamSpec[], [base]);
  const language = i18n.language === 'fr' ? 'fr' : 'en';
  const [kind, setKind] = useState<'template' | 'checklist'>('template');
  const [draft, setDraft] = useState<ChecklistDraft>(EMPTY_CHECKLIST_DRAFT);
  const [tried, setTried] = useState(false);
  const checklist = useChecklistDraft(draft, kind === 'checklist');
  const byHand = kind === 'checklist';

  const planText = () => plan ?? base?.plan ?? '';
  const submit = () => {
    if (!template || !base) return;
    setTried(true);
    if (byHand) {
      const chosen = checklist.checked.plan;
      if (!chosen || type === 'standard') return;
      const { params: _params, procedure: _procedure, ...texts } = base;
      const record: ChangeRecordInput = { ...texts, type, template: null, hosts: list(hosts), tags: list(tags), sites: list(sites), plan: planText(), params: {}, procedure: { checklist: chosen, timeoutSeconds: base.procedure?.timeoutSeconds ?? 300 } };
      create.mutate({ title: title.trim(), record }, { onSuccess: (detail) => onCreated(detail.ticket.id) });
      return;
    }
    const params: Record<string, string> = { ...(base.params as Record<string, string> | undefined) };
    for (const [name, value] of Object.entries(values)) if (value !== '') params[name] = value;
    const record: ChangeRecordInput = {
      ...base,
      type,
      template: template.id,
      plan: planText(),
      hosts: list(hosts),
      tags: list(tags),
      sites: list(sites),
      params,
    };
    create.mutate({ title: title.trim(), record }, { onSuccess: (detail) => onCreated(detail.ticket.id) });
  };

  return (
    <DialogForm title={t('changes.newChange')} onCancel={onCancel} onSubmit={submit} submitLabel={t('changes.form.create')} busy={create.isPending} error={create.error ? <ErrorNotice error={create.error} /> : undefined}>
      <Field label={t('changes.form.template')}>
        {(props) => (
          <select {...props} value={template?.id ?? ''} onChange={(e) => (setTemplateId(e.target.value), setPlan(null), setValues({}))}>
            {templates.data?.map((x) => (
              <option key={x.id} value={x.id}>
                {x.title[language]}
                {x.preApproved ? ` (${t('changes.form.preApproved')})` : ''}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('changes.form.titleField')}>{(props) => <input {...props} value={title} onChange={(e) => setTitle(e.target.value)} required />}</Field>
      <Field label={t('changes.form.type')} error={type === 'standard' && (byHand || !template?.preApproved) ? t(byHand ? 'changes.form.standardNeedsTemplateProcedure' : 'changes.form.standardNeedsTemplate') : undefined}>
        {(props) => (
          <select {...props} value={type} onChange={(e) => setType(e.target.value as typeof type)}>
            {(['standard', 'normal', 'emergency'] as const).map((x) => (
              <option key={x} value={x}>
                {t(`changes.type.${x}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('changes.form.hosts')}>{(props) => <input {...props} value={hosts} onChange={(e) => setHosts(e.target.value)} />}</Field>
      <div className="field-row change-targets">
        <Field label={t('changes.form.tags')}>{(props) => <input {...props} value={tags} onChange={(e) => setTags(e.target.value)} />}</Field>
        <Field label={t('changes.form.sites')}>{(props) => <input {...props} value={sites} onChange={(e) => setSites(e.target.value)} />}</Field>
      </div>
      <Field label={t('changes.form.plan')}>{(props) => <textarea {...props} rows={2} value={plan ?? base?.plan ?? ''} onChange={(e) => setPlan(e.target.value)} />}</Field>
      <Field label={t('changes.form.procedureKind')}>
        {(props) => (
          <select {...props} value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
            <option value="template">{t('changes.form.kindTemplate')}</option>
            <option value="checklist">{t('changes.form.kindChecklist')}</option>
          </select>
        )}
      </Field>
      {byHand && <ChecklistProcedureFields draft={draft} onChange={setDraft} state={checklist} showErrors={tried} />}
      {!byHand && specs.length > 0 && (
        <fieldset>
          <legend>{t('changes.form.params')}</legend>
          {specs.map((spec) => (
            <Field key={spec.name} label={`${spec.label ?? spec.name} (${spec.name})`}>
              {(props) => (
                <input
                  {...props}
                  inputMode={spec.type === 'integer' ? 'numeric' : undefined}
                  value={values[spec.name] ?? String((base?.params as Record<string, unknown> | undefined)?.[spec.name] ?? '')}
                  onChange={(e) => setValues({ ...values, [spec.name]: e.target.value })}
                />
              )}
            </Field>
          ))}
        </fieldset>
      )}
    </DialogForm>
  );
}
