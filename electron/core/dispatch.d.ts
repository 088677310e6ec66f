import { type CallName, type CallOutput, type ErrorBody, type ParsedInput } from '../../shared/contract';
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
export declare function createDispatcher(handlers: Handlers): Dispatch;
/** What a transport sends back for a failed call. Unexpected errors are logged and reported as `internal`. */
export declare function errorBody(error: unknown, log: Logger, call: string): ErrorBody;
