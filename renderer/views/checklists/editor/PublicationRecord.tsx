import { useTranslation } from 'react-i18next';
import type { DraftView } from '../../../../shared/contract/checklists';
import { hlcWallMs } from '../../../../shared/tickets';
import { formatDateTime } from '../../../format';

type Published = NonNullable<DraftView['published']>;

/** What a publication recorded: who, when, what the validator checked and the dry run done before it. */
export function PublicationRecord({ published }: { published: Published }) {
  const { t } = useTranslation();
  const { checks } = published;
  const at = formatDateTime(hlcWallMs(published.at));
  const dryRun = checks?.dryRun;
  const counts = dryRun ? (['pass', 'warn', 'fail', 'unavailable', 'error'] as const).map((r) => [r, dryRun.results.filter((x) => x.result === r).length] as const).filter(([, n]) => n > 0) : [];
  const summary = counts.map(([r, n]) => `${n} × ${r === 'error' ? t('checklists.editor.recordError') : t(`checklists.wizard.result.${r}`)}`).join(', ');
  return (
    <div className="notice publication-record" role="note" aria-label={t('checklists.editor.recordTitle')}>
      <p>{t('checklists.editor.record', { by: published.by, at, steps: checks?.steps ?? '—' })}</p>
      {checks && <p>{dryRun ? t('checklists.editor.recordDryRun', { target: dryRun.target === 'local' ? t('checklists.editor.thisComputer') : dryRun.target, summary }) : t('checklists.editor.recordNoDryRun')}</p>}
    </div>
  );
}
