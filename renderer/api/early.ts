import type { CallName } from '../../shared/contract';
import { HTTP_CALL_PREFIX } from '../../shared/contract/wire';
import { firstQueueView, queuePageInput } from '../views/queue/first-page';
import { pageSession, preloadBridge } from './serve-session';

/**
 * Serve mode: the session and the boot's first calls are asked for as soon as the page's script starts to
 * run (main.tsx imports this module before anything else), so the core answers them while the rest of the
 * script is evaluated (0.7 s at load 9) instead of after it (docs/performance.md, session 9). The boot's
 * first call of each name, with the same input, takes the answer (transport.ts); the boot then drops what
 * was not taken, and every later call asks anew.
 */
const started = new Map<string, { input: string; answer: Promise<Response> }>();

function ask(name: CallName, input: unknown, bearer: string): void {
  const body = JSON.stringify(input);
  // Sent now: a request chained after the session's trade would leave only once the script has run.
  const answer = fetch(`${HTTP_CALL_PREFIX}${encodeURIComponent(name)}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` }, body, credentials: 'omit' });
  // Taken or not, a refusal is for the transport to report to whoever takes it.
  answer.catch(() => undefined);
  started.set(name, { input: body, answer });
}

/** The answer asked for at start to this call, once; undefined when there is none (or no longer). */
export function takeEarly(name: string, input: unknown): Promise<Response> | undefined {
  const early = started.get(name);
  if (!early || early.input !== JSON.stringify(input ?? {})) return undefined;
  started.delete(name);
  return early.answer;
}

/** After the boot: what was not taken is not for later calls, whose data may have changed since. */
export function dropEarly(): void {
  started.clear();
}

const session = preloadBridge() ? undefined : pageSession();
const bearer = session?.bearerNow();
if (session && bearer !== undefined) {
  // The trade for the tab's own token starts now too, beside the calls.
  session.token().catch(() => undefined);
  ask('settings.get', {}, bearer);
  ask('store.state', {}, bearer);
  const queue = firstQueueView();
  if (queue) ask('tickets.query', queuePageInput(queue.filter, queue.sort, 0), bearer);
}
