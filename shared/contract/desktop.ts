import { z } from 'zod';
import { call, stream } from './define';
import { TicketId } from '../tickets/model';
import { HostKeyOffer, HostName, SessionId, StreamBytes } from './ssh';

/** Where the VNC server of a host listens, as seen from the host itself (never chosen by the renderer per session). */
export const DEFAULT_VNC_PORT = 5900;

/** How long x11vnc's accept prompt may wait for the person at the workstation, in seconds. */
export const CONSENT_WAIT_RANGE = { min: 10, max: 600 } as const;

/**
 * A host's remote desktop settings. `consent`: "Start sharing" asks the person at the workstation to accept
 * (x11vnc's accept prompt) before the screen is shown; a refusal or no answer ends the session.
 */
export const DesktopSettings = z.object({
  port: z.number().int().min(1).max(65535),
  consent: z.boolean().default(false),
  /** How long the prompt waits for an answer; no answer is a refusal. */
  consentTimeoutS: z.number().int().min(CONSENT_WAIT_RANGE.min).max(CONSENT_WAIT_RANGE.max).default(60),
});
export type DesktopSettings = z.infer<typeof DesktopSettings>;

/** A step of opening a remote desktop, for the panel's progress line. */
export const DesktopStep = z.enum(['ssh', 'display', 'server', 'vnc', 'consent']);
export type DesktopStep = z.infer<typeof DesktopStep>;

/** Why a remote desktop ended, for a translated message in the panel. */
export const DesktopEndKind = z.enum(['closed', 'server_died', 'ssh_dropped', 'refused', 'consent_timeout']);

/** The ticket a session is opened from: its start, control changes and end are traced there, in that language. */
export const DesktopTicket = z.object({ id: TicketId, lang: z.enum(['fr', 'en']).default('en') }).strict();

const Ok = z.object({ ok: z.literal(true) });

/** The most a viewer sends in one write: noVNC's messages are a few bytes to a few KiB (a clipboard text). */
export const MAX_DESKTOP_WRITE_BYTES = 1024 * 1024;

const DesktopBytes = z.custom<Uint8Array>(
  (value) => value instanceof Uint8Array && value.length <= MAX_DESKTOP_WRITE_BYTES,
  `RFB bytes expected (a binary frame on the stream socket in serve mode), at most ${MAX_DESKTOP_WRITE_BYTES} bytes`,
);

export const desktopCalls = {
  'desktop.settings': call(z.object({ name: HostName }).strict(), DesktopSettings),
  'desktop.setSettings': call(z.object({ name: HostName, settings: DesktopSettings.strict() }).strict(), DesktopSettings),
  /**
   * Opens an RFB byte channel to the host's VNC server through its SSH connection. The renderer names the
   * host and its own session id (so it can cancel while this runs), never a target address or port.
   * `share` first starts x11vnc on the host's running X display with a one-time password, returned here
   * for the viewer's VNC login and stopped with the session.
   */
  'desktop.open': call(
    z
      .object({ name: HostName, sessionId: SessionId, share: z.boolean().default(false), acceptNewHostKey: z.boolean().default(false), ticket: DesktopTicket.optional() })
      .strict(),
    z.discriminatedUnion('status', [
      /** `consent`: the person at the workstation is being asked to accept; the screen comes once they do. */
      z.object({ status: z.literal('open'), sessionId: SessionId, password: z.string().optional(), consent: z.boolean().optional() }),
      z.object({ status: z.literal('hostKey'), offer: HostKeyOffer }),
    ]),
  ),
  /**
   * RFB bytes from the viewer (its input and update requests) for the session's VNC server, which the core
   * chose. In serve mode a binary frame on the stream socket only (wire.ts, BYTE_CALLS); as they are over IPC.
   */
  'desktop.write': call(z.object({ sessionId: SessionId, data: DesktopBytes }).strict(), Ok),
  /** Flow control: the viewer has handled this many more bytes of `desktop.data` (on the stream socket in serve mode). */
  'desktop.ack': call(z.object({ sessionId: SessionId, bytes: z.number().int().nonnegative() }).strict(), Ok),
  /** The viewer took (true) or gave back (false) control; traced on the session's ticket, if any. */
  'desktop.control': call(z.object({ sessionId: SessionId, control: z.boolean() }).strict(), Ok),
  /** Ends the session (or cancels its opening) and stops the VNC server it started. */
  'desktop.close': call(z.object({ sessionId: SessionId }).strict(), Ok),
};

export const desktopStreams = {
  /**
   * RFB bytes from the host's VNC server as they came (a binary frame in serve mode, a Uint8Array over IPC);
   * the viewer acknowledges their length with desktop.ack once handled.
   */
  'desktop.data': stream(z.object({ sessionId: SessionId, data: StreamBytes })),
  'desktop.progress': stream(z.object({ sessionId: SessionId, step: DesktopStep })),
  'desktop.end': stream(z.object({ sessionId: SessionId, kind: DesktopEndKind, message: z.string().optional() })),
};
