import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HostKeyOffer } from '../../../shared/contract';
import { useCallMutation } from '../../api/client';
import { DialogForm } from '../../components/Dialog';
import { ErrorNotice } from '../../shell/ErrorNotice';

/** `ssh-ed25519` -> `ED25519`, as OpenSSH names key types in its prompts. */
export function openSshKeyName(keyType: string): string {
  if (keyType === 'ssh-ed25519') return 'ED25519';
  if (keyType.startsWith('ecdsa-sha2-')) return 'ECDSA';
  if (keyType === 'ssh-rsa' || keyType.startsWith('rsa-sha2-')) return 'RSA';
  return keyType.toUpperCase();
}

/**
 * The host-key decision. An unknown key is shown as OpenSSH shows it and trusted on request; a changed key
 * blocks, and only "I verified the new key" (checked on the machine itself) replaces the pinned one.
 */
export function HostKeyDialog({ offer, onCancel, onTrusted }: { offer: HostKeyOffer; onCancel: () => void; onTrusted: () => void }) {
  const { t } = useTranslation();
  const changed = (offer.previousFingerprints?.length ?? 0) > 0;
  const [verified, setVerified] = useState(false);
  const trust = useCallMutation('knownHosts.trust', ['knownHosts.list']);
  const replace = useCallMutation('knownHosts.replace', ['knownHosts.list']);
  const where = offer.port === 22 ? offer.address : `[${offer.address}]:${offer.port}`;
  const line = `${openSshKeyName(offer.keyType)} key fingerprint is ${offer.fingerprint}.`;

  const submit = async () => {
    if (changed && !verified) return;
    const input = { name: offer.host, fingerprint: offer.fingerprint };
    const done = await (changed ? replace.mutateAsync(input) : trust.mutateAsync(input)).catch(() => null);
    if (done) onTrusted();
  };
  const failure = trust.error ?? replace.error;

  return (
    <DialogForm
      title={changed ? t('hosts.key.changedTitle', { host: offer.host }) : t('hosts.key.unknownTitle', { host: offer.host })}
      onCancel={onCancel}
      onSubmit={() => void submit()}
      submitLabel={changed ? t('hosts.key.replace') : t('hosts.key.trust')}
      busy={trust.isPending || replace.isPending || (changed && !verified)}
      error={failure && <ErrorNotice error={failure} />}
    >
      <div className={changed ? 'hostkey hostkey-changed' : 'hostkey'} data-testid="host-key-prompt">
        {changed && (
          <p className="hostkey-warning" role="alert">
            <strong>{t('hosts.key.changedWarning')}</strong> {t('hosts.key.changedText', { where })}
          </p>
        )}
        {!changed && <p>{t('hosts.key.unknownText', { where })}</p>}
        <pre className="hostkey-fingerprint" data-testid="host-key-fingerprint">
          {line}
        </pre>
        <p className="small muted">
          {t('hosts.key.algorithm')}: <code>{offer.keyType}</code>
        </p>
        {changed && (
          <>
            <p className="small">{t('hosts.key.previous')}</p>
            <ul className="hostkey-previous">
              {offer.previousFingerprints?.map((fp) => (
                <li key={fp}>
                  <code>{fp}</code>
                </li>
              ))}
            </ul>
            <label className="checkbox">
              <input type="checkbox" checked={verified} onChange={(e) => setVerified(e.target.checked)} />
              {t('hosts.key.verified')}
            </label>
          </>
        )}
        {offer.certAuthorities && offer.certAuthorities.length > 0 && (
          <>
            <p className="small">{t('hosts.key.certAuthorities')}</p>
            <ul className="hostkey-previous" data-testid="host-key-cas">
              {offer.certAuthorities.map((ca) => (
                <li key={ca}>
                  <code>{ca}</code>
                </li>
              ))}
            </ul>
          </>
        )}
        {!changed && <p className="small muted">{t('hosts.key.howToCheck')}</p>}
      </div>
    </DialogForm>
  );
}
