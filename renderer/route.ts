import { useSyncExternalStore } from 'react';
import { isSectionId, type SectionId } from './sections';

/** The route lives in the URL hash (`#/settings`) so a reload keeps the user where they were. */
export interface Route {
  section: SectionId;
  /** What follows the section: `#/queue/T-12` -> ['T-12']. */
  rest: string[];
}

export function parseRoute(hash: string): Route {
  const [first = '', ...rest] = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  return { section: isSectionId(first) ? first : 'queue', rest };
}

export function routeHref(section: SectionId, ...rest: string[]): string {
  return `#/${[section, ...rest].map(encodeURIComponent).join('/')}`;
}

export function navigate(section: SectionId, ...rest: string[]): void {
  window.location.hash = routeHref(section, ...rest);
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseRoute(hash);
}
