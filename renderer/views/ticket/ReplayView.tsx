import '@xterm/xterm/css/xterm.css';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { COMMAND_MARKER_PREFIX, parseCast, playTimes, type Cast } from '../../../shared/ssh';
import { useCall } from '../../api/client';
import { routeHref } from '../../route';
import { useShortcuts } from '../../shortcuts';
import { ErrorNotice } from '../../shell/ErrorNotice';
import { CastPlayer, type PlayerState } from '../../terminal/cast-player';
import { withCspSafeStyles } from '../../terminal/xterm-styles';
import { loadXterm } from '../../terminal/xterm';
import { BlobGate } from '../sync/BlobGate';

/** Pauses longer than this replay as this long, unless the cast says otherwise (idle_time_limit). */
const IDLE_CAP_SECONDS = 2;
const SPEEDS = [1, 2, 4] as const;

/** `m:ss.t`: tenths, because a short session (a few seconds once pauses are capped) needs them. */
const clock = (seconds: number) => {
  const tenths = Math.floor(seconds * 10);
  const s = Math.floor(tenths / 10);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}.${tenths % 10}`;
};

function decodeCast(base64: string): Cast {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return parseCast(new TextDecoder().decode(bytes));
}

/** `#/queue/<ticket>/replay/<hash>`: a recorded terminal session of the ticket, played back read-only. */
export function ReplayView({ ticketId, hash }: { ticketId: string; hash: string }) {
  const { t } = useTranslation();
  const detail = useCall('tickets.get', { id: ticketId });
  const attachment = detail.data?.ticket.attachments.find((a) => a.hash === hash);
  const name = attachment?.name ?? hash.slice(0, 12);

  return (
    <section className="view replay" aria-labelledby="view-title">
      <nav className="breadcrumb" aria-label={t('replay.back')}>
        <a href={routeHref('queue', ticketId)}>← {detail.data ? `${detail.data.ref} · ${detail.data.ticket.title}` : t('replay.back')}</a>
      </nav>
      <h1 id="view-title">{t('replay.title', { name })}</h1>
      {detail.error && <ErrorNotice error={detail.error} />}
      {/* A recording made on another device comes from the hub on first open, with progress and Cancel. */}
      <BlobGate blob={{ hash }} name={name} auto>
        {() => <Recording hash={hash} />}
      </BlobGate>
    </section>
  );
}

function Recording({ hash }: { hash: string }) {
  const { t } = useTranslation();
  const file = useCall('attachments.get', { hash }, { staleTime: Infinity });
  const parsed = useMemo(() => {
    if (!file.data) return undefined;
    try {
      return { cast: decodeCast(file.data.base64) };
    } catch (error) {
      return { error };
    }
  }, [file.data]);
  return (
    <>
      {file.error && <ErrorNotice error={file.error} />}
      {parsed?.error !== undefined && <ErrorNotice error={parsed.error} />}
      {!file.data && !file.error && <p className="muted">{t('common.loading')}</p>}
      {parsed?.cast && <CastNotes cast={parsed.cast} />}
      {parsed?.cast && <Player cast={parsed.cast} />}
    </>
  );
}

/** What the reading of the file found: another format version, skipped events (line and why), the exit status. */
function CastNotes({ cast }: { cast: Cast }) {
  const { t } = useTranslation();
  const notes = cast.notes ?? [];
  const skipped = cast.skipped ?? notes.length;
  return (
    <>
      {(cast.format !== undefined || cast.exitStatus !== undefined) && (
        <p className="small muted" data-testid="replay-format">
          {cast.format !== undefined && t('replay.format', { version: cast.format })} {cast.exitStatus !== undefined && t('replay.exit', { status: cast.exitStatus })}
        </p>
      )}
      {skipped > 0 && (
        <div className="notice" role="note" data-testid="replay-skipped">
          <p>{t('replay.skipped', { count: skipped })}</p>
          <ul className="small">
            {notes.map((note, index) => (
              <li key={index}>
                {t('replay.noteLine', {
                  where: note.line !== undefined ? t('replay.atLine', { n: note.line }) : t('replay.atFrame', { n: note.frame }),
                  problem: t(`replay.problem.${note.problem}`, { detail: note.detail ?? '' }),
                })}
              </li>
            ))}
          </ul>
          {skipped > notes.length && <p className="small">{t('replay.skippedMore', { count: skipped - notes.length })}</p>}
        </div>
      )}
    </>
  );
}

function Player({ cast }: { cast: Cast }) {
  const { t } = useTranslation();
  const host = useRef<HTMLDivElement>(null);
  const [player, setPlayer] = useState<CastPlayer | undefined>();
  const [state, setState] = useState<PlayerState | undefined>();
  const [loadFailure, setLoadFailure] = useState<unknown>();
  const idleCap = cast.header.idle_time_limit ?? IDLE_CAP_SECONDS;

  useEffect(() => {
    const container = host.current;
    if (!container) return;
    let stop: (() => void) | undefined;
    let gone = false;
    void loadXterm().then(({ Terminal }) => {
      if (gone) return;
      const term = new Terminal({
        cols: cast.header.width,
        rows: cast.header.height,
        disableStdin: true,
        cursorBlink: false,
        scrollback: 2000,
        fontFamily: "ui-monospace, 'DejaVu Sans Mono', 'Liberation Mono', monospace",
        fontSize: 13,
        theme: { background: '#0f141a', foreground: '#e6eaf0', cursor: '#8ab8ff', selectionBackground: '#36507a' },
        // A recording is remote output: its OSC 8 links open only on the web, after confirmation, as in a live terminal.
        linkHandler: {
          activate: (_event, uri) => {
            if (/^https?:\/\//i.test(uri) && window.confirm(t('terminal.confirmLink', { uri }))) window.open(uri, '_blank', 'noopener,noreferrer');
          },
        },
      });
      withCspSafeStyles(() => term.open(container));
      term.textarea?.setAttribute('aria-label', t('replay.screen'));
      term.textarea?.setAttribute('readonly', 'true');
      const created = new CastPlayer(term, cast, idleCap);
      const off = created.onChange(setState);
      setPlayer(created);
      setState(created.state());
      created.play();
      stop = () => {
        off();
        created.dispose();
        term.dispose();
      };
    }, setLoadFailure);
    return () => {
      gone = true;
      stop?.();
    };
  }, [cast, idleCap, t]);

  useShortcuts(
    useMemo(
      () => [
        { keys: ' ', run: () => player?.toggle() },
        { keys: 'ArrowLeft', run: () => player && player.seek(player.state().position - 5) },
        { keys: 'ArrowRight', run: () => player && player.seek(player.state().position + 5) },
        { keys: 'Home', run: () => player?.seek(0) },
        ...SPEEDS.map((speed) => ({ keys: String(speed), run: () => player?.setSpeed(speed) })),
      ],
      [player],
    ),
  );

  // Where each command and note sits on the (idle-capped) play time line.
  const marks = useMemo(() => {
    const { times } = playTimes(cast.events, idleCap);
    return cast.events.flatMap((event, index) =>
      event.code === 'm' && event.data
        ? [{ at: times[index] ?? 0, command: event.data.startsWith(COMMAND_MARKER_PREFIX), text: event.data.startsWith(COMMAND_MARKER_PREFIX) ? event.data.slice(COMMAND_MARKER_PREFIX.length) : event.data }]
        : [],
    );
  }, [cast, idleCap]);

  const position = state?.position ?? 0;
  const duration = state?.duration ?? 0;
  return (
    <div className="replay-body">
      {loadFailure !== undefined && <ErrorNotice error={loadFailure} />}
      <div className="replay-controls" role="group" aria-label={t('replay.controls')}>
        <button type="button" className="primary" onClick={() => player?.toggle()} aria-keyshortcuts="Space">
          {state?.playing ? t('replay.pause') : t('replay.play')} <kbd>{t('replay.space')}</kbd>
        </button>
        <label className="replay-seek">
          <span className="sr-only">{t('replay.position')}</span>
          <input
            type="range"
            min={0}
            max={Math.max(duration, 0.1)}
            step="any"
            value={position}
            aria-valuetext={t('replay.progress', { at: clock(position), of: clock(duration) })}
            onChange={(event) => player?.seek(Number(event.target.value))}
          />
        </label>
        <span className="replay-time" data-testid="replay-time" aria-hidden="true">
          {clock(position)} / {clock(duration)}
        </span>
        <label>
          {t('replay.speed')}{' '}
          <select value={state?.speed ?? 1} onChange={(event) => player?.setSpeed(Number(event.target.value))}>
            {SPEEDS.map((speed) => (
              <option key={speed} value={speed}>
                {speed}×
              </option>
            ))}
          </select>
        </label>
        <span className="small muted">{t('replay.idleNote', { seconds: idleCap })}</span>
      </div>
      <div className="replay-screen">
        <div ref={host} className="replay-host" data-testid="replay-screen" />
      </div>
      <p className="small muted">{t('replay.keys')}</p>
      {marks.length > 0 && (
        <section aria-labelledby="replay-commands-title">
          <h2 id="replay-commands-title">{t('replay.commands')}</h2>
          <ol className="replay-marks">
            {marks.map((mark, index) => (
              <li key={index}>
                <button type="button" className="link-button" onClick={() => player?.seek(mark.at)}>
                  <span className="sr-only">{t('replay.jumpTo')} </span>
                  {clock(mark.at)}
                </button>{' '}
                {mark.command ? <code>{mark.text}</code> : <em>{mark.text}</em>}
              </li>
            ))}
          </ol>
        </section>
      )}
    </div>
  );
}
