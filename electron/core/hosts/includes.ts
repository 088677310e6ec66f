import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { builtinSshConfigParser, patternMatches, splitWords, type SshConfigBlock } from './ssh-config';

/** OpenSSH's own limit on nested Include. */
const MAX_DEPTH = 16;

/**
 * The blocks of a config with every `Include` read in place, as OpenSSH reads them: relative paths are
 * under `~/.ssh`, a glob in the file name picks every match in name order, a missing file is skipped.
 * Lines after an Include inside a Host or Match block go on belonging to that block.
 */
export function blocksWithIncludes(text: string, home: string, depth = 0): SshConfigBlock[] {
  const out: SshConfigBlock[] = [];
  for (const block of builtinSshConfigParser.parse(text)) {
    let current: SshConfigBlock = { ...block, options: [] };
    out.push(current);
    for (const option of block.options) {
      if (option.key !== 'include') {
        current.options.push(option);
        continue;
      }
      if (depth >= MAX_DEPTH) continue;
      for (const file of splitWords(option.value).flatMap((word) => includedFiles(word, home))) {
        let included: string;
        try {
          included = readFileSync(file, 'utf8');
        } catch {
          continue;
        }
        const [lead, ...rest] = blocksWithIncludes(included, home, depth + 1);
        // The included file's leading options sit under the including block's condition.
        if (lead) current.options.push(...lead.options);
        out.push(...rest);
        if (rest.length > 0) {
          current = { ...block, options: [] };
          out.push(current);
        }
      }
    }
  }
  return out;
}

function includedFiles(word: string, home: string): string[] {
  const expanded = word === '~' ? home : word.startsWith('~/') ? join(home, word.slice(2)) : word;
  const path = isAbsolute(expanded) ? expanded : join(home, '.ssh', expanded);
  const name = basename(path);
  if (!/[*?]/.test(name)) return [path];
  try {
    return readdirSync(dirname(path))
      .filter((entry) => !entry.startsWith('.') || name.startsWith('.'))
      .filter((entry) => patternMatches(name, entry))
      .sort()
      .map((entry) => join(dirname(path), entry));
  } catch {
    return [];
  }
}
