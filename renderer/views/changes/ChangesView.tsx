import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCall } from '../../api/client';
import { navigate, routeHref } from '../../route';
import { ErrorNotice } from '../../shell/ErrorNotice';
import { useShortcuts, type Shortcut } from '../../shortcuts';
import { ChangeDetail } from './ChangeDetail';
import { NewChangeForm } from './NewChangeForm';
import './changes.css';

/** The Changes section: the list of change records, a new one from a template, one change's page. */
export function ChangesView({ rest }: { rest: string[] }) {
  const [creating, setCreating] = useState(false);
  const shortcuts = useMemo<Shortcut[]>(() => (creating || rest[0] ? [] : [{ keys: 'n', run: () => setCreating(true) }]), [creating, rest]);
  useShortcuts(shortcuts);
  if (rest[0]) return <ChangeDetail key={rest[0]} id={rest[0]} />;
  return (
    <>
      <ChangeList onNew={() => setCreating(true)} />
      {creating && <NewChangeForm onCancel={() => setCreating(false)} onCreated={(id) => (setCreating(false), navigate('changes', id))} />}
    </>
  );
}

function ChangeList({ onNew }: { onNew: () => void }) {
  const { t } = useTranslation();
  const list = useCall('changes.list', {});
  const rows = list.data ?? [];
  return (
    <section className="view changes-view" aria-labelledby="view-title">
      <header className="view-header">
        <h1 id="view-title">{t('changes.title')}</h1>
        <button type="button" className="primary" onClick={onNew} aria-keyshortcuts="n">
          {t('changes.newChange')} <kbd>n</kbd>
        </button>
      </header>
      {list.error && <ErrorNotice error={list.error} />}
      {list.data && rows.length === 0 && <p className="muted">{t('changes.empty')}</p>}
      {rows.length > 0 && (
        <table className="changes-table" aria-label={t('changes.listLabel')}>
          <thead>
            <tr>
              <th scope="col">{t('changes.columns.ref')}</th>
              <th scope="col">{t('changes.columns.title')}</th>
              <th scope="col">{t('changes.columns.type')}</th>
              <th scope="col">{t('changes.columns.risk')}</th>
              <th scope="col">{t('changes.columns.approval')}</th>
              <th scope="col">{t('changes.columns.hosts')}</th>
              <th scope="col">{t('changes.columns.rollout')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((c) => (
              <tr key={c.id}>
                <td>
                  <a href={routeHref('changes', c.id)}>{c.ref}</a>
                </td>
                <td>{c.title}</td>
                <td>{c.type ? t(`changes.type.${c.type}`) : ''}</td>
                <td>{c.risk ? t(`changes.risk.${c.risk}`) : ''}</td>
                <td>{c.approval ? t(`changes.approval.${c.approval}`) : ''}</td>
                <td>{c.hosts}</td>
                <td>{c.lastRollout ? t(`changes.outcome.${c.lastRollout}`) : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
