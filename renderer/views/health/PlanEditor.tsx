import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlanProblem } from '../../../shared/contract';
import { client, useCall, useCallMutation } from '../../api/client';
import { useProblemMessage, YamlProblemList } from '../../components/YamlProblemList';
import { ErrorNotice } from '../../shell/ErrorNotice';
import { useShortcuts, type Shortcut } from '../../shortcuts';
import { moveCaret } from '../checklists/editor/text-position';

/** Pause in typing before the text is checked. */
const CHECK_AFTER_MS = 350;

/**
 * The plan as YAML, checked as one types (problems by line and field, each one a link to its line), saved
 * with Ctrl+Enter. A refused plan changes nothing: the plan running before keeps running. N2 and N3 only.
 */
export function PlanEditor({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const message = useProblemMessage();
  const areaId = useId();
  const area = useRef<HTMLTextAreaElement>(null);
  const current = useCall('checks.plan', {});
  const save = useCallMutation('checks.savePlan', ['checks.overview', 'checks.plan']);
  const [text, setText] = useState<string | null>(null);
  const [problems, setProblems] = useState<readonly PlanProblem[] | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const plan = current.data;
  // The built-in plan's source is not a file name; an edited copy is saved as plan.yaml.
  const source = plan && !plan.source.startsWith('builtin:') ? plan.source : 'plan.yaml';

  useEffect(() => {
    if (plan && text === null) setText(plan.yaml);
  }, [plan, text]);
  useEffect(() => {
    if (text === null) return;
    let stale = false;
    const timer = setTimeout(() => {
      client.call('checks.validatePlan', { yaml: text, source }).then(
        (out) => !stale && setProblems(out.problems),
        () => undefined,
      );
    }, CHECK_AFTER_MS);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [text, source]);

  const doSave = async () => {
    if (!plan?.canEdit || text === null || save.isPending) return;
    setSaved(null);
    const out = await save.mutateAsync({ yaml: text, source, enable: plan.enabled }).catch(async () => {
      // Refused: show where, as typing would have.
      const checked = await client.call('checks.validatePlan', { yaml: text, source }).catch(() => null);
      if (checked) setProblems(checked.problems);
      return undefined;
    });
    if (out) setSaved(t('health.editor.saved', { id: out.id, version: out.version }));
  };
  // Escape leaves only when nothing typed would be lost; the Close button always leaves.
  const untouched = text === null || text === plan?.yaml || saved !== null;
  const shortcuts = useMemo<Shortcut[]>(
    () => [
      { keys: 'Ctrl+Enter', run: () => void doSave(), inFields: true },
      { keys: 'Escape', run: () => untouched && onClose(), inFields: true },
    ],
    [text, plan, save.isPending, untouched, onClose],
  );
  useShortcuts(shortcuts);
  const loaded = text !== null;
  useEffect(() => {
    if (loaded) area.current?.focus();
  }, [loaded]);

  if (current.error) return <ErrorNotice error={current.error} />;
  if (!plan || text === null) return null;
  if (!plan.canEdit) {
    return (
      <div className="health-section">
        <p className="notice" role="status">
          {t('health.editor.forbidden')}
        </p>
        <button type="button" onClick={onClose}>
          {t('health.editor.close')} <kbd>Esc</kbd>
        </button>
      </div>
    );
  }
  return (
    <div className="health-section health-editor">
      <h2 id="health-editor-title">{t('health.editor.title', { id: plan.id, version: plan.version })}</h2>
      <p className="small muted" id="health-editor-hint">
        {t('health.editor.hint')}
      </p>
      <div className="editor-layout">
        <div className="editor-main">
          <label htmlFor={areaId}>{t('health.editor.yaml')}</label>
          <textarea
            id={areaId}
            ref={area}
            className="yaml-editor"
            value={text}
            spellCheck={false}
            aria-describedby="health-editor-hint health-editor-problems"
            aria-invalid={problems !== null && problems.length > 0}
            onChange={(event) => {
              setText(event.target.value);
              setSaved(null);
            }}
          />
        </div>
        <div className="editor-side">
          <div className="actions">
            <button type="button" className="primary" onClick={() => void doSave()} disabled={save.isPending} aria-keyshortcuts="Control+Enter">
              {t('health.editor.save')} <kbd>Ctrl+Enter</kbd>
            </button>
            <button type="button" onClick={onClose}>
              {t('health.editor.close')} <kbd>Esc</kbd>
            </button>
          </div>
          <div id="health-editor-problems" aria-live="polite">
            {problems === null ? null : problems.length === 0 ? (
              <p className="small">{t('health.editor.valid')}</p>
            ) : (
              <>
                <p className="small">{t('health.editor.problems', { n: problems.length })}</p>
                <YamlProblemList problems={problems} label={t('health.editor.problemsLabel')} onGo={(p) => area.current && moveCaret(area.current, p.line, p.col)}>
                  {(p) => <code>{t('health.editor.problem', { line: p.line, field: p.field, message: message(p) })}</code>}
                </YamlProblemList>
              </>
            )}
          </div>
          {save.error && <ErrorNotice error={save.error} />}
          {saved && (
            <p className="notice notice-ok" role="status">
              {saved}
            </p>
          )}
        </div>
      </div>
    </div>
  );
}
