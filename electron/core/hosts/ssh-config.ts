/**
 * A small reader for OpenSSH client config (`~/.ssh/config`), used for the list of Host names and, where no
 * OpenSSH client is installed, as the fallback that resolves them. It reads the structure only (blocks and
 * keyword/value pairs); what the values mean is decided by config-import.ts. The interface lets a
 * maintained parser (the `ssh-config` package) replace this one without touching the import logic.
 */

export interface SshConfigOption {
  /** Lower-cased keyword (`hostname`, `identityfile`). */
  key: string;
  value: string;
  line: number;
}

export interface SshConfigBlock {
  /** `global` holds options before the first Host/Match line. */
  kind: 'global' | 'host' | 'match';
  /** Host patterns (`web-*`, `!bastion`); the raw criteria for `match`. */
  patterns: string[];
  line: number;
  options: SshConfigOption[];
}

export interface SshConfigParser {
  parse(text: string): SshConfigBlock[];
}

/** Splits a value into words, honouring double quotes (`IdentityFile "~/my keys/id"`). */
export function splitWords(value: string): string[] {
  const words: string[] = [];
  let current = '';
  let quoted = false;
  let inWord = false;
  for (const ch of value) {
    if (ch === '"') {
      quoted = !quoted;
      inWord = true;
    } else if (!quoted && /\s/.test(ch)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += ch;
      inWord = true;
    }
  }
  if (inWord) words.push(current);
  return words;
}

/**
 * The value without a trailing comment: as OpenSSH splits arguments, an unquoted `#` that starts a word
 * ends the line (`Host pi  # Raspberry Pi` names one host, `pi`), while `a#b` stays one word.
 */
export function stripComment(value: string): string {
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (ch === '"') quoted = !quoted;
    else if (ch === '#' && !quoted && (i === 0 || /\s/.test(value[i - 1] ?? ''))) return value.slice(0, i).trim();
  }
  return value.trim();
}

export const builtinSshConfigParser: SshConfigParser = {
  parse(text) {
    const blocks: SshConfigBlock[] = [{ kind: 'global', patterns: [], line: 0, options: [] }];
    const lines = text.split(/\r?\n/);
    for (let i = 0; i < lines.length; i++) {
      const raw = (lines[i] ?? '').trim();
      if (raw === '' || raw.startsWith('#')) continue;
      // `Keyword value`, `Keyword=value` or `Keyword = value`.
      const match = /^([A-Za-z][A-Za-z0-9]*)\s*(?:=\s*|\s+)(.*)$/.exec(raw);
      if (!match) continue;
      const key = (match[1] ?? '').toLowerCase();
      const value = stripComment(match[2] ?? '');
      if (key === 'host' || key === 'match') {
        blocks.push({ kind: key, patterns: key === 'host' ? splitWords(value) : [value], line: i + 1, options: [] });
        continue;
      }
      blocks.at(-1)!.options.push({ key, value, line: i + 1 });
    }
    return blocks;
  },
};

/** OpenSSH's pattern syntax: `*` and `?` wildcards. */
export function patternMatches(pattern: string, name: string): boolean {
  const regex = new RegExp(
    `^${pattern
      .split('')
      .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
      .join('')}$`,
    'i',
  );
  return regex.test(name);
}

/** Whether a Host line's patterns select `name` (a negated pattern that matches excludes it). */
export function hostLineMatches(patterns: readonly string[], name: string): boolean {
  let matched = false;
  for (const pattern of patterns) {
    if (pattern.startsWith('!')) {
      if (patternMatches(pattern.slice(1), name)) return false;
    } else if (patternMatches(pattern, name)) {
      matched = true;
    }
  }
  return matched;
}
