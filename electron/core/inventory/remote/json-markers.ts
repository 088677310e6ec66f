import { parseJsonSection, remoteError } from './markers';

/** `@@atelier-inventory-json 1` / one JSON document / `@@done` (Windows collector). */
export function splitJsonDocument<T>(os: string, stdout: string): T {
  const lines = stdout.replace(/\r\n/g, '\n').split('\n').map((l) => l.trim()).filter((l) => l !== '');
  if (lines.length === 0) throw remoteError(os, 'the collector printed nothing');
  if (lines[0] !== '@@atelier-inventory-json 1') {
    throw remoteError(os, `not an Atelier inventory output (first line is "${(lines[0] ?? '').slice(0, 80)}", expected "@@atelier-inventory-json 1")`);
  }
  const end = lines.indexOf('@@done');
  if (end < 0) throw remoteError(os, 'output truncated: the end marker "@@done" is missing');
  const body = lines.slice(1, end).join('\n');
  if (!body) throw remoteError(os, 'the JSON document is missing');
  const doc = parseJsonSection<unknown>(os, 'document', body);
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw remoteError(os, 'the JSON document is not an object');
  return doc as T;
}
