import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCall, useCallMutation } from '../api/client';
import { Field } from '../components/Field';
import { ErrorNotice } from './ErrorNotice';

type Level = 'N1' | 'N2' | 'N3';

/**
 * Asked once, on a store where nobody said who works here: the name that signs every entry (instead of the
 * operating system's user, "root" on many machines) and the support level. Not a modal: the app stays usable,
 * and "Not now" puts it away for good (Settings keeps the name).
 */
export function FirstRun() {
  const { t } = useTranslation();
  const settings = useCall('settings.get', {});
  const save = useCallMutation('settings.update', ['settings.get', 'app.info']);
  const [name, setName] = useState('');
  const [level, setLevel] = useState<Level>('N1');
  const [tried, setTried] = useState(false);
  if (!settings.data || settings.data.welcomed || settings.data.technician !== '') return null;
  const missing = tried && name.trim() === '' ? t('firstRun.nameRequired') : undefined;
  return (
    <aside className="first-run card" aria-labelledby="first-run-title">
      <h2 id="first-run-title">{t('firstRun.title')}</h2>
      <p className="muted">{t('firstRun.why')}</p>
      <form
        className="first-run-form"
        onSubmit={(event) => {
          event.preventDefault();
          setTried(true);
          if (name.trim() === '') return;
          save.mutate({ technician: name.trim(), level, welcomed: true });
        }}
      >
        <Field label={t('firstRun.name')} error={missing}>
          {(props) => <input {...props} autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field label={t('firstRun.level')}>
          {(props) => (
            <select {...props} value={level} onChange={(e) => setLevel(e.target.value as Level)}>
              {(['N1', 'N2', 'N3'] as const).map((l) => (
                <option key={l} value={l}>
                  {t(`firstRun.levels.${l}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div className="first-run-actions">
          <button type="submit" className="primary" disabled={save.isPending}>
            {t('firstRun.save')}
          </button>
          <button type="button" onClick={() => save.mutate({ welcomed: true })} disabled={save.isPending}>
            {t('firstRun.later')}
          </button>
        </div>
      </form>
      {save.error && <ErrorNotice error={save.error} />}
    </aside>
  );
}
