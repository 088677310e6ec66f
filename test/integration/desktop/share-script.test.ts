import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { shareScript, whyNotStarted } from '../../../electron/core/desktop/sharing';

/** The share script as a host's shell runs it, with a PATH that holds only the tools it names. */
function runWith(tools: string[]): { stdout: string; stderr: string; status: number | null } {
  const bin = mkdtempSync(join(tmpdir(), 'atelier-share-bin-'));
  dirs.push(bin);
  for (const tool of tools) symlinkSync(execFileSync('sh', ['-c', `command -v ${tool}`]).toString().trim(), join(bin, tool));
  const result = spawnSync('/bin/sh', ['-c', shareScript(5900)], { input: 'one-time\n', env: { PATH: bin }, timeout: 10_000 });
  return { stdout: result.stdout.toString(), stderr: result.stderr.toString(), status: result.status };
}
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('the "Start sharing" script on a host', () => {
  it('without x11vnc, says so with the install command of the host\'s distribution', () => {
    const run = runWith(['cat']);
    expect(run.status).toBe(3);
    expect(run.stdout).toContain('ATELIER_NO_VNC');
    const error = whyNotStarted('desk', run.stdout, run.stderr);
    expect(error.code).toBe('unavailable');
    // This machine is Debian: the message carries the command to type there.
    expect(error.message).toBe('desk: no VNC server is installed (neither x11vnc nor TigerVNC\'s x0vncserver found). Install x11vnc on the host with: sudo apt-get install -y x11vnc');
  });

  it('says there is no screen to share, or why x11vnc stopped, in the words of the host', () => {
    const noDisplay = whyNotStarted('desk', 'ATELIER_NO_DISPLAY\n', '');
    expect(noDisplay.message).toMatch(/^desk: no running X display of this user was found/);
    const died = whyNotStarted('desk', 'ATELIER_DISPLAY=:3\nATELIER_EXIT=1\n', 'x11vnc: XOpenDisplay(":3") failed.\n');
    expect(died.message).toBe('desk: x11vnc stopped before serving the screen (x11vnc: XOpenDisplay(":3") failed.).');
  });
});
