import {
  AtelierError,
  calls,
  isCallName,
  parseOrThrow,
  type CallName,
  type CallOutput,
  type ErrorBody,
  type ParsedInput,
} from '../../shared/contract';
import type { Logger } from './log';

/** One handler per call of the contract; the type makes a missing or mistyped handler a compile error. */
export type Handlers = {
  [N in CallName]: (input: ParsedInput<N>) => Promise<CallOutput<N>> | CallOutput<N>;
};

export type Dispatch = (name: string, rawInput: unknown) => Promise<unknown>;

/**
 * The core's edge: every transport calls this. The input is untrusted and always validated against the
 * contract's schema before a handler sees it.
 */
export function createDispatcher(handlers: Handlers): Dispatch {
  return async (name, rawInput) => {
    if (!isCallName(name)) throw new AtelierError('unknown_call', `unknown call "${name}"`);
    const input = parseOrThrow(calls[name].input, rawInput ?? {});
    const handler = handlers[name] as (input: unknown) => unknown;
    return await handler(input);
  };
}

/** What a transport sends back for a failed call. Unexpected errors are logged and reported as `internal`. */
export function errorBody(error: unknown, log: Logger, call: string): ErrorBody {
  if (error instanceof AtelierError) return error.toBody();
  log.error({ err: error, call }, 'call failed');
  return { code: 'internal', message: 'Unexpected error in the core; details are in the log file.' };
}
