/** The app's sections, in sidebar order. The key after `g` and the Alt+digit jump to each. */
export const SECTIONS = [
  { id: 'queue', key: 'q', icon: '☰' },
  { id: 'hosts', key: 'h', icon: '⌨' },
  { id: 'inventory', key: 'i', icon: '▦' },
  { id: 'checklists', key: 'c', icon: '✓' },
  { id: 'knowledge', key: 'k', icon: '✎' },
  { id: 'reports', key: 'r', icon: '◔' },
  { id: 'health', key: 'v', icon: '♥' },
  { id: 'changes', key: 'o', icon: '⇶' },
  { id: 'settings', key: 's', icon: '⚙' },
] as const;

export type SectionId = (typeof SECTIONS)[number]['id'];

export function isSectionId(value: string): value is SectionId {
  return SECTIONS.some((section) => section.id === value);
}
