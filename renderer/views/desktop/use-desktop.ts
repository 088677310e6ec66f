import RFB from '@novnc/novnc';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DesktopStep, HostKeyOffer } from '../../../shared/contract';
import { client } from '../../api/client';
import { ContractChannel } from './contract-channel';

export type ViewerStep = DesktopStep | 'rfb';

export type Phase =
  | { phase: 'idle' }
  | { phase: 'connecting'; step: ViewerStep }
  | { phase: 'hostKey'; offer: HostKeyOffer }
  | { phase: 'open'; needPassword: boolean }
  | { phase: 'ended'; kind: 'closed' | 'server_died' | 'ssh_dropped' | 'rfb' | 'cancelled'; detail?: string | undefined }
  | { phase: 'failed'; error: unknown };

interface Current {
  sessionId: string;
  channel: ContractChannel;
  rfb?: RFB;
  share: boolean;
  /** Why the session ended, as the core said, before noVNC's own disconnect event. */
  end?: { kind: string; message?: string | undefined };
}

/**
 * One remote desktop viewer: opens the session through the core (the core picks the target), hands the
 * byte channel to noVNC, and turns the session's life into a phase the panel shows. View-only at first.
 */
export function useDesktop(name: string, screen: React.RefObject<HTMLDivElement | null>) {
  const [phase, setPhase] = useState<Phase>({ phase: 'idle' });
  const [control, setControlState] = useState(false);
  const [scale, setScaleState] = useState(true);
  const current = useRef<Current | undefined>(undefined);
  const scaleRef = useRef(scale);
  const lastShare = useRef(false);
  scaleRef.current = scale;

  const attachViewer = useCallback(
    (cur: Current, password: string | undefined) => {
      const target = screen.current;
      if (!target) return;
      const rfb = new RFB(target, cur.channel, { shared: true, ...(password ? { credentials: { password } } : {}) });
      cur.rfb = rfb;
      rfb.viewOnly = true;
      rfb.scaleViewport = scaleRef.current;
      rfb.focusOnClick = true;
      rfb.background = 'transparent';
      rfb.addEventListener('connect', () => current.current === cur && setPhase({ phase: 'open', needPassword: false }));
      rfb.addEventListener('credentialsrequired', () => current.current === cur && setPhase({ phase: 'open', needPassword: true }));
      rfb.addEventListener('securityfailure', (event) => {
        if (current.current !== cur) return;
        const reason = (event as CustomEvent<{ reason?: string }>).detail?.reason;
        cur.end = { kind: 'rfb', message: reason ?? 'authentication failed' };
      });
      rfb.addEventListener('disconnect', () => {
        if (current.current !== cur) return;
        current.current = undefined;
        cur.channel.dispose();
        const end = cur.end;
        const kind = end && ['closed', 'server_died', 'ssh_dropped', 'rfb'].includes(end.kind) ? (end.kind as 'closed') : 'closed';
        setControlState(false);
        setPhase({ phase: 'ended', kind, detail: end?.message });
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
      setPhase({ phase: 'connecting', step: 'ssh' });
      const offProgress = client.on('desktop.progress', (p) => p.sessionId === sessionId && current.current === cur && setPhase({ phase: 'connecting', step: p.step }));
      try {
        const opened = await client.call('desktop.open', { name, sessionId, share, acceptNewHostKey });
        if (current.current !== cur) return;
        if (opened.status === 'hostKey') {
          cur.channel.dispose();
          current.current = undefined;
          setPhase({ phase: 'hostKey', offer: opened.offer });
          return;
        }
        setPhase({ phase: 'connecting', step: 'rfb' });
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
    [name, attachViewer],
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
    const rfb = current.current?.rfb;
    if (!rfb) return;
    rfb.viewOnly = !on;
    setControlState(on);
    if (on) rfb.focus();
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

  return { phase, control, scale, start, cancel, disconnect, setControl, setScale, sendPassword, ctrlAltDel, reconnect, setPhase };
}
