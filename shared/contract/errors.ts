import { z } from 'zod';

/** Error codes the core returns through the contract; the renderer maps them to translated messages. */
export const ErrorCode = z.enum([
  'invalid_input',
  'unknown_call',
  'not_found',
  'conflict',
  'unauthorized',
  'forbidden',
  'payload_too_large',
  'cancelled',
  'unavailable',
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ErrorBody = z.object({
  code: ErrorCode,
  message: z.string(),
  /** Where the problem is: a dotted path into the input (`ticket.impact`, `rows[3].title`). */
  path: z.string().optional(),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

/** The one error type that crosses the contract. Anything else is reported as `internal`. */
export class AtelierError extends Error {
  readonly code: ErrorCode;
  readonly path: string | undefined;

  constructor(code: ErrorCode, message: string, path?: string) {
    super(message);
    this.name = 'AtelierError';
    this.code = code;
    this.path = path;
  }

  toBody(): ErrorBody {
    return this.path === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, path: this.path };
  }

  static fromBody(body: ErrorBody): AtelierError {
    return new AtelierError(body.code, body.message, body.path);
  }
}

/** `['rows', 3, 'title']` -> `rows[3].title` */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

/** Parses `value` with `schema`, turning the first zod issue into an AtelierError naming its path. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, where = ''): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = formatPath([...(where ? [where] : []), ...(issue?.path ?? [])]);
  const message = issue ? issue.message : 'invalid value';
  throw new AtelierError('invalid_input', path ? `${path}: ${message}` : message, path || undefined);
}
