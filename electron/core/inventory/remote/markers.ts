import { AtelierError } from '../../../../shared/contract/errors';

export interface RawSection {
  body: string;
  rc: number;
  durationMs: number;
}
export interface RawStatus {
  code: string;
  tool?: string;
}
export interface RawOutput {
  sections: Map<string, RawSection>;
  statuses: Map<string, RawStatus>;
}

export function remoteError(os: string, message: string): AtelierError {
  return new AtelierError('invalid_input', `remote inventory (${os}): ${message}; nothing was stored`);
}

/**
 * Splits the marker format the sh collectors print (see linux-script.ts). Refuses output that is not
 * ours, is cut short (no `@@done`, a section never closed) or has a broken marker, naming the place.
 */
export function splitMarkers(os: string, stdout: string, required: readonly string[]): RawOutput {
  const lines = stdout.replace(/\r\n/g, '\n').split('\n');
  const first = lines.findIndex((l) => l.trim() !== '');
  if (first < 0) throw remoteError(os, 'the collector printed nothing');
  if (!/^@@atelier-inventory 1\s*$/.test(lines[first] ?? '')) {
    throw remoteError(os, `not an Atelier inventory output (line ${first + 1} is "${(lines[first] ?? '').slice(0, 80)}", expected "@@atelier-inventory 1")`);
  }
  const sections = new Map<string, RawSection>();
  const statuses = new Map<string, RawStatus>();
  let open: { name: string; start: number; t?: bigint; body: string[] } | undefined;
  let done = false;
  for (let i = first + 1; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (open) {
      const end = /^@@end (\S+) rc=(\d+)(?: t=(\S*))?\s*$/.exec(line);
      if (end) {
        if (end[1] !== open.name) throw remoteError(os, `line ${i + 1}: section "${open.name}" closed as "${end[1]}"`);
        const t1 = nanos(end[3]);
        const durationMs = open.t !== undefined && t1 !== undefined ? Number(t1 - open.t) / 1e6 : 0;
        sections.set(open.name, { body: open.body.join('\n').replace(/\n$/, ''), rc: Number(end[2]), durationMs: Math.max(0, durationMs) });
        open = undefined;
      } else if (line.startsWith('@@begin ') || line === '@@done') {
        throw remoteError(os, `line ${i + 1}: section "${open.name}" (from line ${open.start}) was never closed: output truncated or corrupted`);
      } else open.body.push(line);
      continue;
    }
    if (line.trim() === '') continue;
    const begin = /^@@begin (\S+)(?: t=(\S*))?\s*$/.exec(line);
    const status = /^@@status (\S+) (\S+)(?: (\S+))?\s*$/.exec(line);
    if (begin) open = { name: begin[1] ?? '', start: i + 1, t: nanos(begin[2]), body: [] };
    else if (status) statuses.set(status[1] ?? '', { code: status[2] ?? 'failed', ...(status[3] && status[3] !== '-' ? { tool: status[3] } : {}) });
    else if (line === '@@done') {
      done = true;
      break;
    } else throw remoteError(os, `line ${i + 1}: unexpected text outside a section: "${line.slice(0, 80)}"`);
  }
  if (open) throw remoteError(os, `output truncated inside section "${open.name}" (from line ${open.start})`);
  if (!done) throw remoteError(os, `output truncated: the end marker "@@done" is missing (last section read: ${[...sections.keys()].at(-1) ?? 'none'})`);
  for (const name of required) {
    if (!sections.has(name)) throw remoteError(os, `required section "${name}" is missing`);
  }
  return { sections, statuses };
}

function nanos(value: string | undefined): bigint | undefined {
  return value && /^\d+$/.test(value) ? BigInt(value) : undefined;
}

/** `KEY=value` / `KEY="value"` lines (os-release, uevent, our dmi dump). */
export function keyValues(body: string | undefined, separator = '='): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of (body ?? '').split('\n')) {
    const at = line.indexOf(separator);
    if (at <= 0) continue;
    out.set(line.slice(0, at).trim(), line.slice(at + separator.length).trim().replace(/^"(.*)"$/, '$1'));
  }
  return out;
}

export function parseJsonSection<T>(os: string, name: string, body: string): T {
  try {
    return JSON.parse(body) as T;
  } catch (error) {
    throw remoteError(os, `section "${name}" is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}
