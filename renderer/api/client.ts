import { useMutation, useQuery, useQueryClient, type UseQueryOptions } from '@tanstack/react-query';
import { useEffect } from 'react';
import {
  createClient,
  type CallInput,
  type CallName,
  type CallOutput,
  type StreamName,
  type StreamPayload,
} from '../../shared/contract';
import { pickTransport } from './transport';

/** The renderer's one door to the core. It does not know whether Electron or serve mode is behind it. */
export const client = createClient(pickTransport());

export function callKey<N extends CallName>(name: N, input?: CallInput<N>): readonly unknown[] {
  return input === undefined ? [name] : [name, input];
}

export function useCall<N extends CallName>(
  name: N,
  input: CallInput<N>,
  options: Omit<UseQueryOptions<CallOutput<N>>, 'queryKey' | 'queryFn'> = {},
) {
  return useQuery<CallOutput<N>>({ queryKey: callKey(name, input), queryFn: () => client.call(name, input), ...options });
}

/** A call that changes data; `invalidates` lists the reads to refresh once it succeeds. */
export function useCallMutation<N extends CallName>(name: N, invalidates: CallName[] = []) {
  const queries = useQueryClient();
  return useMutation<CallOutput<N>, Error, CallInput<N>>({
    mutationFn: (input) => client.call(name, input),
    onSuccess: async () => {
      await Promise.all(invalidates.map((key) => queries.invalidateQueries({ queryKey: [key] })));
    },
  });
}

export function useStream<N extends StreamName>(name: N, listener: (payload: StreamPayload<N>) => void): void {
  useEffect(() => client.on(name, listener), [name, listener]);
}
