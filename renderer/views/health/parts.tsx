import { useTranslation } from 'react-i18next';
import type { CheckStatus } from '../../../shared/checks';
import type { HealthCell, HealthOverview } from '../../../shared/contract';
import { formatDateTime } from '../../format';
import { routeHref } from '../../route';

export const REACH = 'host.reachable';

export function StatusBadge({ status }: { status: CheckStatus }) {
  const { t } = useTranslation();
  return <span className={`health-status health-${status}`}>{t(`health.status.${status}`)}</span>;
}

export function FlappingMark() {
  const { t } = useTranslation();
  return (
    <span className="health-flapping" title={t('health.flappingHint')}>
      {t('health.flapping')}
    </span>
  );
}

export function TicketLink({ ticketId }: { ticketId: string | null }) {
  const { t } = useTranslation();
  if (!ticketId) return null;
  return (
    <a className="ref" href={routeHref('queue', ticketId)}>
      {t('health.openTicket')}
    </a>
  );
}

/** A plan's text in the interface's language. */
export function useTitle() {
  const { i18n } = useTranslation();
  return (title: { fr: string; en: string }) => (i18n.language.startsWith('fr') ? title.fr : title.en);
}

/** A check's title by id, the reach check included. */
export function useCheckTitle(overview: HealthOverview) {
  const { t } = useTranslation();
  const title = useTitle();
  return (id: string) => (id === REACH ? t('health.reachable') : title(overview.checks.find((c) => c.id === id)?.title ?? { fr: id, en: id }));
}

/** "next try at …" beside an unreachable host (its back-off). */
export function NextTry({ cell }: { cell: Pick<HealthCell, 'nextTryMs'> }) {
  const { t } = useTranslation();
  if (cell.nextTryMs === null) return null;
  return <span className="health-next small">{t('health.nextTry', { time: formatDateTime(cell.nextTryMs) })}</span>;
}
