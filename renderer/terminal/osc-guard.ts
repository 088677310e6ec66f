import type { IDisposable, Terminal } from '@xterm/xterm';

/** What the remote side may do to this machine through escape sequences. Both off unless the user allows. */
export interface OscPolicy {
  /** OSC 52: the remote program writes to the local clipboard. */
  clipboard: boolean;
  /** OSC 0/1/2: the remote program sets the tab's title. */
  title: boolean;
}

export const DEFAULT_OSC_POLICY: OscPolicy = { clipboard: false, title: false };

/**
 * Registers OSC handlers in front of xterm's own. A handler returning true swallows the sequence; false
 * lets xterm's default run (title change). xterm has no OSC 52 of its own, so an allowed clipboard write is
 * done here, text only.
 */
export function guardOsc(term: Terminal, policy: () => OscPolicy, writeClipboard: (text: string) => void): IDisposable {
  const handlers = [
    term.parser.registerOscHandler(52, (data) => {
      if (!policy().clipboard) return true;
      const [, payload = ''] = data.split(';', 2);
      // `?` asks to read the clipboard: never answered, whatever the policy.
      if (payload === '?' || payload === '') return true;
      try {
        const bytes = Uint8Array.from(atob(payload), (c) => c.charCodeAt(0));
        writeClipboard(new TextDecoder().decode(bytes));
      } catch {
        // not base64: ignore
      }
      return true;
    }),
    ...[0, 1, 2].map((ident) => term.parser.registerOscHandler(ident, () => !policy().title)),
  ];
  return { dispose: () => handlers.forEach((h) => h.dispose()) };
}
