import { useTranslation } from 'react-i18next';
import type { Ticket } from '../../../shared/tickets';
import { useCall } from '../../api/client';
import { navigate, routeHref } from '../../route';
import { prefillRecording } from '../../terminal/recording';

/** The host book entry a ticket's asset names (case-insensitive), if any. */
export function useAssetHost(asset: string | null) {
  const hosts = useCall('hosts.list', {}, { enabled: Boolean(asset) });
  return asset ? hosts.data?.find((h) => h.name.toLowerCase() === asset.trim().toLowerCase()) : undefined;
}

/** On a ticket whose asset is a host of the book: the remote tools, one click away, with the ticket carried along. */
export function HostCard({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const host = useAssetHost(ticket.asset);
  if (!host) return null;
  return (
    <section className="card host-card" aria-labelledby="host-card-title">
      <h2 id="host-card-title">
        {t('remote.card.title')} <span className="muted">·</span> {host.name}
      </h2>
      <p className="small muted">
        <code>
          {host.user}@{host.address}
          {host.port !== 22 && `:${host.port}`}
        </code>
        {host.osFamily !== 'unknown' && ` · ${t(`hosts.os.${host.osFamily}`)}`}
        {host.client && ` · ${host.client}`}
        {host.site && ` · ${host.site}`}
      </p>
      <div className="actions">
        <a className="button primary" href={routeHref('hosts', host.name, 'terminal')}>
          {t('remote.openTerminal')}
        </a>
        <button
          type="button"
          onClick={() => {
            prefillRecording(ticket.id);
            navigate('hosts', host.name, 'terminal');
          }}
        >
          {t('recording.fromTicket')}
        </button>
        <a className="button" href={routeHref('hosts', host.name, 'files', ticket.id)}>
          {t('remote.tabs.files')}
        </a>
        <a className="button" href={routeHref('hosts', host.name, 'logs', ticket.id)}>
          {t('remote.tabs.logs')}
        </a>
        <a className="button" href={routeHref('hosts', host.name, 'tunnels', ticket.id)}>
          {t('remote.tabs.tunnels')}
        </a>
        <a className="button" href={routeHref('hosts', host.name, 'desktop', ticket.id)}>
          {t('remote.card.desktop')}
        </a>
      </div>
    </section>
  );
}

/** Host names offered while typing an asset (a `<datalist>`). */
export function HostNameOptions({ id }: { id: string }) {
  const hosts = useCall('hosts.list', {});
  return (
    <datalist id={id}>
      {hosts.data?.map((h) => (
        <option key={h.id} value={h.name} />
      ))}
    </datalist>
  );
}
