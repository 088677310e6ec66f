import RFB from '@novnc/novnc';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DesktopStep, HostKeyOffer } from '../../../shared/contract';
import { client } from '../../api/client';
import { ContractChannel } from './contract-channel';

export type ViewerStep = DesktopStep | 'rfb';
type EndKind = 'closed' | 'server_died' | 'ssh_dropped' | 'refused' | 'consent_timeout' | 'rfb' | 'cancelled';
/** How long the panel waits for the core's reason when the VNC server refused in the RFB handshake. */
const CONSENT_END_WAIT_MS = 3000;
const END_KINDS: readonly string[] = ['closed', 'server_died', 'ssh_dropped', 'refused', 'consent_timeout', 'rfb'];

/** Picture presets: noVNC's JPEG quality and zlib compression levels (0-9), as a technician would choose. */
export const QUALITIES = { fast: { quality: 2, compression: 9 }, balanced: { quality: 6, compression: 2 }, best: { quality: 9, compression: 0 } } as const;
export type Quality = keyof typeof QUALITIES;

/** X keysyms of the special keys a technician sends from the toolbar. */
const XK = { superL: 0xffeb, altL: 0xffe9, tab: 0xff09 } as const;

/** Modifier keys (keysym, DOM code) that may still be held when control is given back, Ctrl+Alt+C's own first. */
const MODIFIERS: readonly [number, string][] = [
  [0xffe3, 'ControlLeft'],
  [0xffe4, 'ControlRight'],
  [0xffe9, 'AltLeft'],
  [0xffea, 'AltRight'],
  [0xfe03, 'AltRight'],
  [0xffe1, 'ShiftLeft'],
  [0xffe2, 'ShiftRight'],
  [0xffeb, 'MetaLeft'],
];

/** The ticket a session is opened from, traced there in the UI's language. */
export type DesktopTicketRef = { id: string; lang: 'fr' | 'en' };

export type Phase =
  | { phase: 'idle' }
  | { phase: 'connecting'; step: ViewerStep }
  | { phase: 'hostKey'; offer: HostKeyOffer }
  | { phase: 'open'; needPassword: boolean }
  | { phase: 'ended'; kind: EndKind; detail?: string | undefined }
  | { phase: 'failed'; error: unknown };

interface Current {
  sessionId: string;
  channel: ContractChannel;
  rfb?: RFB;
  share: boolean;
  /** The person at the workstation was asked to accept. */
  consent?: boolean;
  /** Why the session ended, as the core said, before noVNC's own disconnect event. */
  end?: { kind: string; message?: string | undefined };
}

/**
 * One remote desktop viewer: opens the session through the core (the core picks the target), hands the
 * byte channel to noVNC, and turns the session's life into a phase the panel shows. View-only at first.
 */
export function useDesktop(name: string, screen: React.RefObject<HTMLDivElement | null>, ticket?: DesktopTicketRef) {
  const [phase, setPhase] = useState<Phase>({ phase: 'idle' });
  const [control, setControlState] = useState(false);
  const [scale, setScaleState] = useState(true);
  const [quality, setQualityState] = useState<Quality>('balanced');
  /** The workstation's clipboard text, as its VNC server last sent it (noVNC passes it on only with control). */
  const [remoteClipboard, setRemoteClipboard] = useState<string | undefined>();
  const current = useRef<Current | undefined>(undefined);
  const scaleRef = useRef(scale);
  const qualityRef = useRef(quality);
  const lastShare = useRef(false);
  scaleRef.current = scale;
  qualityRef.current = quality;

  const attachViewer = useCallback(
    (cur: Current, password: string | undefined) => {
      const target = screen.current;
      if (!target) return;
      const rfb = new RFB(target, cur.channel, { shared: true, ...(password ? { credentials: { password } } : {}) });
      cur.rfb = rfb;
      rfb.viewOnly = true;
      rfb.scaleViewport = scaleRef.current;
      rfb.qualityLevel = QUALITIES[qualityRef.current].quality;
      rfb.compressionLevel = QUALITIES[qualityRef.current].compression;
      rfb.focusOnClick = true;
      rfb.background = 'transparent';
      rfb.addEventListener('connect', () => current.current === cur && setPhase({ phase: 'open', needPassword: false }));
      rfb.addEventListener('clipboard', (event) => current.current === cur && setRemoteClipboard((event as CustomEvent<{ text: string }>).detail.text));
      rfb.addEventListener('credentialsrequired', () => current.current === cur && setPhase({ phase: 'open', needPassword: true }));
      rfb.addEventListener('securityfailure', (event) => {
        if (current.current !== cur) return;
        const reason = (event as CustomEvent<{ reason?: string }>).detail?.reason;
        cur.end = { kind: 'rfb', message: reason ?? 'authentication failed' };
      });
      rfb.addEventListener('disconnect', () => {
        if (current.current !== cur) return;
        current.current = undefined;
        const settle = () => {
          cur.channel.dispose();
          const end = cur.end;
          const kind = end && END_KINDS.includes(end.kind) ? (end.kind as EndKind) : 'closed';
          setControlState(false);
          setPhase({ phase: 'ended', kind, detail: end?.message });
        };
        // A server that asks the user after the password (TigerVNC) turns a refusal into an RFB security
        // failure, which ends noVNC at once: the core's reason (refused, or no answer in time) comes just after.
        if (cur.consent && cur.end?.kind === 'rfb') void cur.channel.coreEnd(CONSENT_END_WAIT_MS).then(settle);
        else settle();
      });
    },
    [screen],
  );

  const start = useCallback(
    async (share: boolean, acceptNewHostKey = false) => {
      const sessionId = crypto.randomUUID();
      lastShare.current = share;
      const cur: Current = { sessionId, share, channel: undefined as unknown as ContractChannel };
      cur.channel = new ContractChannel(client, sessionId, (end) => (cur.end = end));
      current.current = cur;
      setControlState(false);
      setRemoteClipboard(undefined);
      setPhase({ phase: 'connecting', step: 'ssh' });
      const offProgress = client.on('desktop.progress', (p) => p.sessionId === sessionId && current.current === cur && setPhase({ phase: 'connecting', step: p.step }));
      try {
        const opened = await client.call('desktop.open', { name, sessionId, share, acceptNewHostKey, ...(ticket ? { ticket } : {}) });
        if (current.current !== cur) return;
        if (opened.status === 'hostKey') {
          cur.channel.dispose();
          current.current = undefined;
          setPhase({ phase: 'hostKey', offer: opened.offer });
          return;
        }
        cur.consent = opened.consent === true;
        setPhase({ phase: 'connecting', step: opened.consent ? 'consent' : 'rfb' });
        attachViewer(cur, opened.password);
      } catch (error) {
        if (current.current !== cur) return;
        cur.channel.dispose();
        current.current = undefined;
        setPhase({ phase: 'failed', error });
      } finally {
        offProgress();
      }
    },
    [name, attachViewer, ticket?.id, ticket?.lang],
  );

  const cancel = useCallback(() => {
    const cur = current.current;
    if (!cur) return;
    current.current = undefined;
    cur.rfb?.disconnect();
    cur.channel.dispose();
    void client.call('desktop.close', { sessionId: cur.sessionId }).catch(() => undefined);
    setPhase({ phase: 'ended', kind: 'cancelled' });
  }, []);

  const disconnect = useCallback(() => {
    const cur = current.current;
    if (!cur) return;
    cur.end = { kind: 'closed' };
    if (cur.rfb) cur.rfb.disconnect();
    else cancel();
  }, [cancel]);

  const setControl = useCallback((on: boolean) => {
    const cur = current.current;
    const rfb = cur?.rfb;
    if (!cur || !rfb) return;
    // Going view-only, noVNC drops the key-ups of keys still held (Ctrl and Alt of Ctrl+Alt+C): released here
    // first, or they stay down on the workstation and turn its user's next keys into shortcuts.
    if (!on && !rfb.viewOnly) for (const [keysym, code] of MODIFIERS) rfb.sendKey(keysym, code, false);
    rfb.viewOnly = !on;
    setControlState(on);
    if (on) rfb.focus();
    void client.call('desktop.control', { sessionId: cur.sessionId, control: on }).catch(() => undefined);
  }, []);

  const setQuality = useCallback((value: Quality) => {
    setQualityState(value);
    const rfb = current.current?.rfb;
    if (!rfb) return;
    rfb.qualityLevel = QUALITIES[value].quality;
    rfb.compressionLevel = QUALITIES[value].compression;
  }, []);

  /** Sends a key combination the local system would keep for itself; only with control (noVNC drops keys in view-only). */
  const sendKeys = useCallback((combo: 'win' | 'altTab') => {
    const rfb = current.current?.rfb;
    if (!rfb) return;
    if (combo === 'win') rfb.sendKey(XK.superL, 'MetaLeft');
    else {
      rfb.sendKey(XK.altL, 'AltLeft', true);
      rfb.sendKey(XK.tab, 'Tab');
      rfb.sendKey(XK.altL, 'AltLeft', false);
    }
    rfb.focus();
  }, []);

  /** Puts text in the workstation's clipboard (RFB ClientCutText); only with control, as noVNC sends nothing in view-only. */
  const sendClipboard = useCallback((text: string) => {
    const rfb = current.current?.rfb;
    if (!rfb || rfb.viewOnly) return false;
    rfb.clipboardPasteFrom(text);
    return true;
  }, []);

  /** The remote screen as a PNG, base64 (no data: prefix); undefined while nothing is shown. */
  const snapshot = useCallback((): string | undefined => {
    const url = current.current?.rfb?.toDataURL('image/png');
    return url?.slice(url.indexOf(',') + 1);
  }, []);

  const setScale = useCallback((on: boolean) => {
    setScaleState(on);
    if (current.current?.rfb) current.current.rfb.scaleViewport = on;
  }, []);

  const sendPassword = useCallback((password: string) => {
    current.current?.rfb?.sendCredentials({ password });
    setPhase({ phase: 'connecting', step: 'rfb' });
  }, []);

  const ctrlAltDel = useCallback(() => current.current?.rfb?.sendCtrlAltDel(), []);
  const reconnect = useCallback(() => void start(lastShare.current), [start]);

  // Leaving the page closes the session (and stops a server started for it).
  useEffect(
    () => () => {
      const cur = current.current;
      current.current = undefined;
      if (!cur) return;
      cur.rfb?.disconnect();
      cur.channel.dispose();
      void client.call('desktop.close', { sessionId: cur.sessionId }).catch(() => undefined);
    },
    [],
  );

  return { phase, control, scale, quality, start, cancel, disconnect, setControl, setScale, setQuality, sendPassword, ctrlAltDel, sendKeys, snapshot, reconnect, setPhase, remoteClipboard, sendClipboard };
}
