import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCall, useCallMutation } from '../../../api/client';
import { navigate } from '../../../route';
import { useShortcuts, type Shortcut } from '../../../shortcuts';
import { ErrorNotice } from '../../../shell/ErrorNotice';
import { loc, useLang } from '../texts';
import { DryRun, type DryRunReport } from './DryRun';
import { PublicationRecord } from './PublicationRecord';
import { ProblemList, type Located } from './ProblemList';
import { StepGraph } from './StepGraph';
import { moveCaret, positionOf } from './text-position';
import { useValidation } from './use-validation';
import { WizardTryout } from './WizardTryout';

const INVALIDATES = ['checklists.drafts', 'checklists.draft', 'checklists.list', 'checklists.get', 'checklists.suggest'] as const;

/**
 * The checklist editor (N2/N3): the draft's YAML in a plain text area, checked as it is typed, with the
 * validator's problems (each takes the caret to its line), a walk through the wizard, the graph of steps
 * and a dry run of the checks. Save keeps the draft; Publish puts it in the library for N1.
 */
export function ChecklistEditor({ draftId }: { draftId: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const areaId = useId();
  const area = useRef<HTMLTextAreaElement>(null);
  const draft = useCall('checklists.draft', { draftId });
  const save = useCallMutation('checklists.saveDraft', [...INVALIDATES]);
  const publish = useCallMutation('checklists.publish', [...INVALIDATES]);
  const discard = useCallMutation('checklists.discardDraft', [...INVALIDATES]);
  const [text, setText] = useState<string | null>(null);
  const [savedText, setSavedText] = useState<string | null>(null);
  const [caret, setCaret] = useState({ line: 1, col: 1 });
  const [notice, setNotice] = useState<string | null>(null);
  const [problemIndex, setProblemIndex] = useState(0);
  // The last complete dry run of the text as it is now: recorded with the publication.
  const [dryRun, setDryRun] = useState<DryRunReport | null>(null);

  // The text is the author's from the first load on: a refetch (sync, another view) never overwrites typing.
  useEffect(() => {
    if (draft.data && text === null) {
      setText(draft.data.yaml);
      setSavedText(draft.data.yaml);
    }
  }, [draft.data, text]);

  const file = `${draft.data?.checklistId ?? 'checklist'}.yaml`;
  const { result, checking, error: checkError } = useValidation(text, file);
  const open = draft.data?.status === 'draft';
  const dirty = text !== null && text !== savedText;
  const canPublish = open && !checking && result?.ok === true;

  const goTo = (problem: Located) => {
    if (area.current && problem.line !== undefined) {
      moveCaret(area.current, problem.line, problem.col ?? 1);
      setCaret({ line: problem.line, col: problem.col ?? 1 });
    }
  };
  const doSave = async () => {
    if (!open || text === null) return;
    const out = await save.mutateAsync({ draftId, yaml: text }).catch(() => undefined);
    if (out) {
      setSavedText(text);
      setNotice(t('checklists.editor.saved'));
    }
  };
  const doPublish = async () => {
    if (!canPublish || text === null) return;
    const out = await publish.mutateAsync({ draftId, yaml: text, ...(dryRun ? { dryRun } : {}) }).catch(() => undefined);
    if (out?.published) {
      setSavedText(text);
      setNotice(t('checklists.editor.published', { id: out.published.checklistId, version: out.published.version }));
    }
  };
  const doDiscard = async () => {
    const out = await discard.mutateAsync({ draftId }).catch(() => undefined);
    if (out) navigate('checklists');
  };

  const shortcuts = useMemo<Shortcut[]>(
    () => [
      { keys: 'Ctrl+s', run: () => void doSave(), inFields: true },
      { keys: 'Ctrl+Enter', run: () => void doPublish(), inFields: true },
      {
        keys: 'F8',
        inFields: true,
        run: () => {
          const located = (result?.problems ?? []).filter((p) => p.line !== undefined);
          if (located.length === 0) return;
          const next = problemIndex % located.length;
          goTo(located[next]!);
          setProblemIndex(next + 1);
        },
      },
    ],
    [text, result, problemIndex, canPublish, open, dryRun],
  );
  useShortcuts(shortcuts);

  const title = result?.document ? loc(result.document.title, lang) : (draft.data?.checklistId ?? '');
  const trackCaret = () => {
    const el = area.current;
    if (el) setCaret(positionOf(el.value, el.selectionStart));
  };

  return (
    <section className="view checklist-editor" aria-labelledby="view-title">
      <header className="view-header">
        <h1 id="view-title">{t('checklists.editor.title', { title })}</h1>
        {draft.data && (
          <span className="muted">
            <code>{result?.document?.id ?? draft.data.checklistId}</code> · v{result?.document?.version ?? draft.data.version}
          </span>
        )}
        <div className="actions">
          <button type="button" onClick={() => navigate('checklists', ...(draft.data ? [draft.data.checklistId] : []))}>
            {t('checklists.editor.back')}
          </button>
          {open && (
            <>
              <button type="button" onClick={() => void doDiscard()}>
                {t('checklists.editor.discard')}
              </button>
              <button type="button" onClick={() => void doSave()} disabled={!dirty || save.isPending} aria-keyshortcuts="Control+S">
                {t('checklists.editor.save')} <kbd>Ctrl+S</kbd>
              </button>
              <button type="button" className="primary" onClick={() => void doPublish()} disabled={!canPublish || publish.isPending} aria-keyshortcuts="Control+Enter" aria-describedby="publish-hint">
                {t('checklists.editor.publish')} <kbd>Ctrl+Enter</kbd>
              </button>
            </>
          )}
        </div>
      </header>
      {open && (
        <p id="publish-hint" className="muted small">
          {t('checklists.editor.publishHint')}
        </p>
      )}
      {draft.error && <ErrorNotice error={draft.error} />}
      {[save.error, publish.error, discard.error, checkError].map((e, i) => (e ? <ErrorNotice key={i} error={e} /> : null))}
      {notice && (
        <p className="notice notice-ok" role="status">
          {notice}
        </p>
      )}
      {draft.data?.importedFrom && open && <p className="notice">{t('checklists.editor.importedFrom', { file: draft.data.importedFrom })}</p>}
      {draft.data && !open && <p className="notice">{t(`checklists.editor.closed_${draft.data.status as 'published' | 'discarded'}`)}</p>}
      {draft.data?.published && <PublicationRecord published={draft.data.published} />}
      {open && dryRun && <p className="muted small">{t('checklists.editor.dryRunKept', { target: dryRun.target === 'local' ? t('checklists.editor.thisComputer') : dryRun.target, count: dryRun.results.length })}</p>}
      {draft.data?.refused && <p className="notice notice-error">{t('checklists.editor.refused', { reason: draft.data.refused })}</p>}
      {draft.data && draft.data.lateEdits > 0 && <p className="notice">{t('checklists.editor.lateEdits', { count: draft.data.lateEdits })}</p>}
      <div className="editor-layout">
        <div className="editor-main">
          <label htmlFor={areaId}>{t('checklists.editor.yaml')}</label>
          <textarea
            id={areaId}
            ref={area}
            className="yaml-editor"
            value={text ?? ''}
            readOnly={!open}
            spellCheck={false}
            autoCapitalize="off"
            autoComplete="off"
            wrap="off"
            rows={30}
            aria-describedby={`${areaId}-help ${areaId}-state`}
            onChange={(event) => {
              setText(event.target.value);
              setNotice(null);
              setDryRun(null);
              trackCaret();
            }}
            onSelect={trackCaret}
            onKeyUp={trackCaret}
            onClick={trackCaret}
          />
          <p className="muted small editor-status">
            <span id={`${areaId}-help`}>{t('checklists.editor.yamlHelp')}</span>
            <span>{t('checklists.editor.cursor', caret)}</span>
            <span>{dirty ? t('checklists.editor.unsaved') : t('checklists.editor.upToDate')}</span>
          </p>
          <div id={`${areaId}-state`} role="status" className={result && !result.ok ? 'notice notice-error' : 'notice notice-ok'} hidden={!result && !checking}>
            {checking ? t('checklists.editor.checking') : result?.ok ? t('checklists.editor.valid') : t('checklists.editor.problems', { count: result?.problems.length ?? 0 })}
          </div>
          {result && !result.ok && <ProblemList problems={result.problems} onGo={goTo} />}
        </div>
        <div className="editor-side">
          {result?.document ? (
            <>
              <WizardTryout doc={result.document} />
              <StepGraph doc={result.document} />
              <DryRun doc={result.document} onReport={setDryRun} />
            </>
          ) : (
            <p className="muted">{t('checklists.editor.previewNeedsValid')}</p>
          )}
        </div>
      </div>
    </section>
  );
}
