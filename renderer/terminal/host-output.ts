import type { Terminal } from '@xterm/xterm';
import { CsiGuard } from './csi-guard';

/** What a host sends, on its way to one xterm. */
export interface HostOutput {
  /** Writes `bytes`; `parsed` runs once xterm has parsed them (the flow control's ack). */
  write(bytes: Uint8Array, parsed?: () => void): void;
}

/**
 * Decodes UTF-8 here rather than in xterm so that the guard sees the characters xterm will see: an invalid
 * byte becomes U+FFFD for both (xterm's own decoder drops it, which could join the digits around it into
 * a count the guard never saw). A character or sequence split between chunks waits for its end.
 */
export function hostOutput(term: Terminal): HostOutput {
  const decoder = new TextDecoder();
  const guard = new CsiGuard(() => ({ cols: term.cols, rows: term.rows }));
  return {
    write(bytes, parsed) {
      term.write(guard.filter(decoder.decode(bytes, { stream: true })), parsed);
    },
  };
}

/** The same guard for text already decoded (a recording's output events). */
export function guardedText(term: Terminal): (text: string) => void {
  const guard = new CsiGuard(() => ({ cols: term.cols, rows: term.rows }));
  return (text) => term.write(guard.filter(text));
}
