import { open } from 'node:fs/promises';
import { unavailableReading, type Reading } from '../../../shared/checklists';
import { requireTool, shq, unavailableFrom, unavailableLine } from './shell';
import type { ProbeImpl } from './types';

interface GrepArgs {
  source: string;
  pattern: string;
  unit?: string;
  since_hours: number;
  ignore_case: boolean;
  max_lines: number;
  max_bytes: number;
}

const MAX_LINE = 4096;

/** Matches the pattern over the bounded tail; the regex runs here, the same way locally and remotely. */
function grepReading(text: string, args: GrepArgs, cut: boolean): Reading {
  let lines = text.split('\n');
  if (cut) lines = lines.slice(1); // the first line may have been cut by the byte bound
  if (lines.at(-1) === '') lines.pop();
  const truncated = cut || lines.length >= args.max_lines;
  lines = lines.slice(-args.max_lines);
  const regex = new RegExp(args.pattern, args.ignore_case ? 'i' : '');
  const matches = lines.filter((line) => regex.test(line.length > MAX_LINE ? line.slice(0, MAX_LINE) : line));
  return { available: true, matches: matches.length, lines_scanned: lines.length, truncated, sample: matches.slice(-10).map((l) => l.slice(0, 500)) };
}

export const logGrep: ProbeImpl<GrepArgs> = {
  name: 'log.grep',
  linux: (args) => {
    const bound = `tail -n ${args.max_lines} | tail -c ${args.max_bytes}`;
    if (args.source === 'journal') {
      const unit = args.unit ? ` -u ${shq(args.unit)}` : '';
      return [
        requireTool('journalctl'),
        `journalctl -n 1 -q --no-pager 2>/dev/null | grep -q . || { ${unavailableLine('journal_unreadable')}; }`,
        `echo '@@log'; journalctl${unit} --since=-${Math.ceil(args.since_hours)}h -q --no-pager -o short-iso 2>/dev/null | ${bound}`,
      ].join('\n');
    }
    const file = shq(args.source);
    return `[ -r ${file} ] || { ${unavailableLine('cannot_read', { what: args.source })}; }\necho '@@log'; tail -n ${args.max_lines} -- ${file} | tail -c ${args.max_bytes}`;
  },
  parse(output, args) {
    const na = unavailableFrom(output);
    if (na) return na;
    const at = output.stdout.indexOf('@@log\n');
    if (at < 0) return unavailableReading('cannot_read', { what: args.source, detail: output.stderr.trim().slice(0, 200) });
    const text = output.stdout.slice(at + 6);
    return grepReading(text, args, Buffer.byteLength(text) >= args.max_bytes);
  },
  async local(args) {
    if (args.source === 'journal') return null;
    let handle;
    try {
      handle = await open(args.source, 'r');
    } catch (error) {
      return { reading: unavailableReading('cannot_read', { what: args.source, detail: (error as NodeJS.ErrnoException).code ?? (error as Error).message }), raw: String(error) };
    }
    try {
      const { size } = await handle.stat();
      const length = Math.min(size, args.max_bytes);
      const buffer = Buffer.alloc(length);
      await handle.read(buffer, 0, length, size - length);
      const text = buffer.toString('utf8');
      return { reading: grepReading(text, args, size > length), raw: text.slice(-4096) };
    } finally {
      await handle.close();
    }
  },
};
