import { Marked } from 'marked';

/**
 * Tags an article may write as raw HTML: formatting only, and only bare (`<kbd>`, `</kbd>`, `<br/>`).
 * Any other raw HTML, and any tag with attributes, is shown as the text it is. Markdown's own syntax
 * (links, images, tables, code) is untouched.
 */
const BARE_TAGS = ['kbd', 'br', 'sub', 'sup', 'mark', 'u', 's', 'del', 'ins', 'b', 'i', 'em', 'strong', 'small', 'code', 'var', 'samp', 'details', 'summary'];
const BARE_TAG = new RegExp(`^</?(?:${BARE_TAGS.join('|')})\\s*/?>`, 'i');

/**
 * Markdown -> HTML as a string, before any parser sees it. Attributes in the output come only from
 * Markdown's own constructs, whose values marked escapes; raw HTML never brings one. So no event handler
 * ever reaches a DOM parser: Chromium checks an `on…` attribute against the CSP (and reports it) as soon as
 * any document, even the sanitizer's inert one, parses it.
 */
const markdown = new Marked({
  async: false,
  gfm: true,
  breaks: false,
  tokenizer: {
    // Block-level raw HTML is read as a paragraph, whose tags go through `tag` below.
    html: () => undefined,
    tag(src) {
      const bare = BARE_TAG.exec(src)?.[0];
      return bare ? { type: 'html', raw: bare, text: bare, inLink: false, inRawBlock: false, block: false } : undefined;
    },
  },
});

export function markdownToHtml(source: string): string {
  return markdown.parse(source, { async: false });
}
