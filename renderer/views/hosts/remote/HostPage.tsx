import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HostKeyOffer } from '../../../../shared/contract';
import { client, useCall } from '../../../api/client';
import { routeHref } from '../../../route';
import { ErrorNotice } from '../../../shell/ErrorNotice';
import { HostKeyDialog } from '../HostKeyDialog';
import { FilesPanel } from './FilesPanel';
import { LogsPanel } from './LogsPanel';
import { TunnelsPanel } from './TunnelsPanel';
import { DesktopPanel } from '../../desktop/DesktopPanel';
import { HostChanges } from '../../changes/HostChanges';

export const HOST_TABS = ['files', 'logs', 'tunnels', 'desktop'] as const;
export type HostTab = (typeof HOST_TABS)[number];

export function isHostTab(value: string | undefined): value is HostTab {
  return (HOST_TABS as readonly string[]).includes(value ?? '');
}

type Session = { state: 'connecting' } | { state: 'open'; home: string } | { state: 'hostKey'; offer: HostKeyOffer } | { state: 'refused' } | { state: 'failed'; error: unknown };

/**
 * One host's remote tools (#/hosts/NAME/files|logs|tunnels[/TICKET]): the SFTP session is opened first,
 * so an unknown or changed host key is asked about once, the same way as for a terminal.
 */
export function HostPage({ name, tab, ticketId }: { name: string; tab: HostTab; ticketId?: string | undefined }) {
  const { t } = useTranslation();
  const host = useCall('hosts.get', { name });
  const [session, setSession] = useState<Session>({ state: 'connecting' });

  const connect = useCallback(
    async (acceptNewHostKey = false) => {
      setSession({ state: 'connecting' });
      try {
        const opened = await client.call('sftp.open', { name, acceptNewHostKey });
        setSession(opened.status === 'open' ? { state: 'open', home: opened.home } : { state: 'hostKey', offer: opened.offer });
      } catch (error) {
        setSession({ state: 'failed', error });
      }
    },
    [name],
  );
  useEffect(() => void connect(), [connect]);

  const tabHref = (to: HostTab) => routeHref('hosts', name, to, ...(ticketId ? [ticketId] : []));

  return (
    <section className="view host-page" aria-labelledby="view-title">
      <nav className="breadcrumb" aria-label={t('remote.back')}>
        <a href={routeHref('hosts')}>← {t('remote.back')}</a>
      </nav>
      <header className="view-header">
        <h1 id="view-title">{t('remote.hostTitle', { name })}</h1>
        {host.data && (
          <code className="muted">
            {host.data.user}@{host.data.address}
            {host.data.port !== 22 && `:${host.data.port}`}
          </code>
        )}
        <span className="spacer" />
        <a className="button" href={routeHref('hosts', name, 'terminal')}>
          {t('remote.openTerminal')}
        </a>
      </header>
      <nav className="tabs" aria-label={t('remote.tabs.label')}>
        {HOST_TABS.map((to) => (
          <a key={to} className={to === tab ? 'tab active' : 'tab'} href={tabHref(to)} aria-current={to === tab ? 'page' : undefined}>
            {to === 'desktop' ? t('desktop.tab') : t(`remote.tabs.${to}`)}
          </a>
        ))}
      </nav>
      {host.error && <ErrorNotice error={host.error} />}
      {session.state === 'connecting' && <p className="muted">{t('remote.connecting', { name })}</p>}
      {session.state === 'failed' && (
        <>
          <ErrorNotice error={session.error} />
          <button type="button" onClick={() => void connect()}>
            {t('remote.retry')}
          </button>
        </>
      )}
      {session.state === 'refused' && (
        <p className="notice">
          {t('remote.keyRefused')}{' '}
          <button type="button" onClick={() => void connect()}>
            {t('remote.retry')}
          </button>
        </p>
      )}
      {session.state === 'hostKey' && <HostKeyDialog offer={session.offer} onCancel={() => setSession({ state: 'refused' })} onTrusted={() => void connect()} />}
      {session.state === 'open' && host.data && (
        <>
          {tab === 'files' && <FilesPanel host={host.data} home={session.home} ticketId={ticketId} />}
          {tab === 'logs' && <LogsPanel host={host.data} ticketId={ticketId} />}
          {tab === 'tunnels' && <TunnelsPanel host={host.data} />}
          {tab === 'desktop' && <DesktopPanel host={host.data} ticketId={ticketId} />}
        </>
      )}
      {/* Read from the change tickets: shown whether or not the host answers. */}
      <HostChanges host={name} />
    </section>
  );
}
