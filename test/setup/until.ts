/**
 * Polls `check` until it gives a truthy value and returns it; past `timeoutMs` (room for a loaded machine),
 * fails naming `what` it was waiting for.
 */
export async function until<T>(what: string, check: () => T | undefined | null | false, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
