import { useTranslation } from 'react-i18next';
import { checklistProcedureProblems, parseChecklistAnswers, parseConclusions, type ChecklistProcedure } from '../../../shared/changes';
import type { ChecklistDocument } from '../../../shared/checklists';
import { useCall } from '../../api/client';
import { Field } from '../../components/Field';

export interface ChecklistDraft {
  /** `id@version`, or '' before one is chosen. */
  ref: string;
  answers: string;
  succeedsAt: string;
}

export const EMPTY_CHECKLIST_DRAFT: ChecklistDraft = { ref: '', answers: '', succeedsAt: '' };

type Translate = ReturnType<typeof useTranslation>['t'];

interface Checked {
  plan: ChecklistProcedure | null;
  checklist?: string;
  answers?: string;
  succeedsAt?: string;
}

/**
 * The draft as a checklist procedure, with each field's problems in the reader's language: the text's own
 * (by line), then the save's rule against the chosen checklist (`checklistProcedureProblems`).
 */
export function checkChecklistDraft(draft: ChecklistDraft, doc: ChecklistDocument | undefined, t: Translate): Checked {
  const say = (code: string, values: Record<string, string | number>) => t(`changes.form.problem.${code}`, values);
  if (!draft.ref || !doc) return { plan: null, checklist: t('changes.form.checklistRequired') };
  const parsed = parseChecklistAnswers(draft.answers);
  const succeedsAt = parseConclusions(draft.succeedsAt);
  const plan: ChecklistProcedure = { id: doc.id, version: doc.version, answers: parsed.answers, ...(succeedsAt ? { succeedsAt } : {}) };
  const rule = checklistProcedureProblems(doc, plan);
  const join = (texts: string[]) => (texts.length > 0 ? texts.join(' ') : undefined);
  const answers = join([...parsed.problems.map((p) => say(p.code, p.values)), ...rule.filter((p) => p.path.startsWith('procedure.checklist.answers')).map((p) => say(p.code, p.values))]);
  const conclusions = join(rule.filter((p) => p.path.startsWith('procedure.checklist.succeedsAt')).map((p) => say(p.code, p.values)));
  const checklist = join(rule.filter((p) => p.path === 'procedure.checklist').map((p) => say(p.code, p.values)));
  const result: Checked = { plan: answers || conclusions || checklist ? null : plan };
  if (checklist) result.checklist = checklist;
  if (answers) result.answers = answers;
  if (conclusions) result.succeedsAt = conclusions;
  return result;
}

/** What the answers field expects, from the chosen checklist: its questions (answer numbers) and instructions. */
function answerHint(doc: ChecklistDocument, t: Translate, language: 'en' | 'fr'): string {
  const parts = doc.steps.flatMap((s) => {
    if (s.kind === 'question') return [t('changes.form.hintQuestion', { step: s.id, choices: s.answers.map((a, i) => `${i} = ${a.label[language]}`).join(', ') })];
    if (s.kind === 'instruction') return [t('changes.form.hintInstruction', { step: s.id })];
    return [];
  });
  return parts.length > 0 ? parts.join(' · ') : t('changes.form.hintNoQuestion');
}

/** The chosen checklist and the draft checked against it (the form submits `checked.plan` only when it is not null). */
export function useChecklistDraft(draft: ChecklistDraft, enabled: boolean) {
  const { t } = useTranslation();
  const list = useCall('checklists.list', {}, { enabled });
  const [id, version] = draft.ref.split('@');
  const doc = useCall('checklists.get', { id: id ?? '', version: Number(version) }, { enabled: enabled && Boolean(draft.ref) });
  return { list: list.data ?? [], doc: doc.data, checked: checkChecklistDraft(draft, doc.data, t) };
}

/** The fields of a checklist procedure written by hand: which checklist (id and version), its answers, its success conclusions. */
export function ChecklistProcedureFields({ draft, onChange, state, showErrors }: { draft: ChecklistDraft; onChange: (draft: ChecklistDraft) => void; state: ReturnType<typeof useChecklistDraft>; showErrors: boolean }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'fr' ? 'fr' : 'en';
  const { list, doc, checked } = state;
  const conclusions = doc?.steps.filter((s) => s.kind === 'conclusion').map((s) => s.id) ?? [];
  return (
    <fieldset>
      <legend>{t('changes.form.checklistProcedure')}</legend>
      <Field label={t('changes.form.checklist')} error={showErrors || draft.ref ? checked.checklist : undefined}>
        {(props) => (
          <select {...props} value={draft.ref} onChange={(e) => onChange({ ...draft, ref: e.target.value })}>
            <option value="">{t('changes.form.chooseChecklist')}</option>
            {list.flatMap((c) =>
              [...c.versions].sort((a, b) => b - a).map((v) => (
                <option key={`${c.id}@${v}`} value={`${c.id}@${v}`}>
                  {`${c.title[language]} — ${c.id} v${v}`}
                </option>
              )),
            )}
          </select>
        )}
      </Field>
      <Field label={t('changes.form.answers')} error={checked.answers}>
        {(props) => <textarea {...props} rows={3} spellCheck={false} value={draft.answers} onChange={(e) => onChange({ ...draft, answers: e.target.value })} />}
      </Field>
      {doc && <p className="field-hint muted">{answerHint(doc, t, language)}</p>}
      <Field label={t('changes.form.succeedsAt')} error={checked.succeedsAt}>
        {(props) => <input {...props} spellCheck={false} value={draft.succeedsAt} onChange={(e) => onChange({ ...draft, succeedsAt: e.target.value })} />}
      </Field>
      {doc && <p className="field-hint muted">{t('changes.form.hintConclusions', { ids: conclusions.join(', ') })}</p>}
    </fieldset>
  );
}
