import type { z } from 'zod';
import { appCalls, appStreams } from './app';
import type { CallDef, StreamDef } from './define';
import { ticketCalls } from './tickets';
import { ticketImportCalls } from './ticket-import';
import { sshCalls, sshStreams } from './ssh';
import { reportCalls } from './reports';
import { inventoryCalls, inventoryStreams } from './inventory';
import { checklistCalls } from './checklists';
import { syncCalls, syncStreams } from './sync';
import { blobCalls } from './blobs';
import { desktopCalls, desktopStreams } from './desktop';
import { checkCalls } from './checks';
import { changeCalls, changeStreams } from './changes';

/** Every call between the renderer and the core, declared once. Domains add theirs here. */
export const calls = {
  ...appCalls,
  ...ticketCalls,
  ...ticketImportCalls,
  ...sshCalls,
  ...reportCalls,
  ...inventoryCalls,
  ...checklistCalls,
  ...syncCalls,
  ...desktopCalls,
  ...blobCalls,
  ...checkCalls,
  ...changeCalls,
} satisfies Record<string, CallDef>;

/** Every stream from the core to the renderer, declared once. */
export const streams = {
  ...appStreams,
  ...sshStreams,
  ...inventoryStreams,
  ...syncStreams,
  ...desktopStreams,
  ...changeStreams,
} satisfies Record<string, StreamDef>;

export type Calls = typeof calls;
export type CallName = keyof Calls;
export type CallInput<N extends CallName> = z.input<Calls[N]['input']>;
export type ParsedInput<N extends CallName> = z.output<Calls[N]['input']>;
export type CallOutput<N extends CallName> = z.output<Calls[N]['output']>;

export type Streams = typeof streams;
export type StreamName = keyof Streams;
export type StreamPayload<N extends StreamName> = z.output<Streams[N]['payload']>;
export type StreamMessage = { [N in StreamName]: { stream: N; payload: StreamPayload<N> } }[StreamName];

export function isCallName(name: string): name is CallName {
  return Object.hasOwn(calls, name);
}

export function isStreamName(name: string): name is StreamName {
  return Object.hasOwn(streams, name);
}

export * from './app';
export * from './errors';
export * from './wire';
export * from './client';
export * from './csp';
export * from './tickets';
export * from './ticket-import';
export * from './ssh';
export * from './reports';
export * from './inventory';
export * from './checklists';
export * from './sync';
export * from './desktop';
export * from './blobs';
export * from './checks';
export * from './changes';
