import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Host, SftpEntry } from '../../../../shared/contract';
import { client, useCall, useCallMutation } from '../../../api/client';
import { DialogForm } from '../../../components/Dialog';
import { Field } from '../../../components/Field';
import { formatDateTime } from '../../../format';
import { useShortcuts } from '../../../shortcuts';
import { ErrorNotice } from '../../../shell/ErrorNotice';
import { JobList } from './JobList';
import { baseName, folderNameProblem, formatBytes, joinRemote, parentRemote, sortEntries, type Sort, type SortKey } from '../../../../shared/remote/paths';
import { useRemoteJobs } from './use-jobs';
import { useRowNavigation } from '../../../components/row-navigation';

/** Files sent from the window travel in one call: 6 MiB at most (bigger ones go by their local path). */
const MAX_WINDOW_UPLOAD = 6 * 1024 * 1024;

type Dialog = { kind: 'mkdir' } | { kind: 'delete'; entry: SftpEntry };

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * The remote host's files over its SFTP session: browse, make a folder, delete, download to this computer
 * (and optionally to a ticket), upload from the window or from a local path. Transfers are jobs.
 */
export function FilesPanel({ host, home, ticketId }: { host: Host; home: string; ticketId?: string | undefined }) {
  const { t } = useTranslation();
  const name = host.name;
  const queries = useQueryClient();
  const [path, setPath] = useState(home);
  const [draft, setDraft] = useState(home);
  // Typing in the path bar wins over a listing that arrives meanwhile.
  const [editing, setEditing] = useState(false);
  const [sort, setSort] = useState<Sort>({ key: 'name', dir: 'asc' });
  const [dialog, setDialog] = useState<Dialog | undefined>();
  const [failure, setFailure] = useState<unknown>();
  const [tooBig, setTooBig] = useState<string | undefined>();
  const [attachTo, setAttachTo] = useState(ticketId ?? '');
  const [localPath, setLocalPath] = useState('');
  const [dragging, setDragging] = useState(false);
  const listing = useCall('sftp.list', { name, path }, { retry: false });
  const tickets = useCall('hosts.openTickets', { name });
  const fileInput = useRef<HTMLInputElement>(null);
  const pathInput = useRef<HTMLInputElement>(null);

  const refresh = () => void queries.invalidateQueries({ queryKey: ['sftp.list'] });
  const { jobs, track, cancel, dismiss } = useRemoteJobs((job) => {
    if (job.kind === 'upload' && job.state === 'done') refresh();
  });

  const current = listing.data?.path ?? path;
  const entries = useMemo(() => sortEntries(listing.data?.entries ?? [], sort), [listing.data, sort]);
  const names = useMemo(() => entries.map((e) => e.name), [entries]);
  const rows = useRowNavigation(entries.length);
  const { index, setSelected } = rows;
  const chosen = entries[index];

  // The server names the folder (`..` resolved, `~` expanded): show that in the path bar.
  useEffect(() => {
    if (listing.data && !editing) setDraft(listing.data.path);
  }, [listing.data, editing]);

  const go = (next: string) => {
    setFailure(undefined);
    setSelected(0);
    setPath(next);
    setDraft(next);
    setEditing(false);
  };
  const download = async (entry: SftpEntry) => {
    setFailure(undefined);
    try {
      const { jobId } = await client.call('sftp.download', { name, remotePath: joinRemote(current, entry.name), ...(attachTo ? { ticketId: attachTo } : {}) });
      track(jobId, 'download', entry.name);
    } catch (error) {
      setFailure(error);
    }
  };

  const confirmReplace = (target: string) => !names.includes(baseName(target)) || window.confirm(t('remote.files.replaceConfirm', { path: target, host: name }));

  const uploadFiles = async (files: readonly File[]) => {
    setTooBig(undefined);
    setFailure(undefined);
    for (const file of files) {
      if (file.size > MAX_WINDOW_UPLOAD) {
        setTooBig(t('remote.files.tooBig', { name: file.name, size: formatBytes(file.size) }));
        continue;
      }
      const remotePath = joinRemote(current, file.name);
      if (!confirmReplace(remotePath)) continue;
      try {
        const base64 = toBase64(new Uint8Array(await file.arrayBuffer()));
        const { jobId } = await client.call('sftp.uploadData', { name, remotePath, base64 });
        track(jobId, 'upload', file.name);
      } catch (error) {
        setFailure(error);
      }
    }
  };

  const uploadLocal = async () => {
    const source = localPath.trim();
    if (!source) return;
    setFailure(undefined);
    const remotePath = joinRemote(current, baseName(source));
    if (!confirmReplace(remotePath)) return;
    try {
      const { jobId } = await client.call('sftp.upload', { name, localPath: source, remotePath });
      track(jobId, 'upload', baseName(source));
      setLocalPath('');
    } catch (error) {
      setFailure(error);
    }
  };

  const open = (entry: SftpEntry | undefined) => {
    if (!entry) return;
    if (entry.type === 'directory' || entry.type === 'symlink') go(joinRemote(current, entry.name));
    else void download(entry);
  };

  useShortcuts(
    dialog
      ? []
      : [
          { keys: 'n', run: () => setDialog({ kind: 'mkdir' }) },
          { keys: 'u', run: () => fileInput.current?.click() },
          { keys: 'r', run: refresh },
        ],
  );

  const sortButton = (key: SortKey, label: string) => (
    <th scope="col" className={key === 'size' ? 'num' : undefined} aria-sort={sort.key === key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" className="sort" onClick={() => setSort((s) => ({ key, dir: s.key === key && s.dir === 'asc' ? 'desc' : 'asc' }))}>
        {label}
        {sort.key === key && <span aria-hidden="true">{sort.dir === 'asc' ? ' ▲' : ' ▼'}</span>}
      </button>
    </th>
  );

  return (
    <div className="remote-files">
      <form
        className="remote-pathbar"
        onSubmit={(event) => {
          event.preventDefault();
          if (draft.trim()) go(draft.trim());
        }}
      >
        <label htmlFor="remote-path">{t('remote.files.path')}</label>
        <input id="remote-path" ref={pathInput} className="mono" value={draft}
          onChange={(e) => {
            setDraft(e.target.value);
            setEditing(true);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape' && listing.data) {
              setDraft(listing.data.path);
              setEditing(false);
            }
          }}
          spellCheck={false}
          autoComplete="off"
        />
        <button type="submit">{t('remote.files.go')}</button>
        <button type="button" onClick={() => go(parentRemote(current))} disabled={current === '/'}>
          {t('remote.files.up')}
        </button>
        <button type="button" onClick={refresh} aria-keyshortcuts="r">
          {t('remote.files.refresh')} <kbd>r</kbd>
        </button>
        <span className="spacer" />
        <button type="button" onClick={() => setDialog({ kind: 'mkdir' })} aria-keyshortcuts="n">
          {t('remote.files.newFolder')} <kbd>n</kbd>
        </button>
        <button type="button" className="primary" onClick={() => fileInput.current?.click()} aria-keyshortcuts="u">
          {t('remote.files.upload')} <kbd>u</kbd>
        </button>
        <input
          ref={fileInput}
          type="file"
          multiple
          hidden
          data-testid="upload-input"
          onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            e.target.value = '';
            void uploadFiles(files);
          }}
        />
      </form>
      <DownloadSettings attachTo={attachTo} onAttachTo={setAttachTo} tickets={tickets.data?.[0]?.tickets ?? []} routeTicket={ticketId} />
      {failure !== undefined && <ErrorNotice error={failure} />}
      {tooBig && (
        <p className="notice notice-error" role="alert">
          {tooBig}
        </p>
      )}
      {listing.error && <ErrorNotice error={listing.error} />}
      <JobList jobs={jobs} onCancel={cancel} onDismiss={dismiss} />
      <div
        className={dragging ? 'remote-list dragging' : 'remote-list'}
        onDragOver={(e) => {
          if (!e.dataTransfer.types.includes('Files')) return;
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          void uploadFiles([...e.dataTransfer.files]);
        }}
      >
        {listing.isLoading && <p className="muted">{t('common.loading')}</p>}
        {listing.data && (
          <table className="hosts-table remote-table" aria-label={t('remote.files.listLabel', { path: current })} aria-describedby="remote-files-keys">
            <thead>
              <tr>
                {sortButton('name', t('remote.files.name'))}
                {sortButton('type', t('remote.files.type'))}
                {sortButton('size', t('remote.files.size'))}
                {sortButton('modified', t('remote.files.modified'))}
                <th scope="col">
                  <span className="sr-only">{t('hosts.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody ref={rows.body}>
              {entries.map((entry, i) => (
                <tr
                  key={entry.name}
                  data-entry={entry.name}
                  {...rows.rowProps(i, () => open(entry), {
                    Backspace: () => go(parentRemote(current)),
                    Delete: () => setDialog({ kind: 'delete', entry }),
                    ...(entry.type === 'file' ? { d: () => void download(entry) } : {}),
                  })}
                >
                  <td className="remote-name">
                    {entry.type === 'directory' ? (
                      <strong>
                        {entry.name}
                        <span aria-hidden="true">/</span>
                      </strong>
                    ) : (
                      entry.name
                    )}
                    {entry.type === 'symlink' && <span aria-hidden="true"> →</span>}
                  </td>
                  <td className="small">{t(`remote.files.types.${entry.type}`)}</td>
                  <td className="num">{entry.type === 'directory' ? '' : formatBytes(entry.size)}</td>
                  <td className="small">{formatDateTime(Date.parse(entry.modifiedAt))}</td>
                  <td className="host-actions">
                    {entry.type === 'file' ? (
                      <button type="button" tabIndex={i === index ? 0 : -1} onClick={() => void download(entry)}>
                        {t('remote.files.download')}
                        <span className="sr-only"> {entry.name}</span>
                      </button>
                    ) : (
                      <button type="button" tabIndex={i === index ? 0 : -1} onClick={() => open(entry)}>
                        {t('remote.files.open')}
                        <span className="sr-only"> {entry.name}</span>
                      </button>
                    )}
                    <button type="button" tabIndex={i === index ? 0 : -1} onClick={() => setDialog({ kind: 'delete', entry })}>
                      {t('remote.files.delete')}
                      <span className="sr-only"> {entry.name}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {listing.data && entries.length === 0 && <p className="muted remote-empty">{t('remote.files.emptyFolder')}</p>}
        <p className="small muted remote-drop">{t('remote.files.dropHint')}</p>
      </div>
      <p id="remote-files-keys" className="small muted">
        {t('remote.files.keysHelp')}
      </p>
      <form
        className="remote-local-upload"
        onSubmit={(e) => {
          e.preventDefault();
          void uploadLocal();
        }}
      >
        <Field label={t('remote.files.uploadPath')}>
          {(props) => <input {...props} className="mono" value={localPath} onChange={(e) => setLocalPath(e.target.value)} spellCheck={false} aria-describedby="remote-upload-hint" />}
        </Field>
        <button type="submit" disabled={!localPath.trim()}>
          {t('remote.files.uploadPathButton')}
        </button>
        <p id="remote-upload-hint" className="small muted">
          {t('remote.files.uploadPathHint')}
        </p>
      </form>
      {dialog?.kind === 'mkdir' && (
        <MkdirDialog
          host={name}
          folder={current}
          existing={names}
          onClose={() => setDialog(undefined)}
          onCreated={(folderName) => {
            setDialog(undefined);
            void queries.invalidateQueries({ queryKey: ['sftp.list'] }).then(() => {
              const i = sortEntries(queries.getQueryData<{ entries: SftpEntry[] }>(['sftp.list', { name, path }])?.entries ?? [], sort).findIndex((e) => e.name === folderName);
              if (i >= 0) setSelected(i);
            });
          }}
        />
      )}
      {dialog?.kind === 'delete' && (
        <DeleteDialog
          host={name}
          path={joinRemote(current, dialog.entry.name)}
          folder={dialog.entry.type === 'directory'}
          onClose={() => setDialog(undefined)}
          onDeleted={() => {
            setDialog(undefined);
            refresh();
            setTimeout(rows.focusSelected, 100);
          }}
        />
      )}
    </div>
  );
}

/** Where downloads go on this computer, and the ticket they are also attached to. */
function DownloadSettings({
  attachTo,
  onAttachTo,
  tickets,
  routeTicket,
}: {
  attachTo: string;
  onAttachTo: (ticketId: string) => void;
  tickets: readonly { id: string; ref: string; title: string }[];
  routeTicket: string | undefined;
}) {
  const { t } = useTranslation();
  const folder = useCall('sftp.downloadFolder', {});
  const save = useCallMutation('sftp.setDownloadFolder', ['sftp.downloadFolder']);
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState('');
  const known = tickets.some((x) => x.id === routeTicket);
  return (
    <div className="remote-settings">
      {!editing ? (
        <p className="small">
          {t('remote.files.downloadsGoTo')} <code data-testid="download-folder">{folder.data?.folder ?? '…'}</code>{' '}
          {folder.data?.isDefault && <span className="muted">{t('remote.files.defaultFolder')}</span>}{' '}
          <button
            type="button"
            className="link-button"
            onClick={() => {
              setDraft(folder.data?.folder ?? '');
              setEditing(true);
            }}
          >
            {t('remote.files.change')}
          </button>
        </p>
      ) : (
        <form
          className="remote-folder-form"
          onSubmit={(e) => {
            e.preventDefault();
            void save.mutateAsync({ folder: draft }).then(() => setEditing(false), () => undefined);
          }}
        >
          <Field label={t('remote.files.folderLabel')}>{(props) => <input {...props} className="mono" value={draft} onChange={(e) => setDraft(e.target.value)} spellCheck={false} />}</Field>
          <button type="submit" className="primary" disabled={save.isPending}>
            {t('remote.files.saveFolder')}
          </button>
          <button type="button" onClick={() => void save.mutateAsync({ folder: null }).then(() => setEditing(false), () => undefined)}>
            {t('remote.files.useDefault')}
          </button>
          <button type="button" onClick={() => setEditing(false)}>
            {t('common.cancel')}
          </button>
          {save.error && <ErrorNotice error={save.error} />}
        </form>
      )}
      <Field label={t('remote.files.attachTo')}>
        {(props) => (
          <select {...props} value={attachTo} onChange={(e) => onAttachTo(e.target.value)}>
            <option value="">{t('remote.files.noTicket')}</option>
            {routeTicket && !known && <option value={routeTicket}>{routeTicket}</option>}
            {tickets.map((x) => (
              <option key={x.id} value={x.id}>
                {x.ref} · {x.title}
              </option>
            ))}
          </select>
        )}
      </Field>
    </div>
  );
}

function MkdirDialog({ host, folder, existing, onClose, onCreated }: { host: string; folder: string; existing: readonly string[]; onClose: () => void; onCreated: (name: string) => void }) {
  const { t } = useTranslation();
  const mkdir = useCallMutation('sftp.mkdir');
  const [value, setValue] = useState('');
  const [tried, setTried] = useState(false);
  const problem = folderNameProblem(value, existing);
  const submit = async () => {
    setTried(true);
    if (problem) return;
    const created = await mkdir.mutateAsync({ name: host, path: joinRemote(folder, value.trim()) }).catch(() => null);
    if (created) onCreated(value.trim());
  };
  return (
    <DialogForm
      title={t('remote.files.mkdirTitle', { path: folder })}
      onCancel={onClose}
      onSubmit={() => void submit()}
      submitLabel={t('remote.files.mkdirCreate')}
      busy={mkdir.isPending}
      error={mkdir.error && <ErrorNotice error={mkdir.error} />}
    >
      <Field label={t('remote.files.mkdirName')} error={tried && problem ? t(`remote.files.nameProblems.${problem}`) : undefined}>
        {(props) => <input {...props} value={value} onChange={(e) => setValue(e.target.value)} autoComplete="off" spellCheck={false} />}
      </Field>
    </DialogForm>
  );
}

function DeleteDialog({ host, path, folder, onClose, onDeleted }: { host: string; path: string; folder: boolean; onClose: () => void; onDeleted: () => void }) {
  const { t } = useTranslation();
  const remove = useCallMutation('sftp.remove');
  // The confirming button was disabled while the call ran: after a refusal, hand the focus to Cancel.
  useEffect(() => {
    if (remove.error) document.querySelector<HTMLButtonElement>('.dialog .dialog-buttons button[type="button"]')?.focus();
  }, [remove.error]);
  const submit = async () => {
    const done = await remove.mutateAsync({ name: host, path }).catch(() => null);
    if (done) onDeleted();
  };
  return (
    <DialogForm
      title={t('remote.files.deleteTitle', { path })}
      onCancel={onClose}
      onSubmit={() => void submit()}
      submitLabel={t('remote.files.deleteConfirm')}
      busy={remove.isPending}
      error={remove.error && <ErrorNotice error={remove.error} />}
    >
      <p>{folder ? t('remote.files.deleteFolder', { host }) : t('remote.files.deleteFile', { host })}</p>
    </DialogForm>
  );
}
