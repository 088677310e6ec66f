import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Host } from '../../../shared/contract';
import { CONSENT_WAIT_RANGE, DesktopSettings } from '../../../shared/contract/desktop';
import { client, useCall, useCallMutation } from '../../api/client';
import { Field } from '../../components/Field';
import { routeHref } from '../../route';
import { ErrorNotice } from '../../shell/ErrorNotice';
import { ClipboardPanel } from './ClipboardPanel';
import { HostKeyDialog } from '../hosts/HostKeyDialog';
import { QUALITIES, useDesktop, type Quality } from './use-desktop';
import { useFullScreen } from './use-full-screen';
import './desktop.css';

/** Linux hosts (and hosts whose OS is not known yet) can have their screen shared on demand with x11vnc. */
const canShare = (host: Host) => host.osFamily === 'linux' || host.osFamily === 'unknown';

/** Ctrl+Alt+<key> acts on the panel, even while the remote screen has the keyboard; AltGr (Ctrl+Alt on some systems) does not. */
function panelShortcut(event: KeyboardEvent): string | undefined {
  if (!event.ctrlKey || !event.altKey || event.shiftKey || event.metaKey || event.getModifierState('AltGraph')) return undefined;
  return { KeyC: 'control', KeyS: 'scale', KeyF: 'fullScreen', KeyQ: 'disconnect' }[event.code];
}

/** `screen-HOST-20261207-065012.png`: sorts by time on the ticket, the same name in every language. */
function screenshotName(host: string, at = new Date()): string {
  const stamp = at.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  return `screen-${host.replace(/[^\w.-]+/g, '_')}-${stamp}.png`;
}

function PortForm({ host }: { host: Host }) {
  const { t } = useTranslation();
  const settings = useCall('desktop.settings', { name: host.name });
  const save = useCallMutation('desktop.setSettings', ['desktop.settings']);
  const [text, setText] = useState<string | undefined>();
  const value = text ?? String(settings.data?.port ?? '');
  const bad = !/^\d{1,5}$/.test(value.trim()) || Number(value) < 1 || Number(value) > 65535;
  return (
    <form
      className="desktop-port"
      onSubmit={(event) => {
        event.preventDefault();
        if (!bad) save.mutate({ name: host.name, settings: { ...settings.data, port: Number(value) } });
      }}
    >
      <Field label={t('desktop.port')} error={text !== undefined && bad ? t('desktop.badPort') : undefined}>
        {(props) => <input {...props} inputMode="numeric" value={value} onChange={(e) => setText(e.target.value)} />}
      </Field>
      <button type="submit" disabled={bad || save.isPending}>
        {t('desktop.savePort')}
      </button>
      {save.isSuccess && (
        <span role="status" className="small muted">
          {t('desktop.portSaved', { port: save.variables?.settings.port })}
        </span>
      )}
      {save.error && <ErrorNotice error={save.error} />}
    </form>
  );
}

/** Whether "Start sharing" asks the person at the workstation first: kept per host, saved as soon as it is ticked. */
function ConsentToggle({ host }: { host: Host }) {
  const { t } = useTranslation();
  const settings = useCall('desktop.settings', { name: host.name });
  const save = useCallMutation('desktop.setSettings', ['desktop.settings']);
  if (!settings.data) return null;
  const current = settings.data;
  return (
    <div className="desktop-consent">
      <label className="checkbox">
        <input type="checkbox" checked={current.consent} disabled={save.isPending} onChange={(e) => save.mutate({ name: host.name, settings: { ...current, consent: e.target.checked } })} aria-describedby="desktop-consent-hint" />
        {t('desktop.consent')}
      </label>
      <span id="desktop-consent-hint" className="small muted">
        {t('desktop.consentHint', { seconds: current.consentTimeoutS })}
      </span>
      {save.error && <ErrorNotice error={save.error} />}
      <ConsentWaitForm host={host} />
    </div>
  );
}

/** How long the workstation's prompt waits for an answer; the range is the contract's (one place for the rule). */
function ConsentWaitForm({ host }: { host: Host }) {
  const { t } = useTranslation();
  const settings = useCall('desktop.settings', { name: host.name });
  const save = useCallMutation('desktop.setSettings', ['desktop.settings']);
  const [text, setText] = useState<string | undefined>();
  const value = text ?? String(settings.data?.consentTimeoutS ?? '');
  const seconds = /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  const bad = !DesktopSettings.shape.consentTimeoutS.safeParse(seconds).success;
  const { min, max } = CONSENT_WAIT_RANGE;
  return (
    <form
      className="desktop-port"
      onSubmit={(event) => {
        event.preventDefault();
        if (!bad && settings.data) save.mutate({ name: host.name, settings: { ...settings.data, consentTimeoutS: seconds } });
      }}
    >
      <Field label={t('desktop.consentWait')} error={text !== undefined && bad ? t('desktop.badConsentWait', { min, max }) : undefined}>
        {(props) => <input {...props} inputMode="numeric" value={value} onChange={(e) => setText(e.target.value)} />}
      </Field>
      <button type="submit" disabled={bad || save.isPending}>
        {t('desktop.saveConsentWait')}
      </button>
      {save.isSuccess && (
        <span role="status" className="small muted">
          {t('desktop.consentWaitSaved', { seconds: save.variables?.settings.consentTimeoutS })}
        </span>
      )}
      {save.error && <ErrorNotice error={save.error} />}
    </form>
  );
}

/**
 * The host page's remote desktop: connect to the host's VNC server (or start sharing the user's screen)
 * through SSH, view-only until "Take control". Opened from a ticket, the session is traced there and a
 * screenshot can be attached to it. Keyboard: Ctrl+Alt+C control, Ctrl+Alt+S scale, Ctrl+Alt+F full screen,
 * Ctrl+Alt+Q disconnect.
 */
export function DesktopPanel({ host, ticketId }: { host: Host; ticketId?: string | undefined }) {
  const { t, i18n } = useTranslation();
  const screen = useRef<HTMLDivElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const settings = useCall('desktop.settings', { name: host.name });
  const lang = i18n.language.startsWith('fr') ? 'fr' : 'en';
  const ticket = useMemo(() => (ticketId ? { id: ticketId, lang } as const : undefined), [ticketId, lang]);
  const desk = useDesktop(host.name, screen, ticket);
  const { phase } = desk;
  const [password, setPassword] = useState('');
  const full = useFullScreen(panel);
  const shot = useCallMutation('tickets.attach', ['tickets.get']);
  const live = phase.phase === 'open' || (phase.phase === 'connecting' && (phase.step === 'rfb' || phase.step === 'consent'));

  const latest = useRef(desk);
  latest.current = desk;
  const latestFull = useRef(full);
  latestFull.current = full;
  useEffect(() => {
    const element = panel.current;
    if (!element) return;
    const onKey = (event: KeyboardEvent) => {
      const action = panelShortcut(event);
      const d = latest.current;
      if (!action || d.phase.phase !== 'open') return;
      event.preventDefault();
      event.stopPropagation();
      if (action === 'control') d.setControl(!d.control);
      if (action === 'scale') d.setScale(!d.scale);
      if (action === 'fullScreen') latestFull.current.toggle();
      if (action === 'disconnect') d.disconnect();
    };
    element.addEventListener('keydown', onKey, true);
    return () => element.removeEventListener('keydown', onKey, true);
  }, []);

  const port = settings.data?.port ?? 5900;
  const endText =
    phase.phase === 'ended'
      ? phase.kind === 'cancelled'
        ? t('desktop.cancelled')
        : phase.kind === 'rfb' && phase.detail
          ? t('desktop.securityFailure', { reason: phase.detail })
          : t(`desktop.ended.${phase.kind}`, { name: host.name })
      : '';

  const takeScreenshot = () => {
    const base64 = desk.snapshot();
    if (ticketId && base64) shot.mutate({ ticketId, name: screenshotName(host.name), mime: 'image/png', base64 });
  };

  return (
    <div className="desktop-panel" ref={panel} data-testid="desktop-panel">
      <h2>{t('desktop.title')}</h2>
      {ticketId && (
        <p className="small">
          <a href={routeHref('queue', ticketId)}>{t('desktop.fromTicket', { id: ticketId })}</a>
        </p>
      )}
      {(phase.phase === 'idle' || phase.phase === 'ended' || phase.phase === 'failed') && (
        <>
          <p className="muted">{t('desktop.intro', { name: host.name })}</p>
          {phase.phase === 'ended' && (
            <p className="notice" role="status">
              {endText}{' '}
              <button type="button" onClick={desk.reconnect}>
                {t('desktop.reconnect')}
              </button>
            </p>
          )}
          {phase.phase === 'failed' && <ErrorNotice error={phase.error} />}
          <div className="desktop-start">
            {canShare(host) && (
              <div className="card">
                <button type="button" className="primary" onClick={() => void desk.start(true)}>
                  {t('desktop.share')}
                </button>
                <span className="small muted">{t('desktop.shareHint')}</span>
                <ConsentToggle host={host} />
              </div>
            )}
            <div className="card">
              <button type="button" onClick={() => void desk.start(false)}>
                {t('desktop.connect')}
              </button>
              <span className="small muted">{t('desktop.connectHint', { port })}</span>
              <PortForm host={host} />
            </div>
          </div>
        </>
      )}
      {phase.phase === 'hostKey' && <HostKeyDialog offer={phase.offer} onCancel={() => desk.setPhase({ phase: 'idle' })} onTrusted={desk.reconnect} />}
      {phase.phase === 'connecting' && (
        <div className="desktop-progress" role="status">
          <progress aria-label={t(`desktop.steps.${phase.step}`, { name: host.name })} />
          <span>{t(`desktop.steps.${phase.step}`, { name: host.name })}</span>
          <button type="button" onClick={desk.cancel}>
            {t('desktop.cancel')}
          </button>
        </div>
      )}
      {phase.phase === 'open' && phase.needPassword && (
        <form
          className="desktop-port"
          onSubmit={(event) => {
            event.preventDefault();
            desk.sendPassword(password);
            setPassword('');
          }}
        >
          <span>{t('desktop.passwordIntro')}</span>
          <Field label={t('desktop.password')}>{(props) => <input {...props} type="password" autoComplete="off" autoFocus value={password} onChange={(e) => setPassword(e.target.value)} />}</Field>
          <button type="submit">{t('desktop.sendPassword')}</button>
        </form>
      )}
      {phase.phase === 'open' && !phase.needPassword && (
        <>
          <div className="desktop-toolbar" role="toolbar" aria-label={t('desktop.title')}>
            <button type="button" aria-pressed={desk.control} onClick={() => desk.setControl(!desk.control)} aria-keyshortcuts="Control+Alt+C">
              {desk.control ? t('desktop.releaseControl') : t('desktop.takeControl')}
            </button>
            <button type="button" aria-pressed={desk.scale} onClick={() => desk.setScale(!desk.scale)} aria-keyshortcuts="Control+Alt+S">
              {t('desktop.scale')}
            </button>
            <label className="desktop-quality">
              {t('desktop.quality')}{' '}
              <select value={desk.quality} onChange={(e) => desk.setQuality(e.target.value as Quality)}>
                {(Object.keys(QUALITIES) as Quality[]).map((q) => (
                  <option key={q} value={q}>
                    {t(`desktop.qualities.${q}`)}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" aria-pressed={full.on} onClick={full.toggle} aria-keyshortcuts="Control+Alt+F">
              {full.on ? t('desktop.exitFullScreen') : t('desktop.fullScreen')}
            </button>
            <span role="group" aria-label={t('desktop.keys')} className="desktop-keys">
              <button type="button" disabled={!desk.control} onClick={desk.ctrlAltDel}>
                {t('desktop.ctrlAltDel')}
              </button>
              <button type="button" disabled={!desk.control} onClick={() => desk.sendKeys('win')}>
                {t('desktop.winKey')}
              </button>
              <button type="button" disabled={!desk.control} onClick={() => desk.sendKeys('altTab')}>
                {t('desktop.altTab')}
              </button>
            </span>
            {ticketId && (
              <button type="button" onClick={takeScreenshot} disabled={shot.isPending}>
                {t('desktop.screenshot')}
              </button>
            )}
            <button type="button" onClick={desk.disconnect} aria-keyshortcuts="Control+Alt+Q">
              {t('desktop.disconnect')}
            </button>
          </div>
          {shot.isSuccess && ticketId && (
            <p className="small" role="status">
              {t('desktop.screenshotDone', { id: ticketId, name: shot.variables?.name })}
            </p>
          )}
          {shot.error && <ErrorNotice error={shot.error} />}
          <p className="small" role="status" data-testid="desktop-mode">
            {desk.control ? t('desktop.inControl') : t('desktop.viewOnly')} <span className="muted">{t('desktop.shortcuts')}</span>
          </p>
          <ClipboardPanel control={desk.control} remote={desk.remoteClipboard} send={desk.sendClipboard} />
        </>
      )}
      <div ref={screen} className={desk.control ? 'desktop-screen in-control' : 'desktop-screen'} hidden={!live} role="region" aria-label={t('desktop.screenLabel', { name: host.name })} data-testid="desktop-screen" />
    </div>
  );
}
