import { Suspense, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFollowData } from './api/follow-data';
import { navigate, useRoute } from './route';
import { SECTIONS, type SectionId } from './sections';
import { useShortcuts, type Shortcut } from './shortcuts';
import { ShortcutHelp } from './shell/ShortcutHelp';
import { Sidebar } from './shell/Sidebar';
import { StatusBar } from './shell/StatusBar';
import { FirstRun } from './shell/FirstRun';
import { EmptySection } from './views/EmptySection';
import { QueueView } from './views/queue/QueueView';
import { useFailureNotifications } from './views/health/failure-notifications';
import { SectionLoading, ViewBoundary } from './shell/ViewBoundary';
import { lazyView } from './lazy-view';

// The queue is the first screen and comes with the page; every other view is its own chunk, fetched once the
// first screen is up (preloadViews), or when shown if that has not finished: the page's script, which
// Chromium compiles and runs before anything is drawn, holds only what the first screen needs.
const views = {
  ticket: lazyView(() => import('./views/ticket/TicketView'), (m) => m.TicketView),
  hosts: lazyView(() => import('./views/hosts/HostsView'), (m) => m.HostsView),
  knowledge: lazyView(() => import('./views/knowledge/KnowledgeView'), (m) => m.KnowledgeView),
  checklists: lazyView(() => import('./views/checklists/ChecklistsView'), (m) => m.ChecklistsView),
  inventory: lazyView(() => import('./views/inventory/InventoryView'), (m) => m.InventoryView),
  reports: lazyView(() => import('./views/reports/ReportsSection'), (m) => m.ReportsSection),
  health: lazyView(() => import('./views/health/HealthView'), (m) => m.HealthView),
  changes: lazyView(() => import('./views/changes/ChangesView'), (m) => m.ChangesView),
  settings: lazyView(() => import('./views/SettingsView'), (m) => m.SettingsView),
  checklistEditor: lazyView(() => import('./views/checklists/editor/ChecklistEditor'), (m) => m.ChecklistEditor),
  replay: lazyView(() => import('./views/ticket/ReplayView'), (m) => m.ReplayView),
};

/** Fetches every view's chunk in the background (one that fails says so where its view shows, with Try again). */
function preloadViews(): Promise<unknown> {
  return Promise.all(Object.values(views).map((view) => view.preload().catch(() => undefined)));
}

function SectionView({ section, rest }: { section: SectionId; rest: string[] }) {
  if (section === 'settings') return <views.settings />;
  if (section === 'reports') return <views.reports rest={rest} />;
  if (section === 'knowledge') return <views.knowledge rest={rest} />;
  if (section === 'hosts') return <views.hosts rest={rest} />;
  if (section === 'checklists' && rest[0] === 'draft' && rest[1]) return <views.checklistEditor key={rest[1]} draftId={rest[1]} />;
  if (section === 'checklists') return <views.checklists selectedId={rest[0]} />;
  if (section === 'inventory') return <views.inventory rest={rest} />;
  if (section === 'health') return <views.health />;
  if (section === 'changes') return <views.changes rest={rest} />;
  if (section === 'queue') {
    const [ticketId, action, hash] = rest;
    if (ticketId && action === 'replay' && hash) return <views.replay key={hash} ticketId={ticketId} hash={hash} />;
    if (ticketId) return <views.ticket key={ticketId} id={ticketId} initialDialog={action === 'escalate' ? 'escalate' : undefined} />;
    return <QueueView onEscalate={(id) => navigate('queue', id, 'escalate')} />;
  }
  return <EmptySection section={section} />;
}

export function App() {
  const { t } = useTranslation();
  const route = useRoute();
  const [helpOpen, setHelpOpen] = useState(false);
  useFollowData();
  useFailureNotifications();

  const shortcuts = useMemo<Shortcut[]>(
    () => [
      { keys: '?', run: () => setHelpOpen((open) => !open) },
      {
        keys: 'Escape',
        inFields: true,
        run: () => {
          setHelpOpen(false);
          // Leaving a field hands the keys back to the shortcuts.
          if (document.activeElement instanceof HTMLElement && document.activeElement !== document.body) document.activeElement.blur();
        },
      },
      ...SECTIONS.flatMap((section, index) => [
        { keys: `g ${section.key}`, run: () => navigate(section.id) },
        { keys: `Alt+${index + 1}`, run: () => navigate(section.id), inFields: true },
      ]),
    ],
    [],
  );
  useShortcuts(shortcuts);
  // Set once the global keys listen (effects run in order) and every view's code is here, so that a key
  // pressed in a section just opened reaches that section: e2e tests wait for it before typing.
  useEffect(() => {
    void preloadViews().then(() => {
      document.documentElement.dataset.ready = 'true';
    });
  }, []);

  return (
    <div className="app">
      <a className="skip-link" href="#main" onClick={(event) => { event.preventDefault(); document.getElementById('main')?.focus(); }}>
        {t('nav.skip')}
      </a>
      <Sidebar current={route.section} onHelp={() => setHelpOpen(true)} />
      <main id="main" className="main" tabIndex={-1}>
        <FirstRun />
        <ViewBoundary resetKey={[route.section, ...route.rest].join('/')}>
          <Suspense fallback={<SectionLoading />}>
            <SectionView section={route.section} rest={route.rest} />
          </Suspense>
        </ViewBoundary>
      </main>
      <StatusBar />
      {helpOpen && <ShortcutHelp onClose={() => setHelpOpen(false)} />}
    </div>
  );
}
