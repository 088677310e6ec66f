import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Settings } from '../../../shared/contract';
import { useCall } from '../../api/client';

/**
 * The support level and where it comes from. Only the lead of this store (with no team hub giving levels)
 * gets a choice; everyone else reads it, since the core refuses a level a user gives themselves.
 */
export function LevelField({ onChange }: { onChange: (patch: Partial<Settings>) => Promise<void> }) {
  const { t } = useTranslation();
  const id = useId();
  const view = useCall('settings.level', {});
  if (!view.data) return null;
  const { level, source, lead, canChange } = view.data;
  const origin = source === 'hub' ? t('settings.levelFromHub') : lead === null ? t('settings.levelFirstUser') : canChange ? t('settings.levelYouLead') : t('settings.levelFromLead', { lead });
  return (
    <div className="field">
      {canChange ? (
        <>
          <label htmlFor={id}>{t('settings.level')}</label>
          <select id={id} value={level ?? ''} aria-describedby={`${id}-help`} onChange={(event) => void onChange({ level: (event.target.value || null) as Settings['level'], welcomed: true }).then(() => view.refetch())}>
            <option value="">—</option>
            {(['N1', 'N2', 'N3'] as const).map((l) => (
              <option key={l} value={l}>
                {t(`firstRun.levels.${l}`)}
              </option>
            ))}
          </select>
        </>
      ) : (
        <>
          <span className="label">{t('settings.level')}</span>
          <p className="level-readonly">
            <strong>{level ? t(`firstRun.levels.${level}`) : t('settings.levelNone')}</strong>
          </p>
        </>
      )}
      <p id={`${id}-help`} className="muted small">
        {origin} {t('settings.levelHelp')}
      </p>
    </div>
  );
}
