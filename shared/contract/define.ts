import type { z } from 'zod';

/** A request -> response call of the contract. */
export interface CallDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly input: I;
  readonly output: O;
}

/** A server -> renderer stream of the contract. */
export interface StreamDef<P extends z.ZodType = z.ZodType> {
  readonly payload: P;
}

export function call<I extends z.ZodType, O extends z.ZodType>(input: I, output: O): CallDef<I, O> {
  return { input, output };
}

export function stream<P extends z.ZodType>(payload: P): StreamDef<P> {
  return { payload };
}
