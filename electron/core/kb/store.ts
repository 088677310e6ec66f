import { v7 as uuidv7 } from 'uuid';
import { AtelierError } from '../../../shared/contract';
import { commandsWithoutPurpose, foldArticle, parseKbEvent, type Article, type ArticleFields, type ArticleKind, type ArticleStatus, type KbEvent } from '../../../shared/kb';
import { hlcWallMs } from '../../../shared/tickets';
import type { Database } from '../db/open';
import { searchQuery } from '../search/fts-query';

export interface ArticleSummary {
  id: string;
  title: string;
  kind: ArticleKind;
  category: string | null;
  status: ArticleStatus;
  author: string;
  version: number;
  updatedMs: number;
  tags: string[];
  /** Changed on this device and not yet on the team hub. */
  unsynced: boolean;
  /** With a text search: the best passage, matches between \u0002 and \u0003. */
  snippet?: string;
}

export interface KbQuery {
  text?: string;
  category?: string;
  kind?: ArticleKind;
  status?: ArticleStatus;
  limit?: number;
}

interface Clock {
  now(): string;
  readonly node: string;
}

/** Articles: their event log, the projection kept equal to its fold, and search. One transaction per write. */
export class KbStore {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly actor: () => string,
  ) {}

  create(fields: Partial<ArticleFields> & Pick<ArticleFields, 'title' | 'kind'>): Article {
    return this.append(uuidv7(), 'created', fields);
  }

  edit(id: string, changes: Partial<ArticleFields>, note?: string): Article {
    this.require(id);
    return this.append(id, 'edited', { changes, ...(note ? { note } : {}) });
  }

  publish(id: string): Article {
    const article = this.require(id);
    if (article.status === 'published' && article.publishedVersion === article.version) throw new AtelierError('conflict', 'This version is already published.', 'id');
    const unexplained = commandsWithoutPurpose(article.body);
    if (unexplained.length > 0) {
      const named = unexplained.slice(0, 5).map((c) => `"${c}"`).join(', ');
      throw new AtelierError('invalid_input', `${unexplained.length} command(s) still lack what they are for: ${named}. Replace the ⟨…⟩ markers in the body with why to run each one and what to look for in its output.`, 'body');
    }
    return this.append(id, 'published', {});
  }

  archive(id: string): Article {
    if (this.require(id).status === 'archived') throw new AtelierError('conflict', 'This article is already archived.', 'id');
    return this.append(id, 'archived', {});
  }

  get(id: string): Article {
    return this.require(id);
  }

  /**
   * Events made elsewhere (hub, import): idempotent on id; touched articles are folded again (`syncedAt`:
   * when pulled from the hub). Returns how many articles changed.
   */
  applyExternal(raw: readonly unknown[], origin: 'remote' | 'demo', syncedAt: string | null = null): number {
    const events = raw.map((value, i) => parseKbEvent(value, `events[${i}]`));
    return this.db.transaction(() => {
      const touched = new Set<string>();
      for (const event of events) if (this.insert(event, origin, syncedAt)) touched.add(event.articleId);
      for (const id of touched) this.refresh(id);
      return touched.size;
    })();
  }

  /** Folds an article again from its log; events whose `created` has not arrived yet wait in the log. */
  refresh(id: string): void {
    const log = this.events(id);
    if (log.some((event) => event.type === 'created')) this.refold(id, log);
  }

  events(id: string): KbEvent[] {
    const rows = this.db.prepare('SELECT id, article_id, hlc, actor, device, type, payload FROM kb_events WHERE article_id = ? ORDER BY hlc, id').all(id) as Record<string, string>[];
    return rows.map((r) => ({ id: r.id, articleId: r.article_id, hlc: r.hlc, actor: r.actor, device: r.device, type: r.type, payload: JSON.parse(r.payload ?? '{}') }) as KbEvent);
  }

  search(query: KbQuery = {}): ArticleSummary[] {
    const limit = Math.min(Math.max(query.limit ?? 50, 1), 200);
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.category) {
      where.push('(a.category = ? OR a.category LIKE ?)');
      params.push(query.category, `${query.category}/%`);
    }
    if (query.kind) {
      where.push('a.kind = ?');
      params.push(query.kind);
    }
    where.push(query.status ? 'a.status = ?' : "a.status != 'archived'");
    if (query.status) params.push(query.status);
    const match = query.text ? searchQuery(query.text, { positions: true }) : null;
    const unsynced = "EXISTS (SELECT 1 FROM kb_events k WHERE k.article_id = a.id AND k.origin = 'local' AND k.synced_at IS NULL) AS unsynced";
    const cols = `a.id, a.title, a.kind, a.category, a.status, a.author, a.version, a.updated_ms AS updatedMs, a.state, ${unsynced}`;
    const rows = match
      ? this.db
          .prepare(
            `SELECT ${cols}, snippet(kb_fts, 2, char(2), char(3), '…', 16) AS snippet FROM kb_fts JOIN kb_articles a ON a.id = kb_fts.article_id
             WHERE kb_fts MATCH ? AND ${where.join(' AND ')} ORDER BY bm25(kb_fts, 0, 8, 1, 4) LIMIT ?`,
          )
          .all(match, ...params, limit)
      : this.db.prepare(`SELECT ${cols} FROM kb_articles a WHERE ${where.join(' AND ')} ORDER BY a.updated_ms DESC LIMIT ?`).all(...params, limit);
    return (rows as (Omit<ArticleSummary, 'tags' | 'unsynced'> & { state: string; snippet?: string; unsynced: 0 | 1 })[]).map(({ state, snippet, unsynced, ...row }) => ({
      ...row,
      unsynced: unsynced === 1,
      tags: (JSON.parse(state) as Article).tags,
      ...(snippet ? { snippet } : {}),
    }));
  }

  private require(id: string): Article {
    const raw = this.db.prepare('SELECT state FROM kb_articles WHERE id = ?').pluck().get(id) as string | undefined;
    if (raw === undefined) throw new AtelierError('not_found', `article ${id} does not exist`, 'id');
    return JSON.parse(raw) as Article;
  }

  private append(articleId: string, type: KbEvent['type'], payload: unknown): Article {
    return this.db.transaction(() => {
      const event = parseKbEvent({ id: uuidv7(), articleId, hlc: this.clock.now(), actor: this.actor(), device: this.clock.node, type, payload });
      this.insert(event, 'local');
      return this.refold(articleId);
    })();
  }

  private insert(event: KbEvent, origin: 'local' | 'remote' | 'demo', syncedAt: string | null = null): boolean {
    return (
      this.db
        .prepare(
          `INSERT INTO kb_events (id, article_id, hlc, actor, device, type, payload, origin, synced_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
        )
        .run(event.id, event.articleId, event.hlc, event.actor, event.device, event.type, JSON.stringify(event.payload), origin, syncedAt).changes === 1
    );
  }

  /** Articles are small and rarely edited: folding the whole log each time keeps one code path. */
  private refold(id: string, log: readonly KbEvent[] = this.events(id)): Article {
    const article = foldArticle(log);
    this.db
      .prepare(
        `INSERT INTO kb_articles (id, title, kind, category, status, author, version, updated_ms, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET title = excluded.title, kind = excluded.kind, category = excluded.category, status = excluded.status,
           author = excluded.author, version = excluded.version, updated_ms = excluded.updated_ms, state = excluded.state`,
      )
      .run(article.id, article.title, article.kind, article.category, article.status, article.author, article.version, hlcWallMs(article.updatedAt), JSON.stringify(article));
    this.db.prepare('DELETE FROM kb_fts WHERE article_id = ?').run(id);
    this.db
      .prepare('INSERT INTO kb_fts (article_id, title, body, tags) VALUES (?, ?, ?, ?)')
      .run(id, article.title, [article.body, article.workaround, ...article.whys].join('\n\n'), article.tags.join(' '));
    return article;
  }
}
