import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { SECTIONS } from '../sections';
import { SYNC_SHORTCUT } from '../views/sync/use-sync';

export function ShortcutHelp({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    dialog.current?.focus();
    return () => previous?.focus();
  }, []);
  const rows: [string, string][] = [
    ['?', t('shortcuts.help')],
    ['Esc', t('shortcuts.escape')],
    [SYNC_SHORTCUT.label, t('sync.now')],
    ...SECTIONS.map((section, index): [string, string] => [
      `g ${section.key}  ·  Alt+${index + 1}`,
      t('shortcuts.goTo', { section: t(`nav.${section.id}`) }),
    ]),
  ];
  return (
    <div className="overlay" onClick={onClose}>
      <div
        ref={dialog}
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="shortcuts-title"
        tabIndex={-1}
        onClick={(event) => event.stopPropagation()}
      >
        <h2 id="shortcuts-title">{t('shortcuts.title')}</h2>
        <table className="shortcut-table">
          <tbody>
            {rows.map(([keys, label]) => (
              <tr key={keys}>
                <td>
                  <kbd>{keys}</kbd>
                </td>
                <td>{label}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="button" onClick={onClose}>
          {t('shortcuts.close')}
        </button>
      </div>
    </div>
  );
}
