import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallInput, ImportPreview } from '../../../shared/contract';
import { client, useCallMutation } from '../../api/client';
import { fileToBase64 } from '../../api/base64';
import { DialogForm } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { ErrorNotice } from '../../shell/ErrorNotice';
import { ImportProblems, MappingTable, PreviewTable, ReadingOptions } from './ImportMapping';

type Options = Omit<CallInput<'tickets.importPreview'>, 'base64'>;

/**
 * Import from another helpdesk or from Atelier's own format. Choosing a file reads it (nothing imported): the
 * dialog shows what was detected (source, encoding, separator), the proposed column mapping and the first
 * tickets as they will be imported, and the bad rows by line and column. Every choice reads the file again;
 * Import imports with those choices (nothing while a row is bad unless the user skips bad rows).
 */
export function ImportDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const mutation = useCallMutation('tickets.importFile', ['tickets.query', 'tickets.stats']);
  const [base64, setBase64] = useState<string | null>(null);
  const [options, setOptions] = useState<Options>({});
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [previewError, setPreviewError] = useState<Error | null>(null);
  const [skipInvalid, setSkipInvalid] = useState(false);

  useEffect(() => {
    if (base64 === null) return;
    let current = true;
    client
      .call('tickets.importPreview', { base64, ...options })
      .then((result) => current && (setPreview(result), setPreviewError(null)))
      .catch((error: Error) => current && setPreviewError(error));
    return () => {
      current = false;
    };
  }, [base64, options]);

  const choose = (change: Options) => {
    mutation.reset();
    setOptions((previous) => ({ ...previous, ...change }));
  };
  const run = async () => {
    if (base64 === null || !preview) return;
    // What the user saw is what gets imported: the detected values are sent as explicit choices.
    const chosen = {
      base64,
      encoding: preview.encoding,
      separator: preview.separator ?? undefined,
      source: preview.source,
      ...(preview.format === 'mapped' ? { mapping: preview.mapping } : {}),
      skipInvalid,
    };
    const done = await mutation.mutateAsync(chosen).catch(() => null);
    if (done && done.problems.length === 0 && done.alreadyImported === 0) onClose();
  };
  const result = mutation.data;
  const problems = result?.problems ?? preview?.problems ?? [];
  const summary = result
    ? result.problems.length === 0
      ? null
      : result.imported > 0
        ? t('transfer.partial', { imported: result.imported, skipped: result.skipped })
        : t('transfer.nothing', { count: result.problems.length })
    : problems.length > 0
      ? t('ticketImport.problemsBefore', { count: problems.length })
      : null;

  return (
    <DialogForm
      title={t('transfer.importTitle')}
      onCancel={onClose}
      onSubmit={() => void run()}
      submitLabel={t('transfer.import')}
      busy={mutation.isPending || previewError !== null || (base64 !== null && !preview)}
      error={(mutation.error || previewError) && <ErrorNotice error={(mutation.error ?? previewError) as Error} />}
    >
      <p className="muted">{t('ticketImport.help')}</p>
      <Field label={t('transfer.file')}>
        {(props) => (
          <input
            {...props}
            type="file"
            accept=".csv,.json,.txt,text/csv,application/json"
            onChange={(e) => {
              const file = e.target.files?.[0];
              mutation.reset();
              setPreview(null);
              setOptions({});
              setBase64(null);
              setPreviewError(null);
              if (file) void fileToBase64(file).then(setBase64);
            }}
          />
        )}
      </Field>
      {base64 !== null && !preview && !previewError && <p className="muted">{t('ticketImport.reading')}</p>}
      {preview && (
        <>
          <ReadingOptions preview={preview} chosen={options} onChange={choose} />
          <PreviewTable preview={preview} />
          {preview.format === 'mapped' && <MappingTable preview={preview} chosen={options.mapping} onChange={(mapping) => choose({ mapping })} />}
        </>
      )}
      {result && result.alreadyImported > 0 && (
        <p className="notice" role="status">
          {result.imported > 0 && `${t('ticketImport.done', { count: result.imported })} `}
          {t('ticketImport.alreadyImported', { count: result.alreadyImported })}
        </p>
      )}
      <label className="checkbox">
        <input type="checkbox" checked={skipInvalid} onChange={(e) => setSkipInvalid(e.target.checked)} /> {t('transfer.skipInvalid')}
      </label>
      {summary && <ImportProblems summary={summary} problems={problems} />}
    </DialogForm>
  );
}
