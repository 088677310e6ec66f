import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatDateTime, formatShortTime } from '../../../renderer/format';

const at = (iso: string) => new Date(iso).getTime();

describe('dates in dense lists', () => {
  beforeAll(() => i18next.init({ lng: 'en', resources: {} }));

  it('shows the time today, day and month this year, the date before, in the UI language', async () => {
    const now = at('2026-12-07T15:00:00');
    await i18next.changeLanguage('en');
    expect(formatShortTime(at('2026-12-07T09:05:00'), now)).toBe('09:05 AM');
    expect(formatShortTime(at('2026-03-05T09:05:00'), now)).toBe('Mar 5');
    expect(formatShortTime(at('2025-03-05T09:05:00'), now)).toBe('3/5/25');
    // The formatters are kept per language: switching must not reuse the English ones.
    await i18next.changeLanguage('fr');
    expect(formatShortTime(at('2026-12-07T09:05:00'), now)).toBe('09:05');
    expect(formatShortTime(at('2026-03-05T09:05:00'), now)).toBe('5 mars');
    expect(formatShortTime(at('2025-03-05T09:05:00'), now)).toBe('05/03/2025');
    expect(formatDateTime(at('2025-03-05T09:05:00'))).toBe('05/03/2025 09:05');
  });
});
