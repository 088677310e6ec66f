import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Host, TunnelStatus } from '../../../../shared/contract';
import { client, useCall, useStream } from '../../../api/client';
import { Field } from '../../../components/Field';
import { ErrorNotice } from '../../../shell/ErrorNotice';
import { formatBytes } from '../../../../shared/remote/paths';

const PRESETS = { vnc: 5900, rdp: 3389, http: 80, https: 443, custom: undefined } as const;
type Preset = keyof typeof PRESETS;

function portProblem(text: string, min: number): boolean {
  const n = Number(text);
  return !/^\d+$/.test(text.trim()) || !Number.isInteger(n) || n < min || n > 65535;
}

/**
 * Local port forwards so a desktop viewer (VNC, RDP, a browser) reaches a service of the host through SSH:
 * a form with presets, and the open tunnels with live counters and Stop.
 */
export function TunnelsPanel({ host }: { host: Host }) {
  const { t } = useTranslation();
  const listed = useCall('tunnels.list', {});
  const [tunnels, setTunnels] = useState<Map<string, TunnelStatus>>(new Map());
  const [preset, setPreset] = useState<Preset>('vnc');
  const [remoteHost, setRemoteHost] = useState('127.0.0.1');
  const [remotePort, setRemotePort] = useState('5900');
  const [localPort, setLocalPort] = useState('0');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const [opened, setOpened] = useState<TunnelStatus | undefined>();
  const [copied, setCopied] = useState(false);

  useEffect(() => {
    if (listed.data) setTunnels(new Map(listed.data.map((s) => [s.id, s])));
  }, [listed.data]);
  const onStatus = useCallback((status: TunnelStatus) => setTunnels((map) => (map.has(status.id) || status.state === 'listening' ? new Map(map).set(status.id, status) : map)), []);
  useStream('tunnels.status', onStatus);

  const badRemote = portProblem(remotePort, 1);
  const badLocal = portProblem(localPort, 0);
  const badHost = remoteHost.trim() === '' || /\s/.test(remoteHost.trim());

  const open = async () => {
    setTried(true);
    setFailure(undefined);
    if (badRemote || badLocal || badHost) return;
    setBusy(true);
    try {
      const status = await client.call('tunnels.open', { name: host.name, localPort: Number(localPort), remoteHost: remoteHost.trim(), remotePort: Number(remotePort) });
      setTunnels((map) => new Map(map).set(status.id, status));
      setOpened(status);
      setCopied(false);
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };

  const stop = async (id: string) => {
    setFailure(undefined);
    try {
      await client.call('tunnels.stop', { id });
    } catch (error) {
      setFailure(error);
    }
    setTunnels((map) => {
      const next = new Map(map);
      next.delete(id);
      return next;
    });
    if (opened?.id === id) setOpened(undefined);
  };

  const address = opened ? `127.0.0.1:${opened.localPort}` : '';
  const list = [...tunnels.values()];

  return (
    <div className="remote-tunnels">
      <form
        className="card tunnel-form"
        aria-labelledby="tunnel-form-title"
        onSubmit={(e) => {
          e.preventDefault();
          void open();
        }}
      >
        <h2 id="tunnel-form-title">{t('remote.tunnels.newTitle', { name: host.name })}</h2>
        <div className="tunnel-fields">
          <Field label={t('remote.tunnels.preset')}>
            {(props) => (
              <select
                {...props}
                value={preset}
                onChange={(e) => {
                  const next = e.target.value as Preset;
                  setPreset(next);
                  const port = PRESETS[next];
                  if (port !== undefined) setRemotePort(String(port));
                }}
              >
                {(Object.keys(PRESETS) as Preset[]).map((p) => (
                  <option key={p} value={p}>
                    {t(`remote.tunnels.presets.${p}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('remote.tunnels.remoteHost')} error={tried && badHost ? t('hosts.form.addressRule') : undefined}>
            {(props) => <input {...props} className="mono" value={remoteHost} onChange={(e) => setRemoteHost(e.target.value)} spellCheck={false} />}
          </Field>
          <Field label={t('remote.tunnels.remotePort')} error={tried && badRemote ? t('remote.tunnels.portRule', { min: 1 }) : undefined}>
            {(props) => (
              <input
                {...props}
                className="narrow"
                inputMode="numeric"
                value={remotePort}
                onChange={(e) => {
                  setRemotePort(e.target.value);
                  const match = (Object.keys(PRESETS) as Preset[]).find((p) => PRESETS[p] === Number(e.target.value));
                  setPreset(match ?? 'custom');
                }}
              />
            )}
          </Field>
          <Field label={t('remote.tunnels.localPort')} error={tried && badLocal ? t('remote.tunnels.portRule', { min: 0 }) : undefined}>
            {(props) => <input {...props} className="narrow" inputMode="numeric" value={localPort} onChange={(e) => setLocalPort(e.target.value)} aria-describedby="local-port-hint" />}
          </Field>
          <button type="submit" className="primary" disabled={busy}>
            {t('remote.tunnels.open')}
          </button>
        </div>
        <p className="small muted" id="local-port-hint">
          {t('remote.tunnels.localPortHint')} {t('remote.tunnels.remoteHostHint', { name: host.name })}
        </p>
        {failure !== undefined && <ErrorNotice error={failure} />}
        {opened && (
          <p className="notice notice-ok tunnel-opened" role="status">
            {t('remote.tunnels.opened')} <code data-testid="tunnel-address">{address}</code>{' '}
            <button
              type="button"
              onClick={() =>
                void navigator.clipboard
                  ?.writeText(address)
                  .then(() => setCopied(true))
                  .catch(() => undefined)
              }
            >
              {copied ? t('remote.tunnels.copied') : t('remote.tunnels.copy')}
            </button>
          </p>
        )}
      </form>
      <h2 className="tunnels-title" id="tunnels-title">
        {t('remote.tunnels.listLabel')}
      </h2>
      {list.length === 0 ? (
        <p className="muted">{t('remote.tunnels.none')}</p>
      ) : (
        <table className="hosts-table" aria-labelledby="tunnels-title">
          <thead>
            <tr>
              <th scope="col">{t('remote.tunnels.host')}</th>
              <th scope="col">{t('remote.tunnels.local')}</th>
              <th scope="col">{t('remote.tunnels.remote')}</th>
              <th scope="col">{t('remote.tunnels.state')}</th>
              <th scope="col" className="num">
                {t('remote.tunnels.connections')}
              </th>
              <th scope="col" className="num">
                {t('remote.tunnels.traffic')}
              </th>
              <th scope="col">
                <span className="sr-only">{t('hosts.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((s) => (
              <tr key={s.id} data-tunnel={s.localPort}>
                <td>{s.host}</td>
                <td>
                  <code>127.0.0.1:{s.localPort}</code>
                </td>
                <td>
                  <code>
                    {s.remoteHost}:{s.remotePort}
                  </code>
                </td>
                <td>
                  <span className={`tunnel-state tunnel-${s.state}`}>{t(`remote.tunnels.states.${s.state}`)}</span>
                  {s.lastError && <div className="small field-error">{s.lastError}</div>}
                </td>
                <td className="num">
                  {s.activeConnections} / {s.totalConnections}
                </td>
                <td className="num">
                  {formatBytes(s.bytesIn)} / {formatBytes(s.bytesOut)}
                </td>
                <td className="host-actions">
                  <button type="button" onClick={() => void stop(s.id)}>
                    {s.state === 'listening' ? t('remote.tunnels.stop') : t('remote.tunnels.forget')}
                    <span className="sr-only"> 127.0.0.1:{s.localPort}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
