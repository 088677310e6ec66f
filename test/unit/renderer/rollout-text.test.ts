import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { en } from '../../../renderer/i18n/en';
import { fr } from '../../../renderer/i18n/fr';
import { outcomeText, waveText } from '../../../renderer/views/changes/rollout-text';

const result = (host: string, outcome: 'succeeded' | 'failed', phase: 'run' | 'verify' | 'rollback' = 'run') => ({ eventId: host + phase, at: '', runId: 'r', host, phase, outcome, exitCode: null, output: '', reason: null, wave: 1 });

async function texts(lng: 'en' | 'fr') {
  const i18n = i18next.createInstance();
  await i18n.init({ lng, resources: { en: { translation: en }, fr: { translation: fr } }, interpolation: { escapeValue: false } });
  const ok = [result('a', 'succeeded')];
  return [
    outcomeText(i18n.t, { outcome: 'completed', results: ok }),
    outcomeText(i18n.t, { outcome: 'completed', results: [...ok, result('b', 'failed')] }),
    // A host failing its run then its rollback still counts once; a failed rollback is not a failure of the rollout.
    outcomeText(i18n.t, { outcome: 'completed', results: [result('b', 'failed'), result('c', 'failed', 'verify'), result('b', 'failed', 'rollback')] }),
    outcomeText(i18n.t, { outcome: 'stopped', results: [result('b', 'failed')] }),
  ];
}

describe('the rollout heading', () => {
  it('says "Completed" only when no host failed, else how many, with plural rules in both languages', async () => {
    expect(await texts('en')).toEqual(['Completed', 'Completed with 1 failure', 'Completed with 2 failures', 'Stopped']);
    expect(await texts('fr')).toEqual(['Terminé', 'Terminé avec 1 échec', 'Terminé avec 2 échecs', 'Arrêté']);
  });

  it('a rollback row has no wave number', () => {
    expect(waveText({ phase: 'rollback', wave: 0 })).toBe('–');
    expect(waveText({ phase: 'run', wave: 0 })).toBe('0');
  });
});
