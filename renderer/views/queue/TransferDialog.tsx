import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, useCallMutation } from '../../api/client';
import { DialogForm } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { ErrorNotice } from '../../shell/ErrorNotice';

/** Saves text as a file through the browser (no Node in the renderer). */
export function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

export async function exportQueue(format: 'csv' | 'json'): Promise<void> {
  const { text } = await client.call('tickets.export', { format });
  download(`atelier-tickets-${new Date().toISOString().slice(0, 10)}.${format}`, text, format === 'csv' ? 'text/csv' : 'application/json');
}

/** Import from the old tool: every problem listed by line and column; nothing imported unless all rows are good or the user skips the bad ones. */
export function ImportDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const mutation = useCallMutation('tickets.import', ['tickets.query', 'tickets.stats']);
  const [file, setFile] = useState<File | null>(null);
  const [skipInvalid, setSkipInvalid] = useState(false);
  const result = mutation.data;
  const run = async () => {
    if (!file) return;
    const format = file.name.toLowerCase().endsWith('.json') ? 'json' : 'csv';
    const done = await mutation.mutateAsync({ format, text: await file.text(), skipInvalid }).catch(() => null);
    if (done && done.problems.length === 0) onClose();
  };
  return (
    <DialogForm title={t('transfer.importTitle')} onCancel={onClose} onSubmit={() => void run()} submitLabel={t('transfer.import')} busy={mutation.isPending} error={mutation.error && <ErrorNotice error={mutation.error} />}>
      <p className="muted">{t('transfer.importHelp')}</p>
      <Field label={t('transfer.file')}>
        {(props) => <input {...props} type="file" accept=".csv,.json,text/csv,application/json" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />}
      </Field>
      <label className="checkbox">
        <input type="checkbox" checked={skipInvalid} onChange={(e) => setSkipInvalid(e.target.checked)} /> {t('transfer.skipInvalid')}
      </label>
      {result && result.problems.length > 0 && (
        <div className="notice notice-error" role="alert">
          <strong>{result.imported > 0 ? t('transfer.partial', { imported: result.imported, skipped: result.skipped }) : t('transfer.nothing', { count: result.problems.length })}</strong>
          <table className="problems">
            <thead>
              <tr>
                <th scope="col">{t('transfer.line')}</th>
                <th scope="col">{t('transfer.column')}</th>
                <th scope="col">{t('transfer.problem')}</th>
              </tr>
            </thead>
            <tbody>
              {result.problems.slice(0, 200).map((p, i) => (
                <tr key={i}>
                  <td>{p.line}</td>
                  <td>{p.column}</td>
                  <td>{p.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </DialogForm>
  );
}
