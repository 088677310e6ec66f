import { useCallback, useEffect, useRef, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import type { HealthCell } from '../../../shared/contract';
import { client, useCall } from '../../api/client';
import { navigate } from '../../route';
import { newFailures, seenStatuses, type SeenStatuses } from './new-failures';

/** The person's choice, kept on this device; permission itself is the browser's (or Electron's) to keep. */
const CHOICE_KEY = 'atelier.health.notify';
const CHOICE_EVENT = 'atelier:health-notify';

export type NoticeState = 'unsupported' | 'off' | 'on' | 'blocked';

function noticeState(): NoticeState {
  if (typeof Notification === 'undefined') return 'unsupported';
  if (Notification.permission === 'denied') return 'blocked';
  return Notification.permission === 'granted' && localStorage.getItem(CHOICE_KEY) === 'on' ? 'on' : 'off';
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener(CHOICE_EVENT, onChange);
  return () => window.removeEventListener(CHOICE_EVENT, onChange);
}

/** Whether new failures are announced, and the switch: permission is asked only when the person presses it. */
export function useNoticeChoice(): { state: NoticeState; turnOn: () => Promise<void>; turnOff: () => void } {
  const state = useSyncExternalStore(subscribe, noticeState);
  const changed = () => window.dispatchEvent(new Event(CHOICE_EVENT));
  const turnOn = useCallback(async () => {
    const permission = await Notification.requestPermission();
    if (permission === 'granted') localStorage.setItem(CHOICE_KEY, 'on');
    changed();
  }, []);
  const turnOff = useCallback(() => {
    localStorage.removeItem(CHOICE_KEY);
    changed();
  }, []);
  return { state, turnOn, turnOff };
}

/** Opens the failing check's ticket; the incident may be written just after the reading, so it is looked up on click. */
async function openTicketOf(cell: HealthCell): Promise<void> {
  window.focus();
  const overview = await client.call('checks.overview', {}).catch(() => null);
  const ticketId = overview?.cells.find((c) => c.host === cell.host && c.checkId === cell.checkId)?.ticketId ?? cell.ticketId;
  if (ticketId) navigate('queue', ticketId);
  else navigate('health');
}

/**
 * A desktop notification for each check that starts failing, whichever screen is open. Mounted once by the
 * app; reads the overview only while notifications are on, and refreshes with the data like every view.
 */
export function useFailureNotifications(): void {
  const { t, i18n } = useTranslation();
  const { state } = useNoticeChoice();
  const overview = useCall('checks.overview', {}, { enabled: state === 'on' });
  const seen = useRef<SeenStatuses | null>(null);
  useEffect(() => {
    if (state !== 'on') seen.current = null;
  }, [state]);
  const data = state === 'on' ? overview.data : undefined;
  useEffect(() => {
    if (!data) return;
    const fresh = newFailures(seen.current, data.cells);
    seen.current = seenStatuses(data.cells);
    const french = i18n.language.startsWith('fr');
    for (const cell of fresh) {
      const check = data.checks.find((c) => c.id === cell.checkId);
      const title = check ? (french ? check.title.fr : check.title.en) : cell.checkId;
      const notice = new Notification(t('health.notice.title', { host: cell.host, check: title }), {
        body: [cell.value !== null ? t('health.notice.value', { value: cell.value }) : null, cell.detail, t('health.notice.open')].filter(Boolean).join('\n'),
        tag: `atelier-health:${cell.host}:${cell.checkId}`,
      });
      notice.onclick = () => void openTicketOf(cell);
    }
  }, [data, t, i18n]);
}
