import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { STORE_FILE, type Core } from '../../../electron/core';
import { CHANGE_POLL_MS } from '../../../electron/core/changes';
import { openTestCore } from '../../setup/core';
import { tempDir } from '../../setup/temp';

/** Counts `data.changed` messages from now on. */
function countChanges(core: Core): { count: () => number; stop: () => void } {
  let seen = 0;
  const stop = core.bus.subscribe((message) => {
    if (message.stream === 'data.changed') seen++;
  });
  return { count: () => seen, stop };
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until a whole second passes with no change (30 s at most: a loaded machine starts slowly). */
async function quiet(core: Core): Promise<void> {
  const changes = countChanges(core);
  try {
    for (let waited = 0, last = -1; waited < 30_000; waited += 1_000) {
      if (changes.count() === last) return;
      last = changes.count();
      await settle(1_000);
    }
    throw new Error('the store kept changing for 30 s after opening');
  } finally {
    changes.stop();
  }
}

describe('data.changed: screens follow the store, whoever writes', () => {
  let core: Core | undefined;
  afterEach(() => core?.close());

  it('says nothing while nobody writes, once after a call that writes', async () => {
    core = openTestCore(tempDir('changes-'));
    // Start-up work writes after opening: the built-in checklists (listing waits for them, 5 s after opening
    // at load 10), then whatever follows; quiet waits out the rest.
    await core.dispatch('checklists.list', {});
    await quiet(core);
    const changes = countChanges(core);
    await settle(CHANGE_POLL_MS * 4);
    expect(changes.count()).toBe(0);

    await core.dispatch('tickets.create', { kind: 'incident', title: 'Printer offline', impact: 2, urgency: 2 });
    await expect.poll(changes.count, { timeout: 5_000 }).toBe(1);
    // Reads do not count as changes.
    await core.dispatch('tickets.query', {});
    await settle(CHANGE_POLL_MS * 4);
    expect(changes.count()).toBe(1);
    changes.stop();
  });

  it('notices a commit made by another process on the same file (the CLI)', async () => {
    const dir = tempDir('changes-');
    core = openTestCore(dir);
    const changes = countChanges(core);
    const other = new Database(join(dir, STORE_FILE));
    try {
      other.prepare("INSERT INTO settings (key, value) VALUES ('probe.other-writer', '1')").run();
    } finally {
      other.close();
    }
    await expect.poll(changes.count, { timeout: 5_000 }).toBeGreaterThanOrEqual(1);
    changes.stop();
  });

  it('coalesces a burst of writes into a few messages, not one per row', async () => {
    core = openTestCore(tempDir('changes-'));
    const changes = countChanges(core);
    for (let i = 0; i < 200; i++) await core.dispatch('tickets.create', { kind: 'request', title: `Account ${i}`, impact: 3, urgency: 3 });
    await settle(CHANGE_POLL_MS * 3);
    expect(changes.count()).toBeGreaterThanOrEqual(1);
    expect(changes.count()).toBeLessThan(50);
    changes.stop();
  });
});
