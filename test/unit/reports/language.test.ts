import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../../electron/core/tickets/demo-scenarios';
import { adviceFor, guessLanguage } from '../../../shared/reports';

describe('requester language', () => {
  it('recognises every demo scenario’s language from its title and description', () => {
    for (const s of SCENARIOS) expect(guessLanguage(`${s.title}\n${s.description}`), s.title).toBe(s.lang);
  });

  it('falls back when nothing tells', () => {
    expect(guessLanguage('VPN', 'en')).toBe('en');
    expect(guessLanguage('VPN')).toBe('fr');
  });

  it('gives the most specific advice for a category, in the language asked', () => {
    expect(adviceFor('hardware/disk', 'en')).toMatch(/^Keep your documents/);
    expect(adviceFor('network/wifi', 'fr')).toMatch(/^Si la connexion coupe/);
    expect(adviceFor(null, 'fr')).toMatch(/^Si le problème se reproduit/);
  });
});
