import type { z } from 'zod';
import { hintKey, said, type ProblemText } from './text';

type Path = (string | number)[];

/** One zod issue as the validators report it: where (an unknown key names the key itself) and what. */
export interface DescribedIssue {
  readonly path: Path;
  readonly message: string;
  readonly text: ProblemText;
}

/**
 * Turns zod's issue codes into problem keys with their parameters (messages.en.ts / .fr.ts): the one place
 * where the checklist and plan validators word a schema problem. `input` is the document that was parsed:
 * it gives the value actually found, which zod 4 leaves out of its issues.
 */
export function describeIssue(issue: z.core.$ZodIssue, input: unknown, options: { probe?: string } = {}): DescribedIssue {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => `"${k}"`).join(', ');
    const words = options.probe ? said('unknownArgs', { probe: options.probe, keys }) : said(issue.keys.length > 1 ? 'unknownFields' : 'unknownField', { keys });
    return { path: [...path, issue.keys.join(',')], ...words };
  }
  return { path, ...words(issue, valueAt(input, path)) };
}

function words(issue: z.core.$ZodIssue, found: unknown) {
  const hinted = hintKey(issue.message);
  if (hinted) return said(hinted);
  switch (issue.code) {
    case 'invalid_type':
      return found === undefined ? said('required', { expected: issue.expected }) : said('invalidType', { expected: issue.expected, received: typeName(found) });
    case 'invalid_value':
      if (found === undefined) return said('required', { expected: issue.values.map((v) => JSON.stringify(v)).join(', ') });
      return said('oneOf', { values: issue.values.map((v) => JSON.stringify(v)).join(', '), received: shortJson(found) });
    case 'too_small':
      return tooSmall(issue);
    case 'too_big':
      if (issue.origin === 'string') return said('tooBigString', { maximum: Number(issue.maximum) });
      if (issue.origin === 'array' || issue.origin === 'set') return said('tooBigArray', { maximum: Number(issue.maximum) });
      return said('tooBigNumber', { maximum: Number(issue.maximum) });
    case 'invalid_format':
      return said('badFormat', { pattern: issue.pattern ?? issue.format });
    case 'not_multiple_of':
      return said('notMultiple', { divisor: Number(issue.divisor) });
    case 'invalid_union':
      if (issue.path.at(-1) === 'kind' && issue.errors.length === 0) return said('stepKind');
      return said('noneOf');
    case 'custom': {
      const key = issue.params?.key;
      if (typeof key === 'string' && key.startsWith('hint')) return said(key as Parameters<typeof said>[0], (issue.params?.values ?? {}) as Record<string, string | number>);
      return said('invalid', { detail: issue.message });
    }
    default:
      return said('invalid', { detail: issue.message });
  }
}

function tooSmall(issue: z.core.$ZodIssueTooSmall) {
  const minimum = Number(issue.minimum);
  if (issue.origin === 'string') return minimum <= 1 ? said('tooSmallString') : said('tooSmallStringN', { minimum });
  if (issue.origin === 'array' || issue.origin === 'set') return said('tooSmallArray', { minimum });
  return said(issue.inclusive === false ? 'tooSmallNumberExclusive' : 'tooSmallNumber', { minimum });
}

function valueAt(input: unknown, path: Path): unknown {
  let at = input;
  for (const key of path) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string | number, unknown>)[key];
  }
  return at;
}

/** zod's type names, so one catalogue entry (`type_<name>`) words both expected and received. */
function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function shortJson(value: unknown): string {
  const text = value === undefined ? 'nothing' : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
