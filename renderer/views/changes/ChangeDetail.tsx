import { useTranslation } from 'react-i18next';
import type { Ticket } from '../../../shared/tickets';
import { useCall } from '../../api/client';
import { routeHref } from '../../route';
import { ErrorNotice } from '../../shell/ErrorNotice';
import { ApprovalPanel } from './ApprovalPanel';
import { RolloutPanel } from './RolloutPanel';

type Change = NonNullable<Ticket['change']>;
type ChecklistPlan = NonNullable<NonNullable<Change['record']['procedure']>['checklist']>;

/** One change: its record, its approval, the rollout preview and runs, each host's result. */
export function ChangeDetail({ id }: { id: string }) {
  const { t } = useTranslation();
  const detail = useCall('tickets.get', { id });
  const ticket = detail.data?.ticket;
  const change = ticket?.change;
  return (
    <section className="view change-detail" aria-labelledby="view-title">
      <header className="view-header">
        <a href={routeHref('changes')}>{t('changes.detail.back')}</a>
        <h1 id="view-title">{ticket ? `${detail.data?.ref} · ${ticket.title}` : t('changes.title')}</h1>
      </header>
      {detail.error && <ErrorNotice error={detail.error} />}
      {ticket && change && (
        <>
          <RecordCard change={change} />
          <ApprovalPanel ticketId={ticket.id} change={change} />
          <RolloutPanel ticketId={ticket.id} change={change} />
        </>
      )}
    </section>
  );
}

function RecordCard({ change }: { change: Change }) {
  const { t } = useTranslation();
  const r = change.record;
  return (
    <section className="card" aria-labelledby="change-record">
      <h2 id="change-record">{t('changes.detail.record')}</h2>
      <dl className="change-record">
        <dt>{t('changes.columns.type')}</dt>
        <dd>{t(`changes.type.${r.type}`)}</dd>
        <dt>{t('changes.columns.risk')}</dt>
        <dd>{t(`changes.risk.${r.risk}`)}</dd>
        <dt>{t('changes.form.plan')}</dt>
        <dd>{r.plan}</dd>
        <dt>{t('changes.form.testPlan')}</dt>
        <dd>{r.testPlan}</dd>
        <dt>{t('changes.form.rollbackPlan')}</dt>
        <dd>{r.rollbackPlan}</dd>
        <dt>{t('changes.detail.window')}</dt>
        <dd>{r.window ? `${r.window.start} → ${r.window.end}` : t('changes.detail.noWindow')}</dd>
        <dt>{t('changes.columns.hosts')}</dt>
        <dd>{r.hosts.join(', ') || '–'}</dd>
        {r.tags.length > 0 && (
          <>
            <dt>{t('changes.detail.tags')}</dt>
            <dd>{r.tags.join(', ')}</dd>
          </>
        )}
        {r.sites.length > 0 && (
          <>
            <dt>{t('changes.detail.sites')}</dt>
            <dd>{r.sites.join(', ')}</dd>
          </>
        )}
      </dl>
      {r.procedure?.checklist && <ChecklistProcedureCard plan={r.procedure.checklist} />}
      {r.procedure && (
        <>
          {r.procedure.script !== undefined && (
            <>
              <h3>
                {t('changes.detail.procedure')} <span className="muted">· {r.procedure.shell === 'powershell' ? 'PowerShell' : 'sh'}</span>
              </h3>
              <pre className="change-script">{r.procedure.script}</pre>
            </>
          )}
          {r.procedure.verify && (
            <>
              <h3>{t('changes.detail.verify')}</h3>
              <pre className="change-script">{r.procedure.verify}</pre>
            </>
          )}
          {r.procedure.rollback && (
            <>
              <h3>{t('changes.detail.rollback')}</h3>
              <pre className="change-script">{r.procedure.rollback}</pre>
            </>
          )}
        </>
      )}
    </section>
  );
}

/** A checklist procedure: which checklist (pinned version), the answers given in place of a person, what counts as success. */
function ChecklistProcedureCard({ plan }: { plan: ChecklistPlan }) {
  const { t, i18n } = useTranslation();
  const doc = useCall('checklists.get', { id: plan.id, version: plan.version });
  const language = i18n.language === 'fr' ? 'fr' : 'en';
  // The answer's own words when this device holds the checklist, else its number.
  const said = (stepId: string, answer: number | string) => {
    const step = doc.data?.steps.find((s) => s.id === stepId);
    return step?.kind === 'question' && typeof answer === 'number' ? (step.answers[answer]?.label[language] ?? String(answer)) : String(answer);
  };
  const answers = Object.entries(plan.answers);
  return (
    <>
      <h3>
        {t('changes.detail.procedure')} <span className="muted">· {t('changes.detail.checklistProcedure')}</span>
      </h3>
      <dl className="change-record">
        <dt>{t('changes.detail.checklistName')}</dt>
        <dd>
          <code>{plan.id}</code> v{plan.version}
        </dd>
        <dt>{t('changes.detail.checklistAnswers')}</dt>
        <dd>{answers.length > 0 ? answers.map(([step, answer]) => `${step} → ${said(step, answer)}`).join(', ') : t('changes.detail.checklistNoAnswers')}</dd>
        <dt>{t('changes.detail.checklistSucceedsAt')}</dt>
        <dd>{plan.succeedsAt?.join(', ') ?? t('changes.detail.checklistSucceedsDefault')}</dd>
      </dl>
    </>
  );
}
