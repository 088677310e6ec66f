import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useSyncExternalStore } from 'react';
import { useStream } from '../api/client';

/**
 * Whether the next terminal opened is recorded, and to which ticket. Lives outside the views so a ticket
 * can prefill it ("Open a recorded terminal") before the host book opens.
 */
export interface RecordingChoice {
  enabled: boolean;
  ticketId: string;
}

let choice: RecordingChoice = { enabled: false, ticketId: '' };
const listeners = new Set<() => void>();

export function setRecordingChoice(patch: Partial<RecordingChoice>): void {
  choice = { ...choice, ...patch };
  for (const listener of listeners) listener();
}

/** From a ticket: record the next terminal to it. */
export function prefillRecording(ticketId: string): void {
  setRecordingChoice({ enabled: true, ticketId });
}

/** The `terminal.open` fields for the current choice. */
export function recordingRequest(): { record: boolean; ticketId?: string } {
  return choice.enabled && choice.ticketId ? { record: true, ticketId: choice.ticketId } : { record: false };
}

export function useRecordingChoice(): RecordingChoice {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => choice,
  );
}

/**
 * Refreshes ticket reads when a recording is attached (at the end of its session, often a moment after
 * the tab closed): mounted in the host book and on the ticket's timeline, so either view sees it.
 */
export function useRecordingRefresh(ticketId?: string): void {
  const queries = useQueryClient();
  const onRecording = useCallback(
    (payload: { state: string; ticketId: string }) => {
      if (payload.state === 'saved' && (ticketId === undefined || payload.ticketId === ticketId)) void queries.invalidateQueries({ queryKey: ['tickets.get'] });
    },
    [queries, ticketId],
  );
  useStream('terminal.recording', onRecording);
}
