import { useEffect, useMemo, useState } from 'react';
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
import { SettingsView } from './views/SettingsView';
import { QueueView } from './views/queue/QueueView';
import { TicketView } from './views/ticket/TicketView';
import { ReplayView } from './views/ticket/ReplayView';
import { ReportsSection } from './views/reports/ReportsSection';
import { KnowledgeView } from './views/knowledge/KnowledgeView';
import { HostsView } from './views/hosts/HostsView';
import { ChecklistsView } from './views/checklists/ChecklistsView';
import { ChecklistEditor } from './views/checklists/editor/ChecklistEditor';
import { InventoryView } from './views/inventory/InventoryView';
import { HealthView } from './views/health/HealthView';
import { useFailureNotifications } from './views/health/failure-notifications';
import { ChangesView } from './views/changes/ChangesView';

function SectionView({ section, rest }: { section: SectionId; rest: string[] }) {
  if (section === 'settings') return <SettingsView />;
  if (section === 'reports') return <ReportsSection rest={rest} />;
  if (section === 'knowledge') return <KnowledgeView rest={rest} />;
  if (section === 'hosts') return <HostsView rest={rest} />;
  if (section === 'checklists' && rest[0] === 'draft' && rest[1]) return <ChecklistEditor key={rest[1]} draftId={rest[1]} />;
  if (section === 'checklists') return <ChecklistsView selectedId={rest[0]} />;
  if (section === 'inventory') return <InventoryView rest={rest} />;
  if (section === 'health') return <HealthView />;
  if (section === 'changes') return <ChangesView rest={rest} />;
  if (section === 'queue') {
    const [ticketId, action, hash] = rest;
    if (ticketId && action === 'replay' && hash) return <ReplayView key={hash} ticketId={ticketId} hash={hash} />;
    if (ticketId) return <TicketView key={ticketId} id={ticketId} initialDialog={action === 'escalate' ? 'escalate' : undefined} />;
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
  // Set once the global keys listen (effects run in order): e2e tests wait for it before typing.
  useEffect(() => {
    document.documentElement.dataset.ready = 'true';
  }, []);

  return (
    <div className="app">
      <a className="skip-link" href="#main" onClick={(event) => { event.preventDefault(); document.getElementById('main')?.focus(); }}>
        {t('nav.skip')}
      </a>
      <Sidebar current={route.section} onHelp={() => setHelpOpen(true)} />
      <main id="main" className="main" tabIndex={-1}>
        <FirstRun />
        <SectionView section={route.section} rest={route.rest} />
      </main>
      <StatusBar />
      {helpOpen && <ShortcutHelp onClose={() => setHelpOpen(false)} />}
    </div>
  );
}
