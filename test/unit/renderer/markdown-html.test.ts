import { describe, expect, it } from 'vitest';
import { markdownToHtml } from '../../../renderer/views/knowledge/markdown-html';

// Everything here runs before any DOM parser: the string the sanitizer will parse must already hold no event
// handler, or Chromium reports a CSP violation while the sanitizer parses it.
const HOSTILE = [
  '<img src=x onerror="alert(1)">',
  '<img src="y" onload=alert(1) alt="i">',
  'texte <b onclick="alert(1)">gras</b> suite',
  '<svg><animate onbegin=alert(1) attributeName=x dur=1s /></svg>',
  '<div\nonmouseover="alert(1)">survol</div>',
  '<details open ontoggle=alert(1)><summary>s</summary>t</details>',
  '<img alt=">" onerror=alert(1)>',
  '<img src=x onerror=alert(1)',
  '<IMG SRC=x ONERROR=alert(1)>',
  '<a href="x" onfocus=alert(1) autofocus>a</a>',
  '- item <span onpointerenter=alert(1)>x</span>',
  '| a | b |\n|---|---|\n| <i onmouseenter=alert(1)>c</i> | d |',
  '> cité <img src=x onerror=alert(1)>',
  '<pre>\n<img src=x onerror=alert(1)>\n</pre>',
  '<script>alert(1)</script> <style>p{}</style> <iframe src="javascript:alert(1)"></iframe>',
  '<!-- <img src=x onerror=alert(1)> -->',
  '[lien](https://example.org/"onmouseover="alert(1)) ![i](x"onerror="alert(1))',
  '<https://example.org/"onmouseover="alert(1)>',
];

/** Attribute-like `on…=` inside a tag, as an HTML tokenizer would read it. */
const HANDLER_IN_TAG = /<[a-z][^>]*[\s/"']on[a-z]+\s*=/i;

describe('knowledge Markdown to HTML (before the sanitizer)', () => {
  it.each(HOSTILE)('never emits an event handler: %s', (source) => {
    const html = markdownToHtml(source);
    expect(html).not.toMatch(HANDLER_IN_TAG);
    expect(html).not.toMatch(/<(script|style|iframe|svg)\b/i);
  });

  it('shows raw HTML with attributes as the text it is', () => {
    expect(markdownToHtml('<img src=x onerror="alert(1)">')).toBe('<p>&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</p>\n');
  });

  it('keeps Markdown and bare formatting tags', () => {
    const html = markdownToHtml('# Titre\n\nAppuyer sur <kbd>Ctrl</kbd>+<kbd>Alt</kbd><br>**vite** et `code`\n\n![schéma](plan.png "Plan")\n\n[KB5034441](https://support.microsoft.com/kb/5034441)');
    expect(html).toContain('<h1>Titre</h1>');
    expect(html).toContain('<kbd>Ctrl</kbd>+<kbd>Alt</kbd><br>');
    expect(html).toContain('<strong>vite</strong>');
    expect(html).toContain('<code>code</code>');
    expect(html).toContain('<img src="plan.png" alt="schéma" title="Plan">');
    expect(html).toContain('<a href="https://support.microsoft.com/kb/5034441">KB5034441</a>');
  });
});
