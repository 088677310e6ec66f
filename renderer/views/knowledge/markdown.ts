import DOMPurify from 'dompurify';
import { markdownToHtml } from './markdown-html';

/**
 * Markdown -> safe HTML: marked renders without raw HTML's attributes (markdown-html.ts), then DOMPurify
 * removes scripts, event handlers, javascript: links, styles and embedded frames all the same. Links open
 * outside the app (rel noopener).
 */
export function renderMarkdown(markdown: string): string {
  return sanitize(markdownToHtml(markdown));
}

// Images written without a description are decorative for screen readers (alt=""), links leave the app safely.
DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'IMG' && !node.hasAttribute('alt')) node.setAttribute('alt', '');
  if (node.tagName === 'A' && node.hasAttribute('href')) {
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer');
  }
});

/** The sanitizer alone, also used for the report preview's body. */
export function sanitize(html: string): string {
  return DOMPurify.sanitize(html, {
    USE_PROFILES: { html: true },
    FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'object', 'embed'],
    FORBID_ATTR: ['style'],
  });
}
