import { describe, expect, it } from 'vitest';
import { ChangeRecord, choosesHosts, chosenHostCount, procedureLanguage, resolveTargets, type BookHost } from '../../../shared/changes';

const book: BookHost[] = [
  { name: 'acc-1', tags: ['accounting'], site: 'Lyon', osFamily: 'linux' },
  { name: 'acc-2', tags: ['accounting', 'floor2'], site: 'Paris', osFamily: 'linux' },
  { name: 'acc-win', tags: ['accounting'], site: 'Lyon', osFamily: 'windows' },
  { name: 'lab', tags: [], osFamily: 'unknown' },
];
const pick = (hosts: string[], tags: string[] = [], sites: string[] = []) => resolveTargets({ hosts, tags, sites }, book);

describe('choosing a change’s hosts by name, tag and site', () => {
  it('named hosts first as written, then the book’s hosts by tag or site, each once', () => {
    const { hosts, unmatched } = pick(['lab', 'acc-2'], ['floor2'], ['LYON ']);
    expect(hosts.map((h) => [h.host, h.via])).toEqual([
      ['lab', { kind: 'name' }],
      ['acc-2', { kind: 'name' }],
      ['acc-1', { kind: 'site', value: 'LYON ' }],
      ['acc-win', { kind: 'site', value: 'LYON ' }],
    ]);
    expect(unmatched).toEqual([]);
  });

  it('a tag wins over a site as the reason a host was chosen', () => {
    expect(pick([], ['accounting'], ['Lyon']).hosts.map((h) => h.via)).toEqual([
      { kind: 'tag', value: 'accounting' },
      { kind: 'tag', value: 'accounting' },
      { kind: 'tag', value: 'accounting' },
    ]);
  });

  it('says why a host is skipped: not in the book, listed twice, a Windows host for an sh script', () => {
    const { hosts } = pick(['ghost', 'acc-1', 'acc-1', 'acc-win']);
    expect(hosts.map((h) => [h.host, h.skipped])).toEqual([
      ['ghost', 'not in the host book'],
      ['acc-1', null],
      ['acc-1', 'listed twice'],
      ['acc-win', 'a Windows host: this procedure is an sh script'],
    ]);
  });

  it('names the tags and sites that chose nothing; tags match exactly, sites whatever their case', () => {
    expect(pick([], ['Accounting', 'floor2'], ['Marseille', 'paris']).unmatched).toEqual(['no host has the tag "Accounting"', 'no host is at the site "Marseille"']);
  });

  it('a change chooses hosts when it names one, a tag or a site; the record refuses an empty tag', () => {
    expect(choosesHosts({ hosts: [], tags: [], sites: [] })).toBe(false);
    expect(choosesHosts({ hosts: [], tags: [], sites: ['Lyon'] })).toBe(true);
    const base = { type: 'normal', risk: 'low', plan: 'p', testPlan: 't', rollbackPlan: 'r' } as const;
    expect(ChangeRecord.parse(base)).toMatchObject({ tags: [], sites: [] });
    const bad = ChangeRecord.safeParse({ ...base, tags: ['  '] });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]).toMatchObject({ path: ['tags', 0], message: 'a tag must not be empty' });
  });
});

describe('what a change chooses, counted and by language', () => {
  it('counts the hosts chosen by name, tag and site, each once, as the preview lists them', () => {
    // lab by name, acc-2 by name and by tag (once), acc-1 and acc-win by site, and a name not in the book.
    expect(chosenHostCount({ hosts: ['lab', 'acc-2', 'ghost', 'lab'], tags: ['floor2'], sites: ['lyon'] }, book)).toBe(5);
    expect(chosenHostCount({ hosts: [], tags: ['nobody'], sites: [] }, book)).toBe(0);
  });

  it('a checklist procedure skips Windows hosts: its probes are Linux scripts', () => {
    const { hosts } = resolveTargets({ hosts: [], tags: ['accounting'], sites: [] }, book, procedureLanguage({ shell: 'sh', checklist: { id: 'x', version: 1 } }));
    expect(hosts.map((h) => [h.host, h.skipped])).toEqual([
      ['acc-1', null],
      ['acc-2', null],
      ['acc-win', 'a Windows host: this procedure is a checklist whose probes are Linux scripts'],
    ]);
  });
});
