import { createElement, type ComponentType } from 'react';

/**
 * The sections other than the queue and the ticket, each in its own chunk: the first screen parses only what
 * it shows (the terminal, the remote desktop and the editors are most of the code). Every chunk is fetched as
 * soon as the first screen is up; a section whose code is in renders at once, with no loading step, so a key
 * pressed just after `g h` meets the Hosts view (React's `lazy` would still suspend on its first render).
 */
function section<P extends object>(load: () => Promise<ComponentType<P>>): { View: ComponentType<P>; preload: () => Promise<void> } {
  let loaded: ComponentType<P> | undefined;
  let pending: Promise<void> | undefined;
  const preload = (): Promise<void> =>
    (pending ??= load().then(
      (component) => {
        loaded = component;
      },
      (error: unknown) => {
        pending = undefined; // tried again the next time the section opens
        throw error;
      },
    ));
  function View(props: P) {
    // Suspense shows the loading line until the chunk is in (a thrown promise is how a component waits for it).
    if (!loaded) throw preload();
    return createElement(loaded, props);
  }
  return { View, preload };
}

const sections = {
  settings: section(() => import('./views/SettingsView').then((m) => m.SettingsView)),
  reports: section(() => import('./views/reports/ReportsSection').then((m) => m.ReportsSection)),
  knowledge: section(() => import('./views/knowledge/KnowledgeView').then((m) => m.KnowledgeView)),
  hosts: section(() => import('./views/hosts/HostsView').then((m) => m.HostsView)),
  checklists: section(() => import('./views/checklists/ChecklistsView').then((m) => m.ChecklistsView)),
  checklistEditor: section(() => import('./views/checklists/editor/ChecklistEditor').then((m) => m.ChecklistEditor)),
  inventory: section(() => import('./views/inventory/InventoryView').then((m) => m.InventoryView)),
  health: section(() => import('./views/health/HealthView').then((m) => m.HealthView)),
  changes: section(() => import('./views/changes/ChangesView').then((m) => m.ChangesView)),
  replay: section(() => import('./views/ticket/ReplayView').then((m) => m.ReplayView)),
};

export const SettingsView = sections.settings.View;
export const ReportsSection = sections.reports.View;
export const KnowledgeView = sections.knowledge.View;
export const HostsView = sections.hosts.View;
export const ChecklistsView = sections.checklists.View;
export const ChecklistEditor = sections.checklistEditor.View;
export const InventoryView = sections.inventory.View;
export const HealthView = sections.health.View;
export const ChangesView = sections.changes.View;
export const ReplayView = sections.replay.View;

/** Fetches every section's chunk; resolves when all are in or failed (a failed one is fetched again on opening). */
export function preloadSections(): Promise<void> {
  return Promise.allSettled(Object.values(sections).map((s) => s.preload())).then(() => undefined);
}
