import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallOutput } from '../../../shared/contract';
import { useCall, useCallMutation } from '../../api/client';
import { navigate } from '../../route';
import { useShortcuts, type Shortcut } from '../../shortcuts';
import { ErrorNotice } from '../../shell/ErrorNotice';
import { ChecklistPreview } from './ChecklistPreview';
import { DraftList } from './editor/DraftList';
import { loc, useLang } from './texts';
import { useCategoryName } from '../ticket/category-name';

type ImportResult = CallOutput<'checklists.import'> & { file: string };

/**
 * The checklist library: every checklist with its version and origin, a file import that shows each
 * problem as `file:step:field: message`, and a read-only preview. N2/N3 also see the drafts and start one:
 * n a new checklist, e the next version of the selected one. Keys: ↑/↓ or j/k select, i import.
 */
export function ChecklistsView({ selectedId }: { selectedId?: string | undefined }) {
  const { t } = useTranslation();
  const categoryName = useCategoryName();
  const lang = useLang();
  const list = useCall('checklists.list', {});
  const importer = useCallMutation('checklists.import', ['checklists.list', 'checklists.get', 'checklists.drafts']);
  const [result, setResult] = useState<ImportResult | undefined>();
  const fileInput = useRef<HTMLInputElement>(null);
  const rows = useRef<HTMLTableSectionElement>(null);
  const items = useMemo(() => [...(list.data ?? [])].sort((a, b) => loc(a.title, lang).localeCompare(loc(b.title, lang), lang)), [list.data, lang]);
  const index = Math.max(0, items.findIndex((c) => c.id === selectedId));
  const selected = selectedId ? items.find((c) => c.id === selectedId) : undefined;
  const doc = useCall('checklists.get', { id: selected?.id ?? '-' }, { enabled: selected !== undefined });
  const settings = useCall('settings.get', {});
  const author = settings.data?.level === 'N2' || settings.data?.level === 'N3';
  const newDraft = useCallMutation('checklists.newDraft', ['checklists.drafts']);
  const startDraft = async (from?: string) => {
    const draft = await newDraft.mutateAsync(from ? { from } : {}).catch(() => undefined);
    if (draft) navigate('checklists', 'draft', draft.id);
  };

  const select = (i: number) => {
    const item = items[Math.min(Math.max(i, 0), items.length - 1)];
    if (!item) return;
    navigate('checklists', item.id);
    rows.current?.querySelectorAll<HTMLTableRowElement>('tr')[items.indexOf(item)]?.focus();
  };
  const shortcuts = useMemo<Shortcut[]>(
    () => [
      { keys: 'ArrowDown', run: () => select(selected ? index + 1 : 0) },
      { keys: 'j', run: () => select(selected ? index + 1 : 0) },
      { keys: 'ArrowUp', run: () => select(index - 1) },
      { keys: 'k', run: () => select(index - 1) },
      ...(author
        ? [
            { keys: 'i', run: () => fileInput.current?.click() },
            { keys: 'n', run: () => void startDraft() },
            { keys: 'e', run: () => void (selected && startDraft(selected.id)) },
          ]
        : []),
    ],
    [items, index, selected, author],
  );
  useShortcuts(shortcuts);

  const importFile = async (file: File) => {
    setResult(undefined);
    const yaml = await file.text();
    const out = await importer.mutateAsync({ yaml, source: file.name }).catch(() => undefined);
    if (out) setResult({ ...out, file: file.name });
    if (out?.ok && out.draftId) navigate('checklists', 'draft', out.draftId);
    else if (out?.ok && out.id) navigate('checklists', out.id);
  };

  return (
    <section className="view checklists-view" aria-labelledby="view-title">
      <header className="view-header">
        <h1 id="view-title">{t('checklists.title')}</h1>
        <div className="actions">
          {author && (
            <>
              <button type="button" onClick={() => void startDraft()} aria-keyshortcuts="N">
                {t('checklists.drafts.newChecklist')} <kbd>n</kbd>
              </button>
              {selected && (
                <button type="button" onClick={() => void startDraft(selected.id)} aria-keyshortcuts="E" title={t('checklists.drafts.editHint')}>
                  {t('checklists.drafts.edit')} <kbd>e</kbd>
                </button>
              )}
            </>
          )}
          {author && (
            <button type="button" className="primary" onClick={() => fileInput.current?.click()} aria-keyshortcuts="I" title={t('checklists.importForAuthors')}>
              {t('checklists.import')} <kbd>i</kbd>
            </button>
          )}
        </div>
        <input
          ref={fileInput}
          type="file"
          accept=".yaml,.yml,application/yaml,text/yaml"
          hidden
          aria-label={t('checklists.importHint')}
          tabIndex={-1}
          onChange={(event) => {
            const file = event.target.files?.[0];
            event.target.value = '';
            if (file) void importFile(file);
          }}
        />
      </header>
      <p className="muted">{t('checklists.intro')}</p>
      {author && <DraftList />}
      {newDraft.error && <ErrorNotice error={newDraft.error} />}
      {result && <ImportReport result={result} />}
      {importer.error && <ErrorNotice error={importer.error} />}
      {list.error && <ErrorNotice error={list.error} />}
      <div className="checklists-layout">
        <table className="hosts-table checklists-table">
          <thead>
            <tr>
              <th scope="col">{t('checklists.columns.title')}</th>
              <th scope="col">{t('checklists.columns.version')}</th>
              <th scope="col">{t('checklists.columns.origin')}</th>
              <th scope="col">{t('checklists.columns.categories')}</th>
            </tr>
          </thead>
          <tbody ref={rows}>
            {items.map((c) => (
              <tr
                key={c.id}
                tabIndex={0}
                className={c.id === selected?.id ? 'selected' : undefined}
                aria-selected={c.id === selected?.id}
                onClick={() => navigate('checklists', c.id)}
                onKeyDown={(event) => {
                  if (event.key === 'Enter') navigate('checklists', c.id);
                }}
              >
                <td>
                  <strong>{loc(c.title, lang)}</strong>
                  <br />
                  <code className="small muted">{c.id}</code>
                </td>
                <td>
                  v{c.version}
                  {c.versions.length > 1 && <span className="muted small"> ({t('checklists.olderVersions', { versions: c.versions.slice(1).map((v) => `v${v}`).join(', ') })})</span>}
                </td>
                <td>
                  {t(`checklists.origin.${c.origin}`)}
                  {c.source && c.origin !== 'builtin' && c.origin !== 'editor' && <span className="muted small"> · {c.source}</span>}
                  {c.publishedBy && <span className="muted small"> · {t('checklists.drafts.by', { author: c.publishedBy })}</span>}
                </td>
                <td className="small" title={c.categories.join(', ')}>{c.categories.map(categoryName).join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="checklists-side">
          {list.data && items.length === 0 && <p className="muted">{t('checklists.empty')}</p>}
          {doc.data && selected ? <ChecklistPreview doc={doc.data} /> : <p className="muted">{t('checklists.previewHint')}</p>}
          {doc.error && <ErrorNotice error={doc.error} />}
        </div>
      </div>
    </section>
  );
}

function ImportReport({ result }: { result: ImportResult }) {
  const { t } = useTranslation();
  if (result.ok) {
    return (
      <p className="notice notice-ok" role="status">
        {t(result.status === 'unchanged' ? 'checklists.importedSame' : 'checklists.imported', { id: result.id, version: result.version })}
      </p>
    );
  }
  return (
    <div className="notice notice-error import-problems" role="alert">
      <strong>{t('checklists.importFailed', { file: result.file, count: result.problems.length })}</strong>
      <ul>
        {result.problems.map((problem, i) => (
          <li key={i}>
            <code>{problem}</code>
          </li>
        ))}
      </ul>
    </div>
  );
}
