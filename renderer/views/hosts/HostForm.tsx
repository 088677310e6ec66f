import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AtelierError, type Host, type HostAuth, type OsFamily } from '../../../shared/contract';
import { client, useCall, useCallMutation } from '../../api/client';
import { DialogForm } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { ErrorNotice } from '../../shell/ErrorNotice';
import { draftOf, EMPTY_DRAFT, validateDraft, type DraftErrors, type HostDraft } from './host-form';
import { LegacyAlgorithmsField } from './LegacyAlgorithmsField';

const METHODS: HostAuth['method'][] = ['key', 'agent', 'password', 'keyboard-interactive'];
const OS_FAMILIES: OsFamily[] = ['unknown', 'linux', 'windows', 'macos', 'bsd', 'other'];

/** Add or edit a host. Rules come from the contract's schema; a secret typed here goes to the vault only. */
export function HostForm({ host, hosts, onClose }: { host?: Host; hosts: Host[]; onClose: (saved?: Host) => void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<HostDraft>(host ? draftOf(host) : EMPTY_DRAFT);
  const [secret, setSecret] = useState('');
  const [tried, setTried] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const vault = useCall('secrets.status', {});
  const add = useCallMutation('hosts.add', ['hosts.list']);
  const update = useCallMutation('hosts.update', ['hosts.list']);
  const set = <K extends keyof HostDraft>(key: K, value: HostDraft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  const { input, errors } = validateDraft(draft);
  const serverError = failure instanceof AtelierError ? failure : undefined;
  const shown = (field: keyof HostDraft): string | undefined => {
    if (serverError?.path?.endsWith(`.${field}`) || serverError?.path === field) return serverError.message;
    if (!tried) return undefined;
    return message(field, errors);
  };
  const message = (field: keyof HostDraft, all: DraftErrors): string | undefined => {
    const raw = all[field];
    if (raw === undefined) return undefined;
    if (typeof draft[field] === 'string' && String(draft[field]).trim() === '') return t('hosts.form.required');
    const rule: Partial<Record<keyof HostDraft, string>> = {
      name: t('hosts.form.nameRule'),
      address: t('hosts.form.addressRule'),
      user: t('hosts.form.userRule'),
      port: t('hosts.form.portRule'),
    };
    return rule[field] ?? raw;
  };

  const needsSecret = draft.method === 'password' || draft.method === 'keyboard-interactive' || (draft.method === 'key' && draft.hasPassphrase);
  const unlocked = vault.data?.unlocked === true;

  const submit = async () => {
    setTried(true);
    setFailure(undefined);
    if (!input) return;
    try {
      const { name: _name, ...fields } = input;
      const saved = host ? await update.mutateAsync({ name: host.name, patch: { ...fields, jumpHost: fields.jumpHost ?? null, client: fields.client ?? null, site: fields.site ?? null, notes: fields.notes ?? null, legacyAlgorithms: fields.legacyAlgorithms ?? [] } }) : await add.mutateAsync(input);
      if (needsSecret && secret !== '') {
        if (draft.method === 'key') await client.call('secrets.setKeyPassphrase', { name: saved.name, passphrase: secret });
        else await client.call('secrets.setHostPassword', { name: saved.name, password: secret });
      }
      onClose(saved);
    } catch (error) {
      setFailure(error);
    }
  };

  return (
    <DialogForm
      title={host ? t('hosts.form.editTitle', { name: host.name }) : t('hosts.form.addTitle')}
      onCancel={() => onClose()}
      onSubmit={() => void submit()}
      submitLabel={host ? t('hosts.form.save') : t('hosts.form.add')}
      busy={add.isPending || update.isPending}
      error={failure !== undefined && <ErrorNotice error={failure} />}
    >
      <div className="form-grid">
        <Field label={t('hosts.fields.name')} error={shown('name')}>
          {(props) => <input {...props} value={draft.name} disabled={host !== undefined} onChange={(e) => set('name', e.target.value)} autoComplete="off" />}
        </Field>
        <Field label={t('hosts.fields.address')} error={shown('address')}>
          {(props) => <input {...props} value={draft.address} onChange={(e) => set('address', e.target.value)} autoComplete="off" placeholder="pc-compta-12.example.lan" />}
        </Field>
        <Field label={t('hosts.fields.user')} error={shown('user')}>
          {(props) => <input {...props} value={draft.user} onChange={(e) => set('user', e.target.value)} autoComplete="off" />}
        </Field>
        <Field label={t('hosts.fields.port')} error={shown('port')}>
          {(props) => <input {...props} value={draft.port} inputMode="numeric" onChange={(e) => set('port', e.target.value)} />}
        </Field>
        <Field label={t('hosts.fields.auth')} error={shown('method')}>
          {(props) => (
            <select {...props} value={draft.method} onChange={(e) => set('method', e.target.value as HostAuth['method'])}>
              {METHODS.map((m) => (
                <option key={m} value={m}>
                  {t(`hosts.auth.${m}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('hosts.fields.jump')} error={shown('jumpHost')}>
          {(props) => (
            <select {...props} value={draft.jumpHost} onChange={(e) => set('jumpHost', e.target.value)}>
              <option value="">{t('hosts.form.noJump')}</option>
              {hosts
                .filter((h) => h.name !== host?.name)
                .map((h) => (
                  <option key={h.id} value={h.name}>
                    {h.name}
                  </option>
                ))}
            </select>
          )}
        </Field>
        {draft.method === 'key' && (
          <>
            <Field label={t('hosts.fields.keyFile')} error={shown('keyFile')}>
              {(props) => <input {...props} value={draft.keyFile} onChange={(e) => set('keyFile', e.target.value)} placeholder="~/.ssh/id_ed25519" autoComplete="off" />}
            </Field>
            <Field label={t('hosts.fields.moreKeyFiles')} error={shown('moreKeyFiles')}>
              {(props) => (
                <>
                  <textarea {...props} rows={2} value={draft.moreKeyFiles} onChange={(e) => set('moreKeyFiles', e.target.value)} autoComplete="off" />
                  <span className="small muted">{t('hosts.form.moreKeyFilesNote')}</span>
                </>
              )}
            </Field>
            <div className="field">
              <span className="label">{t('hosts.fields.passphrase')}</span>
              <label className="checkbox">
                <input type="checkbox" checked={draft.hasPassphrase} onChange={(e) => set('hasPassphrase', e.target.checked)} />
                {t('hosts.form.hasPassphrase')}
              </label>
            </div>
          </>
        )}
        {needsSecret && (
          <Field label={draft.method === 'key' ? t('hosts.form.keyPassphrase') : t('hosts.form.password')}>
            {(props) => (
              <>
                <input {...props} type="password" value={secret} disabled={!unlocked} onChange={(e) => setSecret(e.target.value)} autoComplete="new-password" />
                <span className="small muted">{unlocked ? t('hosts.form.secretNote') : t('hosts.form.vaultLocked')}</span>
              </>
            )}
          </Field>
        )}
        <Field label={t('hosts.fields.os')}>
          {(props) => (
            <select {...props} value={draft.osFamily} onChange={(e) => set('osFamily', e.target.value as OsFamily)}>
              {OS_FAMILIES.map((os) => (
                <option key={os} value={os}>
                  {t(`hosts.os.${os}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('hosts.fields.client')}>
          {(props) => <input {...props} value={draft.client} onChange={(e) => set('client', e.target.value)} />}
        </Field>
        <Field label={t('hosts.fields.site')} error={shown('site')}>
          {(props) => <input {...props} value={draft.site} onChange={(e) => set('site', e.target.value)} />}
        </Field>
        <Field label={t('hosts.fields.tags')} error={shown('tags')}>
          {(props) => <input {...props} value={draft.tags} onChange={(e) => set('tags', e.target.value)} placeholder={t('hosts.form.tagsHint')} className="wide" />}
        </Field>
        <LegacyAlgorithmsField value={draft.legacyAlgorithms} onChange={(names) => set('legacyAlgorithms', names)} />
        <Field label={t('hosts.fields.notes')}>
          {(props) => <textarea {...props} rows={3} value={draft.notes} onChange={(e) => set('notes', e.target.value)} />}
        </Field>
      </div>
    </DialogForm>
  );
}
