import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConfigImportPreview } from '../../../shared/contract';
import { useCallMutation } from '../../api/client';
import { DialogForm } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { ErrorNotice } from '../../shell/ErrorNotice';

/** Paste an OpenSSH `~/.ssh/config`, see what would be added and skipped, pick, import (all or nothing). */
export function ImportDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [preview, setPreview] = useState<ConfigImportPreview | undefined>();
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const previewCall = useCallMutation('hosts.previewConfigImport');
  const importCall = useCallMutation('hosts.importConfig', ['hosts.list']);

  const runPreview = async () => {
    const result = await previewCall.mutateAsync({ text }).catch(() => undefined);
    if (!result) return;
    setPreview(result);
    setPicked(new Set(result.toAdd.map((h) => h.name)));
  };
  const runImport = async () => {
    const done = await importCall.mutateAsync({ text, names: [...picked] }).catch(() => undefined);
    if (done) onClose();
  };
  const toggle = (name: string) =>
    setPicked((current) => {
      const next = new Set(current);
      if (next.has(name)) next.delete(name);
      else next.add(name);
      return next;
    });
  const failure = previewCall.error ?? importCall.error;

  return (
    <DialogForm
      title={t('hosts.import.title')}
      onCancel={onClose}
      onSubmit={() => void (preview ? runImport() : runPreview())}
      submitLabel={preview ? t('hosts.import.importN', { count: picked.size }) : t('hosts.import.preview')}
      busy={previewCall.isPending || importCall.isPending || (preview !== undefined && picked.size === 0) || text.trim() === ''}
      error={failure && <ErrorNotice error={failure} />}
    >
      <Field label={t('hosts.import.text')}>
        {(props) => (
          <textarea
            {...props}
            className="import-text"
            rows={preview ? 5 : 12}
            value={text}
            spellCheck={false}
            placeholder={'Host pc-compta\n  HostName 10.0.4.12\n  User support\n  IdentityFile ~/.ssh/id_ed25519'}
            onChange={(e) => {
              setText(e.target.value);
              setPreview(undefined);
            }}
          />
        )}
      </Field>
      {preview && (
        <div className="import-preview" aria-live="polite">
          <h3>{t('hosts.import.toAdd', { count: preview.toAdd.length })}</h3>
          {preview.toAdd.length > 0 && (
            <table className="hosts-table compact">
              <thead>
                <tr>
                  <th scope="col">
                    <span className="sr-only">{t('hosts.import.pick')}</span>
                  </th>
                  <th scope="col">{t('hosts.fields.name')}</th>
                  <th scope="col">{t('hosts.fields.address')}</th>
                  <th scope="col">{t('hosts.fields.user')}</th>
                  <th scope="col">{t('hosts.fields.auth')}</th>
                  <th scope="col">{t('hosts.fields.jump')}</th>
                </tr>
              </thead>
              <tbody>
                {preview.toAdd.map((h) => (
                  <tr key={h.name}>
                    <td>
                      <input type="checkbox" aria-label={t('hosts.import.pickOne', { name: h.name })} checked={picked.has(h.name)} onChange={() => toggle(h.name)} />
                    </td>
                    <td>{h.name}</td>
                    <td>
                      {h.address}
                      {h.port !== 22 && `:${h.port}`}
                    </td>
                    <td>{h.user}</td>
                    <td>{h.auth.method === 'key' ? [h.auth.keyFile, ...(h.auth.moreKeyFiles ?? [])].join(', ') : t(`hosts.auth.${h.auth.method}`)}</td>
                    <td>{h.jumpHost ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {preview.skipped.length > 0 && (
            <>
              <h3>{t('hosts.import.skipped', { count: preview.skipped.length })}</h3>
              <ul className="small">
                {preview.skipped.map((s) => (
                  <li key={s.name}>
                    <strong>{s.name}</strong>: {s.reason}
                  </li>
                ))}
              </ul>
            </>
          )}
          {preview.warnings.length > 0 && (
            <>
              <h3>{t('hosts.import.warnings')}</h3>
              <ul className="small">
                {preview.warnings.map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </DialogForm>
  );
}
