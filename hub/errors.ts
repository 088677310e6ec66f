import type { HubErrorBody, HubErrorCode } from '../shared/sync/protocol';

const STATUS: Record<HubErrorCode, number> = {
  invalid_input: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

/** An error the hub answers with `{ error: { code, message, path? } }` and the matching HTTP status. */
export class HubError extends Error {
  constructor(
    readonly code: HubErrorCode,
    message: string,
    readonly path?: string,
  ) {
    super(message);
    this.name = 'HubError';
  }

  get status(): number {
    return STATUS[this.code];
  }

  toBody(): HubErrorBody {
    return { error: this.path === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, path: this.path } };
  }
}
