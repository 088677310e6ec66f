/**
 * What a remote desktop opened from a ticket writes on it (internal comments and a worklog note), in the
 * technician's language. Pure: the core decides when, this says what.
 */
export type TraceLang = 'fr' | 'en';
export type TraceMode = 'share' | 'connect';
export type TraceEnd = 'closed' | 'server_died' | 'ssh_dropped' | 'refused' | 'consent_timeout';

export type TraceFact =
  /** `server`: the VNC server "Start sharing" started (x11vnc when not said). */
  | { kind: 'opened'; host: string; mode: TraceMode; consent: boolean; server?: string }
  | { kind: 'control'; host: string; control: boolean }
  | { kind: 'ended'; host: string; ms: number; end: TraceEnd };

const MODE: Record<TraceLang, Record<TraceMode, (server: string) => string>> = {
  en: { share: (server) => `screen shared with ${server} for this session`, connect: () => 'the host’s VNC server' },
  fr: { share: (server) => `écran partagé avec ${server} pour cette session`, connect: () => 'le serveur VNC de l’hôte' },
};

const END: Record<TraceLang, Record<TraceEnd, string>> = {
  en: { closed: 'closed', server_died: 'the VNC server stopped', ssh_dropped: 'the SSH connection was lost', refused: 'the user refused', consent_timeout: 'the user did not answer' },
  fr: { closed: 'fermé', server_died: 'le serveur VNC s’est arrêté', ssh_dropped: 'la connexion SSH a été perdue', refused: 'l’utilisateur a refusé', consent_timeout: 'l’utilisateur n’a pas répondu' },
};

/** `1 h 02 min 05 s`, `3 min 20 s`, `12 s`: a session's length as read on a ticket. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (h) return `${h} h ${pad(m)} min ${pad(s)} s`;
  if (m) return `${m} min ${pad(s)} s`;
  return `${s} s`;
}

/** Whole minutes of worklog for a session: started minutes count, at least one. */
export function worklogMinutes(ms: number): number {
  return Math.max(1, Math.ceil(ms / 60_000));
}

export function traceText(fact: TraceFact, lang: TraceLang): string {
  const fr = lang === 'fr';
  switch (fact.kind) {
    case 'opened': {
      const consent = fact.consent ? (fr ? ', avec l’accord demandé à l’utilisateur' : ', asking the user to accept') : '';
      const server = fact.server ?? 'x11vnc';
      return fr
        ? `Bureau à distance ouvert sur ${fact.host} (${MODE.fr[fact.mode](server)}${consent}).`
        : `Remote desktop opened on ${fact.host} (${MODE.en[fact.mode](server)}${consent}).`;
    }
    case 'control':
      if (fact.control) return fr ? `Prise de contrôle du bureau de ${fact.host}.` : `Took control of ${fact.host}’s desktop.`;
      return fr ? `Contrôle du bureau de ${fact.host} rendu (vue seule).` : `Gave back control of ${fact.host}’s desktop (view only).`;
    case 'ended':
      return fr
        ? `Bureau à distance sur ${fact.host} terminé après ${formatDuration(fact.ms)} (${END.fr[fact.end]}).`
        : `Remote desktop on ${fact.host} ended after ${formatDuration(fact.ms)} (${END.en[fact.end]}).`;
  }
}

/** The note of the worklog entry a session leaves. */
export function worklogNote(host: string, lang: TraceLang): string {
  return lang === 'fr' ? `Bureau à distance sur ${host}` : `Remote desktop on ${host}`;
}
