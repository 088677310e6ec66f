/**
 * xterm.js's DOM renderer (drawing wherever WebGL does not: renderer-choice.ts) writes its cell sizes,
 * theme colours and scrollbar colours into `<style>` elements. The page's CSP (`style-src 'self'`, no
 * 'unsafe-inline') refuses inline style elements, which would leave the terminal unstyled and log a CSP
 * violation on every resize. Rather than relax the CSP for the whole app, the `<style>` elements xterm asks
 * for while it builds its DOM are replaced by inert `<template>` stand-ins (never rendered, outside the
 * accessibility tree) whose text is mirrored into constructed stylesheets. CSSOM from our own script is
 * outside what style-src governs, like the style properties React sets; injected markup still gets nothing.
 */

interface Mirror {
  sheet: CSSStyleSheet;
  observer: MutationObserver;
}

const mirrors = new Set<Mirror>();

function mirror(standIn: HTMLElement): void {
  const sheet = new CSSStyleSheet();
  const sync = () => sheet.replaceSync(standIn.textContent ?? '');
  const observer = new MutationObserver(sync);
  observer.observe(standIn, { childList: true, characterData: true, subtree: true });
  sync();
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  mirrors.add({ sheet, observer });
  // xterm removes its style element when the terminal is disposed: drop the sheet with it.
  const original = standIn.remove.bind(standIn);
  standIn.remove = () => {
    original();
    observer.disconnect();
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
    for (const m of mirrors) if (m.sheet === sheet) mirrors.delete(m);
  };
}

/** Runs `build` (xterm's `open`) with style elements redirected to constructed stylesheets. */
export function withCspSafeStyles<T>(build: () => T): T {
  const create = document.createElement;
  document.createElement = function (this: Document, tagName: string, options?: ElementCreationOptions) {
    if (tagName.toLowerCase() !== 'style') return create.call(this, tagName, options);
    const standIn = create.call(this, 'template');
    standIn.dataset.xtermStyle = '';
    mirror(standIn);
    return standIn;
  } as typeof document.createElement;
  try {
    return build();
  } finally {
    document.createElement = create;
  }
}

/** How many xterm stylesheets are live (tests and diagnostics). */
export function mirroredSheetCount(): number {
  return mirrors.size;
}
