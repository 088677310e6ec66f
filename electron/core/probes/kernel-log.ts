import { sections } from './shell';
import type { CommandOutput } from './types';

/**
 * A script that prints the kernel log lines matching an extended regular expression: from the journal when
 * it holds kernel lines we may read, else from dmesg, else reports unavailable. Output is bounded.
 * Sections: `== source ==` (journal | dmesg | none), `== lines ==`.
 */
export function kernelLogScript(sinceHours: number, ere: string, maxLines = 2000): string {
  const filter = `grep -E '${ere.replace(/'/g, `'\\''`)}' | tail -n ${maxLines}`;
  return [
    `if command -v journalctl >/dev/null 2>&1 && journalctl -k -b -n 1 -q --no-pager 2>/dev/null | grep -q .; then`,
    `  echo '== source =='; echo journal; echo '== lines =='`,
    `  journalctl -k --since=-${Math.ceil(sinceHours)}h -q --no-pager -o short-iso 2>/dev/null | ${filter}`,
    `elif dmesg 2>/dev/null | head -n 1 | grep -q .; then`,
    `  echo '== source =='; echo dmesg; echo '== lines =='`,
    `  dmesg 2>/dev/null | ${filter}`,
    `else`,
    `  echo '== source =='; echo none`,
    `fi`,
  ].join('\n');
}

export interface KernelLog {
  readonly source: 'journal' | 'dmesg' | 'none';
  readonly lines: string[];
}

export function parseKernelLog(output: CommandOutput): KernelLog {
  const parts = sections(output.stdout);
  const source = (parts.get('source') ?? '').trim();
  const lines = (parts.get('lines') ?? '').split('\n').filter((l) => l.trim() !== '');
  return { source: source === 'journal' || source === 'dmesg' ? source : 'none', lines };
}
