import { AtelierError } from '../contract/errors';
import { compareEvents } from '../tickets/events';
import type { Article, KbEvent } from './model';

/** An article = the fold of its events in (hlc, id) order; fields are last-writer-wins. */
export function foldArticle(events: readonly KbEvent[]): Article {
  const ordered = [...events].sort(compareEvents).filter((e, i, all) => i === 0 || all[i - 1]?.id !== e.id);
  let article: Article | null = null;
  for (const event of ordered) {
    const revision = { eventId: event.id, at: event.hlc, actor: event.actor, type: event.type };
    if (event.type === 'created') {
      if (article) throw new AtelierError('invalid_input', `article ${event.articleId} has a second created event`);
      const p = event.payload;
      article = {
        id: event.articleId,
        title: p.title,
        body: p.body ?? '',
        kind: p.kind,
        category: p.category ?? null,
        tags: p.tags ?? [],
        checklistIds: p.checklistIds ?? [],
        ticketIds: p.ticketIds ?? [],
        workaround: p.workaround ?? '',
        whys: p.whys ?? [],
        status: 'draft',
        author: event.actor,
        version: 1,
        publishedVersion: null,
        createdAt: event.hlc,
        updatedAt: event.hlc,
        history: [{ ...revision, fields: Object.keys(p) }],
      };
      continue;
    }
    if (!article) throw new AtelierError('invalid_input', `article ${event.articleId}: its first event is ${event.type}, not created`);
    if (event.type === 'edited') {
      Object.assign(article, event.payload.changes);
      article.version += 1;
      article.history.push({ ...revision, fields: Object.keys(event.payload.changes), ...(event.payload.note ? { note: event.payload.note } : {}) });
    } else {
      article.status = event.type === 'published' ? 'published' : 'archived';
      if (event.type === 'published') article.publishedVersion = article.version;
      article.history.push({ ...revision, fields: [] });
    }
    article.updatedAt = event.hlc;
  }
  if (!article) throw new AtelierError('invalid_input', 'an article needs its created event');
  return article;
}
