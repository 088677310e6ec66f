import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCall, useCallMutation } from '../../api/client';
import { Field } from '../../components/Field';
import { ErrorNotice } from '../../shell/ErrorNotice';

/** The category tree: add a category (or a sub-category under an existing one) or rename one. */
export function CategoriesCard() {
  const { t, i18n } = useTranslation();
  const categories = useCall('tickets.categories', {});
  const save = useCallMutation('categories.save', ['tickets.categories']);
  const [path, setPath] = useState('');
  const [fr, setFr] = useState('');
  const [en, setEn] = useState('');
  return (
    <section className="card" aria-labelledby="categories-title">
      <h2 id="categories-title">{t('settingsCategories.title')}</h2>
      <ul className="category-list">
        {(categories.data ?? []).map((c) => (
          <li key={c.path} style={{ paddingLeft: `${(c.path.split('/').length - 1) * 16}px` }}>
            <button
              type="button"
              className="link-button"
              onClick={() => {
                setPath(c.path);
                setFr(c.fr);
                setEn(c.en);
              }}
            >
              {i18n.language === 'fr' ? c.fr : c.en}
            </button>{' '}
            <code className="muted small">{c.path}</code>
          </li>
        ))}
      </ul>
      {save.error && <ErrorNotice error={save.error} />}
      <form
        className="form-grid compact"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate({ path: path.trim(), fr, en }, { onSuccess: () => { setPath(''); setFr(''); setEn(''); } });
        }}
      >
        <Field label={t('settingsCategories.path')}>{(props) => <input {...props} value={path} placeholder="hardware/dock" onChange={(e) => setPath(e.target.value)} />}</Field>
        <Field label={t('settingsCategories.fr')}>{(props) => <input {...props} value={fr} onChange={(e) => setFr(e.target.value)} />}</Field>
        <Field label={t('settingsCategories.en')}>{(props) => <input {...props} value={en} onChange={(e) => setEn(e.target.value)} />}</Field>
        <div>
          <button type="submit" className="primary" disabled={save.isPending || !path.trim() || !fr.trim() || !en.trim()}>
            {t('settingsCategories.save')}
          </button>
        </div>
      </form>
    </section>
  );
}
