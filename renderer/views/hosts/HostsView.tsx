import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Host, HostKeyOffer, HostTickets } from '../../../shared/contract';
import { client, useCall, useCallMutation } from '../../api/client';
import { navigate, routeHref } from '../../route';
import { useShortcuts, type Shortcut } from '../../shortcuts';
import { ErrorNotice } from '../../shell/ErrorNotice';
import { createTab } from '../../terminal/sessions';
import { loadXterm } from '../../terminal/xterm';
import { recordingRequest } from '../../terminal/recording';
import { RecordOption } from '../../terminal/RecordOption';
import { TerminalTabs } from '../../terminal/TerminalTabs';
import { useRowNavigation } from '../../components/row-navigation';
import { HostForm } from './HostForm';
import { HostKeyDialog } from './HostKeyDialog';
import { ImportDialog } from './ImportDialog';
import { HostPage, isHostTab } from './remote/HostPage';
import { VaultDialog } from './VaultDialog';

type Dialog = { kind: 'add' } | { kind: 'edit'; host: Host } | { kind: 'import' } | { kind: 'vault' } | { kind: 'hostKey'; offer: HostKeyOffer; target: string };

function authText(host: Host, t: (key: string) => string): string {
  return host.auth.method === 'key' ? `${t('hosts.auth.key')} · ${host.auth.keyFile.split('/').pop() ?? ''}` : t(`hosts.auth.${host.auth.method}`);
}

/**
 * `#/hosts`: the book; `#/hosts/NAME/files|logs|tunnels[/TICKET]`: one host's remote tools;
 * `#/hosts/NAME/terminal`: opens a terminal on it (from a ticket's host card) and comes back to the book.
 */
export function HostsView({ rest = [] }: { rest?: string[] }) {
  const [name, panel, ticketId] = rest;
  if (name && isHostTab(panel)) return <HostPage key={name} name={name} tab={panel} ticketId={ticketId} />;
  return <HostBook openTerminalOn={name && panel === 'terminal' ? name : undefined} />;
}

/** Open tickets whose asset is the host: the count, and the most urgent ones as links. */
function HostTicketsCell({ entry }: { entry: HostTickets | undefined }) {
  const { t } = useTranslation();
  if (!entry) return <span className="muted">—</span>;
  return (
    <span className="host-tickets" aria-label={t('remote.card.openTicketsLabel', { name: entry.host })}>
      <strong>{entry.open}</strong>{' '}
      {entry.tickets.slice(0, 2).map((x) => (
        <a key={x.id} href={routeHref('queue', x.id)} title={x.title} className="ref">
          {x.ref}
        </a>
      ))}
      {entry.open > 2 && <span className="small muted"> {t('remote.card.more', { count: entry.open - 2 })}</span>}
    </span>
  );
}

/** The host book and the terminals opened from it. Keyboard: ↑/↓ select, Enter connect, e edit, f files, l logs, t tunnels, n add, i import. */
function HostBook({ openTerminalOn }: { openTerminalOn?: string | undefined }) {
  const { t } = useTranslation();
  const hosts = useCall('hosts.list', {});
  const openTickets = useCall('hosts.openTickets', {});
  const ticketsByHost = useMemo(() => new Map((openTickets.data ?? []).map((e) => [e.host.toLowerCase(), e])), [openTickets.data]);
  const vault = useCall('secrets.status', {});
  const lock = useCallMutation('secrets.lock', ['secrets.status']);
  const remove = useCallMutation('hosts.remove', ['hosts.list']);
  const [dialog, setDialog] = useState<Dialog | undefined>();
  const [connecting, setConnecting] = useState<string | undefined>();
  const [failure, setFailure] = useState<unknown>();
  const list = hosts.data ?? [];
  const rows = useRowNavigation(list.length);
  const current = list[rows.index];

  const connect = async (name: string) => {
    setFailure(undefined);
    setConnecting(name);
    // The terminal's script loads while the connection is made.
    loadXterm().catch(() => undefined);
    try {
      const result = await client.call('terminal.open', { name, cols: 100, rows: 30, ...recordingRequest() });
      if (result.status === 'hostKey') setDialog({ kind: 'hostKey', offer: result.offer, target: name });
      else await createTab(result.sessionId, name, { confirmLink: (uri) => window.confirm(t('terminal.confirmLink', { uri })) }, result.recording);
    } catch (error) {
      setFailure(error);
    } finally {
      setConnecting(undefined);
    }
  };

  // Asked from a ticket's host card: open the terminal here, then leave the book's plain address.
  const asked = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (!openTerminalOn || asked.current === openTerminalOn) return;
    asked.current = openTerminalOn;
    window.location.replace(routeHref('hosts'));
    void connect(openTerminalOn);
  });

  const removeHost = async (host: Host) => {
    if (!window.confirm(t('hosts.confirmRemove', { name: host.name }))) return;
    setFailure(undefined);
    await remove.mutateAsync({ name: host.name }).catch(setFailure);
  };

  const shortcuts = useMemo<Shortcut[]>(
    () => (dialog ? [] : [{ keys: 'n', run: () => setDialog({ kind: 'add' }) }, { keys: 'i', run: () => setDialog({ kind: 'import' }) }]),
    [dialog],
  );
  useShortcuts(shortcuts);

  const closeDialog = () => setDialog(undefined);

  return (
    <section className="view hosts-view" aria-labelledby="view-title">
      <header className="view-header">
        <h1 id="view-title">{t('hosts.title')}</h1>
        <button type="button" className="primary" onClick={() => setDialog({ kind: 'add' })} aria-keyshortcuts="n">
          {t('hosts.add')} <kbd>n</kbd>
        </button>
        <button type="button" onClick={() => setDialog({ kind: 'import' })} aria-keyshortcuts="i">
          {t('hosts.importConfig')} <kbd>i</kbd>
        </button>
        <span className="spacer" />
        {vault.data?.keyring !== undefined && (
          <span className="vault-status small">
            {vault.data.unlocked ? t('hosts.vault.byKeyring', { keyring: vault.data.keyring }) : t('hosts.vault.keyringLocked', { keyring: vault.data.keyring })}
          </span>
        )}
        {vault.data && vault.data.keyring === undefined && (
          <span className="vault-status small">
            {vault.data.unlocked ? t('hosts.vault.unlocked') : t('hosts.vault.locked')}{' '}
            {vault.data.unlocked ? (
              <button type="button" onClick={() => void lock.mutateAsync({})}>
                {t('hosts.vault.lock')}
              </button>
            ) : (
              <button type="button" onClick={() => setDialog({ kind: 'vault' })}>
                {vault.data.initialized ? t('hosts.vault.unlock') : t('hosts.vault.create')}
              </button>
            )}
          </span>
        )}
      </header>
      {hosts.error && <ErrorNotice error={hosts.error} />}
      {failure !== undefined && <ErrorNotice error={failure} />}
      <div className="hosts-book">
        {hosts.data && list.length === 0 && <p className="muted">{t('hosts.empty')}</p>}
        {list.length > 0 && (
          <table className="hosts-table" aria-label={t('hosts.listLabel')} aria-describedby="hosts-keys">
            <thead>
              <tr>
                <th scope="col">{t('hosts.fields.name')}</th>
                <th scope="col">{t('hosts.fields.address')}</th>
                <th scope="col">{t('hosts.fields.user')}</th>
                <th scope="col">{t('hosts.fields.auth')}</th>
                <th scope="col">{t('hosts.fields.jump')}</th>
                <th scope="col">{t('hosts.fields.tags')}</th>
                <th scope="col">{t('hosts.fields.client')}</th>
                <th scope="col">{t('hosts.fields.site')}</th>
                <th scope="col">{t('remote.book.tickets')}</th>
                <th scope="col">
                  <span className="sr-only">{t('hosts.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody ref={rows.body}>
              {list.map((host, index) => (
                <tr
                  key={host.id}
                  data-host={host.name}
                  {...rows.rowProps(index, () => void connect(host.name), {
                    e: () => setDialog({ kind: 'edit', host }),
                    f: () => navigate('hosts', host.name, 'files'),
                    l: () => navigate('hosts', host.name, 'logs'),
                    t: () => navigate('hosts', host.name, 'tunnels'),
                    d: () => navigate('hosts', host.name, 'desktop'),
                    Delete: () => void removeHost(host),
                  })}
                >
                  <td>
                    <strong>{host.name}</strong>
                    {host.legacyAlgorithms && (
                      <>
                        {' '}
                        <span className="tag tag-legacy" title={t('hosts.legacy.markTitle', { names: host.legacyAlgorithms.join(', ') })}>
                          {t('hosts.legacy.mark')}
                        </span>
                      </>
                    )}
                  </td>
                  <td>
                    <code>
                      {host.address}
                      {host.port !== 22 && `:${host.port}`}
                    </code>
                  </td>
                  <td>{host.user}</td>
                  <td className="small">{authText(host, t)}</td>
                  <td>{host.jumpHost ?? <span className="muted">—</span>}</td>
                  <td>
                    {host.tags.map((tag) => (
                      <span key={tag} className="tag">
                        {tag}
                      </span>
                    ))}
                  </td>
                  <td>{host.client ?? ''}</td>
                  <td>{host.site ?? ''}</td>
                  <td>
                    <HostTicketsCell entry={ticketsByHost.get(host.name.toLowerCase())} />
                  </td>
                  <td className="host-actions">
                    <button type="button" className="primary" disabled={connecting !== undefined} onClick={() => void connect(host.name)}>
                      {connecting === host.name ? t('hosts.connecting') : t('hosts.connect')}
                      <span className="sr-only"> {host.name}</span>
                    </button>
                    <a className="button" href={routeHref('hosts', host.name, 'files')}>
                      {t('remote.book.files')}
                      <span className="sr-only"> {host.name}</span>
                    </a>
                    <button type="button" onClick={() => setDialog({ kind: 'edit', host })}>
                      {t('hosts.edit')}
                      <span className="sr-only"> {host.name}</span>
                    </button>
                    <button type="button" onClick={() => void removeHost(host)}>
                      {t('hosts.remove')}
                      <span className="sr-only"> {host.name}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p id="hosts-keys" className="small muted">
          {t('hosts.keysHelp')} {t('remote.book.keysHelp')}
        </p>
      </div>
      <RecordOption />
      <TerminalTabs />
      {dialog?.kind === 'add' && <HostForm hosts={list} onClose={closeDialog} />}
      {dialog?.kind === 'edit' && <HostForm host={dialog.host} hosts={list} onClose={closeDialog} />}
      {dialog?.kind === 'import' && <ImportDialog onClose={closeDialog} />}
      {dialog?.kind === 'vault' && <VaultDialog initialized={vault.data?.initialized ?? false} onClose={closeDialog} />}
      {dialog?.kind === 'hostKey' && (
        <HostKeyDialog
          offer={dialog.offer}
          onCancel={closeDialog}
          onTrusted={() => {
            const target = dialog.target;
            closeDialog();
            void connect(target);
          }}
        />
      )}
    </section>
  );
}
