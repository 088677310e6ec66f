import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCallMutation } from '../../api/client';
import { DialogForm } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { ErrorNotice } from '../../shell/ErrorNotice';

/** Unlocks the secret vault (the first passphrase creates it). The passphrase is not kept by the page. */
export function VaultDialog({ initialized, onClose }: { initialized: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [passphrase, setPassphrase] = useState('');
  const unlock = useCallMutation('secrets.unlock', ['secrets.status']);
  const submit = async () => {
    if (passphrase === '') return;
    const done = await unlock.mutateAsync({ passphrase }).catch(() => undefined);
    if (done) onClose();
  };
  return (
    <DialogForm
      title={initialized ? t('hosts.vault.unlockTitle') : t('hosts.vault.createTitle')}
      onCancel={onClose}
      onSubmit={() => void submit()}
      submitLabel={initialized ? t('hosts.vault.unlock') : t('hosts.vault.create')}
      busy={unlock.isPending || passphrase === ''}
      error={unlock.error && <ErrorNotice error={unlock.error} />}
    >
      <p className="small muted">{initialized ? t('hosts.vault.unlockText') : t('hosts.vault.createText')}</p>
      <Field label={t('hosts.vault.passphrase')}>
        {(props) => <input {...props} type="password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} autoComplete="current-password" />}
      </Field>
    </DialogForm>
  );
}
