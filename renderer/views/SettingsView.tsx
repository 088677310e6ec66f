import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Settings } from '../../shared/contract';
import { useCall, useCallMutation } from '../api/client';
import { effectiveLanguage, setLanguage } from '../i18n';
import { applyTheme } from '../theme';
import { ErrorNotice } from '../shell/ErrorNotice';
import { SyncCard } from './sync/SyncCard';
import { CategoriesCard } from './settings/CategoriesCard';
import { SlaCard } from './settings/SlaCard';
import { LevelField } from './settings/LevelField';

function Field({ label, children }: { label: string; children: (id: string) => React.ReactNode }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children(id)}
    </div>
  );
}

export function SettingsView() {
  const { t } = useTranslation();
  const info = useCall('app.info', {});
  const settings = useCall('settings.get', {});
  const update = useCallMutation('settings.update', ['settings.get', 'settings.level']);

  const change = async (patch: Partial<Settings>) => {
    const next = await update.mutateAsync(patch);
    if (patch.language) await setLanguage(effectiveLanguage(next.language));
    if (patch.theme) applyTheme(next.theme);
  };

  return (
    <section className="view" aria-labelledby="view-title">
      <header className="view-header">
        <h1 id="view-title">{t('settings.title')}</h1>
      </header>
      {update.error && <ErrorNotice error={update.error} />}
      <div className="cards">
        <section className="card" aria-labelledby="appearance-title">
          <h2 id="appearance-title">{t('settings.appearance')}</h2>
          {settings.data && (
            <>
              <Field label={t('settings.language')}>
                {(id) => (
                  <select
                    id={id}
                    value={settings.data.language}
                    onChange={(event) => void change({ language: event.target.value as Settings['language'] })}
                  >
                    <option value="system">{t('settings.system')}</option>
                    <option value="fr">{t('settings.french')}</option>
                    <option value="en">{t('settings.english')}</option>
                  </select>
                )}
              </Field>
              <Field label={t('settings.theme')}>
                {(id) => (
                  <select
                    id={id}
                    value={settings.data.theme}
                    onChange={(event) => void change({ theme: event.target.value as Settings['theme'] })}
                  >
                    <option value="system">{t('settings.system')}</option>
                    <option value="light">{t('settings.light')}</option>
                    <option value="dark">{t('settings.dark')}</option>
                  </select>
                )}
              </Field>
              <LevelField onChange={change} />
            </>
          )}
        </section>
        <SyncCard />
        <SlaCard />
        <CategoriesCard />
        <section className="card" aria-labelledby="about-title">
          <h2 id="about-title">{t('settings.about')}</h2>
          {info.error && <ErrorNotice error={info.error} />}
          {info.data && (
            <dl className="facts">
              <dt>{t('settings.version')}</dt>
              <dd data-testid="app-version">{info.data.version}</dd>
              <dt>{t('settings.dataFolder')}</dt>
              <dd>
                <code data-testid="data-dir">{info.data.dataDir}</code>
              </dd>
              <dt>{t('settings.schemaVersion')}</dt>
              <dd data-testid="schema-version">{info.data.schemaVersion}</dd>
              <dt>{t('settings.runtime')}</dt>
              <dd>{info.data.runtime}</dd>
              <dt>{t('settings.platform')}</dt>
              <dd>{info.data.platform}</dd>
            </dl>
          )}
        </section>
      </div>
    </section>
  );
}
