import type { FitAddon } from '@xterm/addon-fit';
import type { IDisposable, Terminal } from '@xterm/xterm';
import { useSyncExternalStore } from 'react';
import { client } from '../api/client';
import { hostOutput, type HostOutput } from './host-output';
import { DEFAULT_OSC_POLICY, guardOsc, type OscPolicy } from './osc-guard';
import { WritePacer } from './write-pacer';
import { loadXterm } from './xterm';

/**
 * The renderer's side of terminal sessions, apart from any React view: each session owns its xterm
 * instance, so switching tabs or sections keeps the scrollback. Views only attach `term.element`.
 */
export interface TerminalTab {
  readonly id: string;
  readonly host: string;
  title: string;
  state: 'open' | 'exited';
  exitText?: string;
  osc: OscPolicy;
  /** Set when the session is recorded to a ticket (asciicast); follows the core's `terminal.recording` stream. */
  recording?: TabRecording;
  readonly term: Terminal;
  readonly fit: FitAddon;
  /** The host's output on its way to `term`: paced while it floods, then through the control-sequence guard. */
  readonly output: WritePacer;
}

export interface TabRecording {
  ticketId: string;
  state: 'recording' | 'truncated' | 'saved' | 'failed';
  name?: string;
  error?: string;
}

/** Acks are sent when this many bytes are drawn, or shortly after the last chunk. */
const ACK_BATCH_BYTES = 64 * 1024;
const ACK_DELAY_MS = 15;
/** Under a flood, output reaches xterm at most this often: every other frame at 60 Hz (write-pacer.ts). */
const FLOOD_WRITE_INTERVAL_MS = 33;
/** Output that arrived before its session was registered (the stream can beat the call's answer). */
const MAX_EARLY_CHUNKS = 256;

export interface TerminalHooks {
  confirmLink: (uri: string) => boolean;
}

/** Copies the selection to the clipboard (Ctrl+Shift+C; Chromium would open its inspector otherwise). */
export function copySelection(tab: TerminalTab): void {
  const text = tab.term.getSelection();
  if (text) void navigator.clipboard?.writeText(text).catch(() => undefined);
}

export async function pasteClipboard(tab: TerminalTab): Promise<void> {
  const text = await navigator.clipboard?.readText().catch(() => '');
  if (text) tab.term.paste(text);
  tab.term.focus();
}

let tabs: TerminalTab[] = [];
let activeId: string | undefined;
/** The tab whose find bar is open. */
let findingId: string | undefined;
const listeners = new Set<() => void>();
const early = new Map<string, Uint8Array[]>();
const cleanups = new Map<string, IDisposable[]>();
let subscribed = false;

function changed(): void {
  tabs = [...tabs];
  for (const listener of listeners) listener();
}

function ensureSubscribed(): void {
  if (subscribed) return;
  subscribed = true;
  client.on('terminal.output', ({ sessionId, data }) => {
    const tab = tabs.find((t) => t.id === sessionId);
    if (tab) return draw(tab, data);
    const queue = early.get(sessionId) ?? [];
    if (queue.length < MAX_EARLY_CHUNKS) queue.push(data);
    early.set(sessionId, queue);
  });
  client.on('terminal.recording', ({ sessionId, state, ticketId, name, error }) => {
    const tab = tabs.find((t) => t.id === sessionId);
    if (!tab) return;
    tab.recording = { ticketId, state, ...(name ? { name } : {}), ...(error ? { error } : {}) };
    changed();
  });
  client.on('terminal.exit', ({ sessionId, exitCode, error }) => {
    const tab = tabs.find((t) => t.id === sessionId);
    if (!tab) return;
    tab.output.flush();
    tab.state = 'exited';
    tab.exitText = error ?? `exit ${exitCode ?? '?'}`;
    changed();
  });
  // Leaving the page ends its sessions instead of leaving remote shells blocked on unacked output.
  window.addEventListener('pagehide', () => {
    for (const tab of tabs) if (tab.state === 'open') void client.call('terminal.close', { sessionId: tab.id }).catch(() => undefined);
  });
}

// Subscribed as soon as terminals can exist, not at the first tab: a shell's first prompt can reach the
// stream before `terminal.open` answers, and it must wait in `early` for its tab instead of being lost.
ensureSubscribed();

const ackState = new Map<string, { bytes: number; timer: ReturnType<typeof setTimeout> | undefined }>();

function ack(sessionId: string, bytes: number): void {
  const state = ackState.get(sessionId) ?? { bytes: 0, timer: undefined };
  ackState.set(sessionId, state);
  state.bytes += bytes;
  const flush = () => {
    if (state.timer) clearTimeout(state.timer);
    state.timer = undefined;
    const n = state.bytes;
    state.bytes = 0;
    if (n > 0) client.send('terminal.ack', { sessionId, bytes: n });
  };
  if (state.bytes >= ACK_BATCH_BYTES) flush();
  else state.timer ??= setTimeout(flush, ACK_DELAY_MS);
}

function draw(tab: TerminalTab, bytes: Uint8Array): void {
  tab.output.push(bytes);
}

/** Writes output to xterm and acknowledges it once xterm has parsed it: that is the flow control. */
function pacedOutput(sessionId: string, output: HostOutput): WritePacer {
  return new WritePacer((bytes) => output.write(bytes, () => ack(sessionId, bytes.length)), FLOOD_WRITE_INTERVAL_MS);
}

/** Keystrokes are sent in order, one call at a time; what is typed meanwhile goes in the next call. */
function inputQueue(sessionId: string): (data: string) => void {
  let pending = '';
  let sending = false;
  const pump = async () => {
    sending = true;
    while (pending !== '') {
      const data = pending;
      pending = '';
      await client.call('terminal.write', { sessionId, data }).catch(() => undefined);
    }
    sending = false;
  };
  return (data) => {
    pending += data;
    if (!sending) void pump();
  };
}

/** Output that arrives while xterm loads waits in `early` like output that beats the call's answer. */
export async function createTab(sessionId: string, host: string, hooks: TerminalHooks, recording?: { ticketId: string }): Promise<TerminalTab> {
  ensureSubscribed();
  const { Terminal, FitAddon } = await loadXterm();
  const term = new Terminal({
    fontFamily: "ui-monospace, 'DejaVu Sans Mono', 'Liberation Mono', monospace",
    fontSize: 13,
    scrollback: 5000,
    cursorBlink: true,
    allowProposedApi: false,
    theme: { background: '#0f141a', foreground: '#e6eaf0', cursor: '#8ab8ff', selectionBackground: '#36507a' },
    // Only OSC 8 hyperlinks are links here (no web-links addon); each is opened only after confirmation.
    linkHandler: {
      activate: (_event, uri) => {
        if (/^https?:\/\//i.test(uri) && hooks.confirmLink(uri)) window.open(uri, '_blank', 'noopener,noreferrer');
      },
    },
  });
  const fit = new FitAddon();
  term.loadAddon(fit);
  const tab: TerminalTab = { id: sessionId, host, title: host, state: 'open', osc: { ...DEFAULT_OSC_POLICY }, term, fit, output: pacedOutput(sessionId, hostOutput(term)) };
  if (recording) tab.recording = { ticketId: recording.ticketId, state: 'recording' };
  term.attachCustomKeyEventHandler((event) => {
    if (!event.ctrlKey || !event.shiftKey || event.altKey || event.metaKey) return true;
    const key = event.key.toLowerCase();
    if (key === 'c') {
      if (event.type === 'keydown') copySelection(tab);
      event.preventDefault();
      return false;
    }
    if (key === 'f') {
      if (event.type === 'keydown') openFind(sessionId);
      event.preventDefault();
      return false;
    }
    // Ctrl+Shift+V: the browser's own paste event, which xterm handles (bracketed paste included).
    return key !== 'v';
  });
  const send = inputQueue(sessionId);
  cleanups.set(sessionId, [
    guardOsc(term, () => tab.osc, (text) => void navigator.clipboard?.writeText(text).catch(() => undefined)),
    term.onData((data) => tab.state === 'open' && send(data)),
    term.onResize(({ cols, rows }) => {
      if (tab.state === 'open') client.send('terminal.resize', { sessionId, cols, rows });
    }),
    term.onTitleChange((title) => {
      tab.title = title.slice(0, 80) || host;
      changed();
    }),
  ]);
  tabs.push(tab);
  activeId = sessionId;
  changed();
  for (const data of early.get(sessionId) ?? []) draw(tab, data);
  early.delete(sessionId);
  return tab;
}

export function closeTab(id: string): void {
  const tab = tabs.find((t) => t.id === id);
  if (!tab) return;
  if (tab.state === 'open') void client.call('terminal.close', { sessionId: id }).catch(() => undefined);
  for (const d of cleanups.get(id) ?? []) d.dispose();
  cleanups.delete(id);
  tab.output.dispose();
  ackState.delete(id);
  tab.term.dispose();
  const index = tabs.indexOf(tab);
  tabs = tabs.filter((t) => t !== tab);
  if (activeId === id) activeId = (tabs[index] ?? tabs[index - 1])?.id;
  changed();
}

/** Ends the recording now (it is attached to its ticket); the session goes on. */
export async function stopRecording(id: string): Promise<void> {
  const tab = tabs.find((t) => t.id === id);
  if (!tab?.recording || tab.recording.state !== 'recording') return;
  const stored = await client.call('terminal.stopRecording', { sessionId: id });
  tab.recording = { ticketId: stored.ticketId, state: 'saved', name: stored.name };
  changed();
}

export function activate(id: string): void {
  activeId = id;
  changed();
}

export function openFind(id: string | undefined): void {
  findingId = id;
  changed();
}

export function setOsc(id: string, patch: Partial<OscPolicy>): void {
  const tab = tabs.find((t) => t.id === id);
  if (!tab) return;
  tab.osc = { ...tab.osc, ...patch };
  changed();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

let snapshot = { tabs, activeId, findingId };
function getSnapshot() {
  if (snapshot.tabs !== tabs || snapshot.activeId !== activeId || snapshot.findingId !== findingId) snapshot = { tabs, activeId, findingId };
  return snapshot;
}

export function useTerminalTabs(): { tabs: TerminalTab[]; activeId: string | undefined; findingId: string | undefined } {
  return useSyncExternalStore(subscribe, getSnapshot);
}
