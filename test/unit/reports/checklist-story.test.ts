import { describe, expect, it } from 'vitest';
import { unavailableFrom, requireTool } from '../../../electron/core/probes/shell';
import { checklistStory, type StepInfo } from '../../../shared/reports';
import type { ChecklistResult } from '../../../shared/tickets';

const GIB = 1024 ** 3;
const STEPS: Record<string, StepInfo> = {
  since: {
    label: { fr: 'Depuis quand l’ordinateur est-il lent ?', en: 'Since when has the computer been slow?' },
    answers: [
      { fr: 'Depuis une mise à jour', en: 'Since an update' },
      { fr: 'Depuis toujours', en: 'Always' },
    ],
  },
  disk: { label: { fr: 'Espace libre', en: 'Free space' }, probe: 'disk.free' },
  temp: { label: { fr: 'Température du processeur', en: 'CPU temperature' }, probe: 'cpu.temperature' },
  smart: { label: { fr: 'Santé du disque', en: 'Disk health' }, probe: 'disk.smart' },
  clean: { label: { fr: 'Videz la corbeille.', en: 'Empty the recycle bin.' } },
  reboot: { label: { fr: 'Redémarrez.', en: 'Restart.' } },
  done: { label: { fr: 'Disque plein.', en: 'Disk full.' }, diagnosis: { fr: 'Disque plein.', en: 'Disk full.' } },
};

let n = 0;
function rec(stepId: string, fields: Partial<ChecklistResult>): ChecklistResult {
  n++;
  return { eventId: `e${n}`, at: `${n}`, actor: 'tech', device: 'd', checklistId: 'slow', checklistVersion: 1, stepId, outcome: 'info', runId: 'run-1', ...fields };
}

/** A run as the wizard records it, including what a reader must not see: the start mark, a back, a skip. */
const RUN: ChecklistResult[] = [
  rec('since', { mark: { kind: 'start' }, label: { fr: 'Ordinateur lent', en: 'Slow computer' } }),
  rec('since', { mark: { kind: 'answer', stepId: 'since', answer: 1 }, label: { fr: 'Depuis toujours', en: 'Always' } }),
  rec('since', { mark: { kind: 'back' } }),
  rec('since', { mark: { kind: 'answer', stepId: 'since', answer: 0 }, label: { fr: 'Depuis une mise à jour', en: 'Since an update' } }),
  rec('disk', {
    outcome: 'warn',
    reading: 'free_bytes=25276182528, size_bytes=128849018880',
    mark: { kind: 'probe', stepId: 'disk', result: 'warn', reading: { available: true, mount: '/', size_bytes: 120 * GIB, free_bytes: 25276182528, free_percent: 19.6, used_percent: 80.4 } },
  }),
  rec('temp', { mark: { kind: 'probe', stepId: 'temp', result: 'unavailable', reading: { available: false, reason: 'no CPU temperature sensor exposed', code: 'no_cpu_sensor' } } }),
  // A reading stored before codes existed keeps its own words.
  rec('smart', { mark: { kind: 'probe', stepId: 'smart', result: 'unavailable', reading: { available: false, reason: 'smartctl gave no readable output' } } }),
  rec('reboot', { outcome: 'skipped', mark: { kind: 'skipped', stepId: 'reboot', reason: 'user busy' } }),
  rec('clean', { outcome: 'pass', mark: { kind: 'instruction', stepId: 'clean', outcome: 'done' } }),
  rec('done', { mark: { kind: 'applied' }, label: { fr: 'Disque plein.', en: 'Disk full.' } }),
];

const lookup = (_c: string, _v: number, stepId: string) => STEPS[stepId];

describe('a checklist run told to a reader', () => {
  it('in French: each question once with the answer taken, readings in units, no marks, no skipped step', () => {
    const story = checklistStory(RUN, lookup, 'fr');
    expect(story.map((l) => [l.kind, l.step, l.outcome, l.detail])).toEqual([
      ['question', 'Depuis quand l’ordinateur est-il lent ?', 'Depuis une mise à jour', ''],
      ['probe', 'Espace libre', 'à surveiller', '23,5 Gio libres sur 120 Gio (19,6 %), point de montage : /'],
      ['probe', 'Température du processeur', 'non mesuré', 'non disponible : aucun capteur de température du processeur (machine virtuelle ou pilote absent)'],
      ['probe', 'Santé du disque', 'non mesuré', 'non disponible : smartctl gave no readable output'],
      ['instruction', 'Videz la corbeille.', 'fait', ''],
      ['conclusion', 'Conclusion', 'Disque plein.', ''],
    ]);
    const text = JSON.stringify(story);
    expect(text).not.toMatch(/total_bytes=|size_bytes=|free_bytes=/);
    expect(text).not.toContain('Ordinateur lent');
    expect(text).not.toContain('Redémarrez');
  });

  it('in English, from the same records', () => {
    const story = checklistStory(RUN, lookup, 'en');
    expect(story[0]).toMatchObject({ step: 'Since when has the computer been slow?', outcome: 'Since an update' });
    expect(story[1]?.detail).toBe('23.5 GiB free of 120 GiB (19.6 %), mount point: /');
    expect(story[2]?.detail).toBe('not available: no CPU temperature sensor exposed (virtual machine or missing driver)');
    expect(story).toHaveLength(6);
  });

  it('reads temperatures, counts and booleans in words', () => {
    const story = checklistStory(
      [
        rec('temp', { mark: { kind: 'probe', stepId: 'temp', result: 'warn', reading: { available: true, temperature_c: 84.5, max_c: 91, sensors: 4 } } }),
        rec('smart', { mark: { kind: 'probe', stepId: 'smart', result: 'pass', reading: { available: true, devices_checked: 1, passed: true, failing_devices: [], reallocated_sectors: 0, pending_sectors: null } } }),
      ],
      lookup,
      'fr',
    );
    expect(story.map((l) => l.detail)).toEqual([
      'température : 84,5 °C, maximum : 91 °C, capteurs : 4',
      'disques vérifiés : 1, état SMART correct : oui, disques en défaut : aucun, secteurs réalloués : 0',
    ]);
  });

  it('a script that lacks a tool says so as a code the reader gets in their language', () => {
    const script = requireTool('smartctl', 'smartmontools');
    const line = /echo '(.*)'; exit/.exec(script)?.[1] ?? '';
    const reading = unavailableFrom({ stdout: `${line}\n`, stderr: '', exitCode: 0 });
    expect(reading).toEqual({ available: false, reason: 'smartctl is not installed (package smartmontools)', code: 'tool_missing', params: { tool: 'smartctl', package: 'smartmontools' } });
    const story = checklistStory([rec('smart', { mark: { kind: 'probe', stepId: 'smart', result: 'unavailable', reading: reading as never } })], lookup, 'fr');
    expect(story[0]?.detail).toBe('non disponible : l’outil smartctl n’est pas installé (paquet smartmontools)');
  });
});
