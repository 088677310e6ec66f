import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Article, ArticleFields, ArticleKind } from '../../../shared/kb';
import { hlcWallMs } from '../../../shared/tickets';
import { useCall, useCallMutation } from '../../api/client';
import { formatDateTime } from '../../format';
import { navigate, routeHref } from '../../route';
import { ErrorNotice } from '../../shell/ErrorNotice';
import { useShortcuts } from '../../shortcuts';
import { renderMarkdown } from './markdown';
import { useHubConfigured } from '../sync/use-sync';
import { CategorySelect } from '../ticket/triage-fields';

const KINDS: ArticleKind[] = ['investigation', 'resolution', 'known_error'];

/** `#/knowledge`, `#/knowledge/new`, `#/knowledge/ID`, `#/knowledge/ID/edit`. */
export function KnowledgeView({ rest }: { rest: string[] }) {
  const [id, mode] = rest;
  if (id === 'new') return <ArticleEditor key="new" />;
  if (id && mode === 'edit') return <ArticleLoader key={id} id={id} edit />;
  if (id) return <ArticleLoader key={id} id={id} />;
  return <ArticleList />;
}

function ArticleList() {
  const { t } = useTranslation();
  const hub = useHubConfigured();
  const [text, setText] = useState('');
  const [kind, setKind] = useState<ArticleKind | ''>('');
  const search = useRef<HTMLInputElement>(null);
  const list = useCall('kb.search', { ...(text.trim() ? { text } : {}), ...(kind ? { kind } : {}), limit: 100 });
  useShortcuts([
    { keys: '/', run: () => search.current?.focus() },
    { keys: 'n', run: () => navigate('knowledge', 'new') },
  ]);
  return (
    <section className="view knowledge" aria-labelledby="view-title">
      <header className="view-header">
        <h1 id="view-title">{t('knowledge.title')}</h1>
        <a className="button primary" href={routeHref('knowledge', 'new')} aria-keyshortcuts="N">
          {t('knowledge.new')} <kbd>n</kbd>
        </a>
      </header>
      <div className="reports-filters">
        <input ref={search} type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder={t('knowledge.search')} aria-label={t('knowledge.search')} aria-keyshortcuts="/" />
        <select value={kind} onChange={(e) => setKind(e.target.value as ArticleKind | '')} aria-label={t('knowledge.kindLabel')}>
          <option value="">{t('knowledge.allKinds')}</option>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`knowledge.kind.${k}`)}
            </option>
          ))}
        </select>
      </div>
      {list.error && <ErrorNotice error={list.error} />}
      {(list.data ?? []).length === 0 && !list.isLoading && <p className="muted">{t('knowledge.empty')}</p>}
      <ul className="article-list">
        {list.data?.map((a) => (
          <li key={a.id} className="card">
            <a href={routeHref('knowledge', a.id)}>
              <strong>{a.title}</strong>
            </a>
            {a.unsynced && hub && (
              <span className="flag flag-unsynced" title={t('tickets.unsynced')} data-testid="article-unsynced">
                {' '}●<span className="sr-only">{t('tickets.unsynced')}</span>
              </span>
            )}
            <span className="muted">
              {' '}
              · {t(`knowledge.kind.${a.kind}`)} · {t(`knowledge.status.${a.status}`)} · v{a.version} · {a.author}
              {a.category ? ` · ${a.category}` : ''}
            </span>
            {a.snippet && <p className="snippet">{highlight(a.snippet)}</p>}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** FTS snippet with matches between \u0002 and \u0003 -> <mark>. */
function highlight(snippet: string) {
  return snippet.split('\u0002').map((part, i) => {
    if (i === 0) return <span key={i}>{part}</span>;
    const [hit, after] = part.split('\u0003');
    return (
      <span key={i}>
        <mark>{hit}</mark>
        {after}
      </span>
    );
  });
}

function ArticleLoader({ id, edit }: { id: string; edit?: boolean }) {
  const { t } = useTranslation();
  const article = useCall('kb.get', { id });
  if (article.error) return <ErrorNotice error={article.error} />;
  if (!article.data) return <p className="muted">{t('common.loading')}</p>;
  return edit ? <ArticleEditor article={article.data} /> : <ArticlePage article={article.data} />;
}

function ArticlePage({ article }: { article: Article }) {
  const { t } = useTranslation();
  const publish = useCallMutation('kb.publish', ['kb.get', 'kb.search']);
  const html = useMemo(() => renderMarkdown(article.body), [article.body]);
  useShortcuts([{ keys: 'e', run: () => navigate('knowledge', article.id, 'edit') }]);
  const canPublish = article.status !== 'published' || article.publishedVersion !== article.version;
  return (
    <article className="view knowledge-article" aria-labelledby="view-title">
      <nav className="breadcrumb" aria-label={t('knowledge.back')}>
        <a href={routeHref('knowledge')}>← {t('knowledge.back')}</a>
      </nav>
      <header className="view-header">
        <h1 id="view-title">{article.title}</h1>
      </header>
      <p className="muted">
        {t(`knowledge.kind.${article.kind}`)} · {t(`knowledge.status.${article.status}`)} · v{article.version} · {article.author}
        {article.category ? ` · ${article.category}` : ''} {article.tags.map((tag) => `#${tag}`).join(' ')}
      </p>
      <div className="actions">
        <a className="button" href={routeHref('knowledge', article.id, 'edit')} aria-keyshortcuts="E">
          {t('knowledge.edit')} <kbd>e</kbd>
        </a>
        {canPublish && (
          <button type="button" className="primary" disabled={publish.isPending} onClick={() => publish.mutate({ id: article.id })}>
            {t('knowledge.publish')}
          </button>
        )}
        {publish.error && <ErrorNotice error={publish.error} />}
      </div>
      {article.kind === 'known_error' && article.workaround && (
        <section className="card workaround" aria-labelledby="workaround-title">
          <h2 id="workaround-title">{t('knowledge.workaround')}</h2>
          <p className="prewrap">{article.workaround}</p>
        </section>
      )}
      {article.whys.length > 0 && (
        <section className="card" aria-labelledby="whys-title">
          <h2 id="whys-title">{t('knowledge.whys')}</h2>
          <ol>
            {article.whys.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ol>
        </section>
      )}
      <div className="card markdown" dangerouslySetInnerHTML={{ __html: html }} />
      {article.ticketIds.length > 0 && (
        <p className="muted">
          {t('knowledge.tickets')}:{' '}
          {article.ticketIds.map((id) => (
            <a key={id} href={routeHref('queue', id)}>
              {id.length === 36 ? `T-${id.slice(-6).toUpperCase()}` : id}{' '}
            </a>
          ))}
        </p>
      )}
      <section className="card" aria-labelledby="history-title">
        <h2 id="history-title">{t('knowledge.history')}</h2>
        <ol className="plain">
          {article.history.map((h) => (
            <li key={h.eventId}>
              {t(`knowledge.event.${h.type}`)} · {h.actor} · {formatDateTime(hlcWallMs(h.at))}
              {h.fields.length > 0 && <span className="muted"> ({h.fields.join(', ')})</span>}
              {h.note && <span className="muted"> — {h.note}</span>}
            </li>
          ))}
        </ol>
      </section>
    </article>
  );
}

type Draft = Pick<ArticleFields, 'title' | 'body' | 'kind' | 'workaround'> & { category: string; tags: string };

function ArticleEditor({ article }: { article?: Article }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Draft>({
    title: article?.title ?? '',
    body: article?.body ?? '',
    kind: article?.kind ?? 'resolution',
    workaround: article?.workaround ?? '',
    category: article?.category ?? '',
    tags: article?.tags.join(' ') ?? '',
  });
  const [preview, setPreview] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setPreview(renderMarkdown(draft.body)), 200);
    return () => clearTimeout(timer);
  }, [draft.body]);
  const create = useCallMutation('kb.create', ['kb.search']);
  const edit = useCallMutation('kb.edit', ['kb.get', 'kb.search']);
  const save = async () => {
    const fields = {
      title: draft.title,
      body: draft.body,
      kind: draft.kind,
      workaround: draft.workaround,
      category: draft.category.trim() || null,
      tags: draft.tags.split(/[\s,]+/).filter(Boolean),
    };
    // An edit records only what changed, so the version history says what each version did.
    const changes = article ? Object.fromEntries(Object.entries(fields).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(article[k as keyof typeof fields]))) : fields;
    if (article && Object.keys(changes).length === 0) return navigate('knowledge', article.id);
    const saved = article ? await edit.mutateAsync({ id: article.id, changes }) : await create.mutateAsync(fields);
    navigate('knowledge', saved.id);
  };
  useShortcuts([{ keys: 'Ctrl+Enter', inFields: true, run: () => void save().catch(() => undefined) }]);
  const error = create.error ?? edit.error;
  return (
    <section className="view knowledge-edit" aria-labelledby="view-title">
      <nav className="breadcrumb" aria-label={t('knowledge.back')}>
        <a href={article ? routeHref('knowledge', article.id) : routeHref('knowledge')}>← {t('knowledge.back')}</a>
      </nav>
      <h1 id="view-title">{article ? t('knowledge.editing', { title: article.title }) : t('knowledge.new')}</h1>
      <form className="kb-editor" onSubmit={(e) => (e.preventDefault(), void save().catch(() => undefined))}>
        <div className="card">
          <label className="field">
            <span>{t('knowledge.field.title')}</span>
            <input value={draft.title} onChange={(e) => setDraft({ ...draft, title: e.target.value })} required />
          </label>
          <div className="field-row">
            <label className="field">
              <span>{t('knowledge.kindLabel')}</span>
              <select value={draft.kind} onChange={(e) => setDraft({ ...draft, kind: e.target.value as ArticleKind })}>
                {KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`knowledge.kind.${k}`)}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>{t('knowledge.field.category')}</span>
              <CategorySelect id="kb-category" value={draft.category} onChange={(category) => setDraft({ ...draft, category })} />
            </label>
            <label className="field">
              <span>{t('knowledge.field.tags')}</span>
              <input value={draft.tags} onChange={(e) => setDraft({ ...draft, tags: e.target.value })} />
            </label>
          </div>
          <label className="field">
            <span>{t('knowledge.field.body')}</span>
            <textarea className="mono" rows={16} value={draft.body} onChange={(e) => setDraft({ ...draft, body: e.target.value })} />
          </label>
          {draft.kind === 'known_error' && (
            <label className="field">
              <span>{t('knowledge.workaround')}</span>
              <textarea rows={3} value={draft.workaround} onChange={(e) => setDraft({ ...draft, workaround: e.target.value })} />
            </label>
          )}
          <div className="actions">
            <button type="submit" className="primary" aria-keyshortcuts="Control+Enter">
              {t('knowledge.save')} <kbd>Ctrl+Enter</kbd>
            </button>
          </div>
          {error && <ErrorNotice error={error} />}
        </div>
        <section className="card markdown" aria-label={t('knowledge.preview')} dangerouslySetInnerHTML={{ __html: preview }} />
      </form>
    </section>
  );
}
