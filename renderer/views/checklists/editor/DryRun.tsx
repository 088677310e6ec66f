import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { evaluateRules, probeDeclaration, probeNext, readingInWords, type ChecklistDocument, type ProbeStep } from '../../../../shared/checklists';
import type { CallInput } from '../../../../shared/contract';
import { client, useCall } from '../../../api/client';
import { ErrorNotice } from '../../../shell/ErrorNotice';
import { useLang, loc } from '../texts';

type Outcome = { stepId: string; reading?: string; result?: 'pass' | 'warn' | 'fail' | 'unavailable'; next?: string; error?: unknown };

/**
 * Runs each automatic check of a draft on this computer or a host of the host book, one after the other,
 * and shows each reading, its result by the draft's rules and where the wizard would go. Nothing is
 * recorded on a ticket: it uses the plain probe call.
 */
export type DryRunReport = NonNullable<CallInput<'checklists.publish'>['dryRun']>;

/** `onReport`: the finished run (every check of the draft), so the publication can record it; null when stale. */
export function DryRun({ doc, onReport }: { doc: ChecklistDocument; onReport?: (report: DryRunReport | null) => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const targetId = useId();
  const hosts = useCall('hosts.list', {});
  const [target, setTarget] = useState('');
  const [outcomes, setOutcomes] = useState<Outcome[]>([]);
  const [running, setRunning] = useState(false);
  const [stopped, setStopped] = useState(false);
  const stop = useRef(false);
  const probes = doc.steps.filter((s): s is ProbeStep => s.kind === 'probe');
  useEffect(() => () => void (stop.current = true), []);

  const run = async () => {
    stop.current = false;
    setStopped(false);
    setRunning(true);
    setOutcomes([]);
    onReport?.(null);
    const done: DryRunReport['results'] = [];
    for (const step of probes) {
      if (stop.current) {
        setStopped(true);
        break;
      }
      try {
        const out = await client.call('probes.run', { name: step.probe, args: step.args, target: target ? { target: 'remote', hostId: target } : { target: 'local' } });
        const reading = out.reading as Parameters<typeof evaluateRules>[1];
        const result = evaluateRules(step.rules, reading);
        setOutcomes((o) => [...o, { stepId: step.id, reading: readingInWords(reading as Parameters<typeof readingInWords>[0], lang, probeDeclaration(step.probe)?.reading), result, next: probeNext(step, result) }]);
        done.push({ stepId: step.id, result });
      } catch (error) {
        setOutcomes((o) => [...o, { stepId: step.id, error }]);
        done.push({ stepId: step.id, result: 'error' });
      }
    }
    setRunning(false);
    const where = target ? (hosts.data ?? []).find((h) => h.id === target)?.name ?? target : 'local';
    if (done.length === probes.length) onReport?.({ target: where, results: done });
  };

  return (
    <section className="card" aria-labelledby="dryrun-title">
      <h2 id="dryrun-title">{t('checklists.editor.dryRun')}</h2>
      <p className="muted small">{t('checklists.editor.dryRunHelp')}</p>
      {probes.length === 0 ? (
        <p className="muted">{t('checklists.editor.noProbe')}</p>
      ) : (
        <>
          <div className="actions">
            <label htmlFor={targetId}>{t('checklists.editor.target')}</label>
            <select id={targetId} value={target} onChange={(e) => setTarget(e.target.value)} disabled={running}>
              <option value="">{t('checklists.editor.thisComputer')}</option>
              {(hosts.data ?? []).map((h) => (
                <option key={h.id} value={h.id}>
                  {h.name}
                </option>
              ))}
            </select>
            {running ? (
              <button type="button" onClick={() => void (stop.current = true)}>
                {t('checklists.editor.stop')}
              </button>
            ) : (
              <button type="button" onClick={() => void run()}>
                {t('checklists.editor.runChecks')}
              </button>
            )}
          </div>
          <p role="status" className="muted small">
            {(running || outcomes.length > 0) && t('checklists.editor.progress', { done: outcomes.length, total: probes.length })}
            {stopped && ` ${t('checklists.editor.stopped')}`}
          </p>
          {outcomes.length > 0 && (
            <table className="hosts-table dry-run">
              <thead>
                <tr>
                  <th scope="col">{t('checklists.editor.columns.step')}</th>
                  <th scope="col">{t('checklists.editor.columns.reading')}</th>
                  <th scope="col">{t('checklists.editor.columns.result')}</th>
                  <th scope="col">{t('checklists.editor.columns.next')}</th>
                </tr>
              </thead>
              <tbody>
                {outcomes.map((o) => {
                  const step = probes.find((p) => p.id === o.stepId);
                  return (
                    <tr key={o.stepId}>
                      <td>
                        <code>{o.stepId}</code>
                        <br />
                        <span className="small muted">{step?.text ? loc(step.text, lang) : step?.probe}</span>
                      </td>
                      <td className="small">{o.error ? <ErrorNotice error={o.error} /> : o.reading}</td>
                      <td>{o.result && t(`checklists.wizard.result.${o.result}`)}</td>
                      <td>{o.next && <code>{o.next}</code>}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
