import { HostInput, type Host, type HostAuth, type OsFamily } from '../../../shared/contract';
import type { LegacyAlgorithm } from '../../../shared/ssh/legacy-algorithms';

/** The host form as the user types it: every field a string or a choice. */
export interface HostDraft {
  name: string;
  address: string;
  port: string;
  user: string;
  method: HostAuth['method'];
  keyFile: string;
  /** Further key files, one a line, tried in order after the first. */
  moreKeyFiles: string;
  hasPassphrase: boolean;
  jumpHost: string;
  /** Legacy algorithms allowed for this host only (old gear). */
  legacyAlgorithms: LegacyAlgorithm[];
  osFamily: OsFamily;
  tags: string;
  client: string;
  /** Building, agency or office where the machine stands. */
  site: string;
  notes: string;
}

export const EMPTY_DRAFT: HostDraft = {
  name: '',
  address: '',
  port: '22',
  user: '',
  method: 'key',
  keyFile: '',
  moreKeyFiles: '',
  hasPassphrase: false,
  jumpHost: '',
  legacyAlgorithms: [],
  osFamily: 'unknown',
  tags: '',
  client: '',
  site: '',
  notes: '',
};

export function draftOf(host: Host): HostDraft {
  return {
    name: host.name,
    address: host.address,
    port: String(host.port),
    user: host.user,
    method: host.auth.method,
    keyFile: host.auth.method === 'key' ? host.auth.keyFile : '',
    moreKeyFiles: host.auth.method === 'key' ? (host.auth.moreKeyFiles ?? []).join('\n') : '',
    hasPassphrase: host.auth.method === 'key' ? host.auth.hasPassphrase : false,
    jumpHost: host.jumpHost ?? '',
    legacyAlgorithms: host.legacyAlgorithms ?? [],
    osFamily: host.osFamily,
    tags: host.tags.join(', '),
    client: host.client ?? '',
    site: host.site ?? '',
    notes: host.notes ?? '',
  };
}

function authOf(draft: HostDraft): HostAuth {
  if (draft.method === 'key') {
    const more = draft.moreKeyFiles.split('\n').map((line) => line.trim()).filter(Boolean);
    return { method: 'key', keyFile: draft.keyFile.trim(), hasPassphrase: draft.hasPassphrase, ...(more.length > 0 ? { moreKeyFiles: more } : {}) };
  }
  return { method: draft.method };
}

/** Field name (as the form shows it) -> the first problem with it. */
export type DraftErrors = Partial<Record<keyof HostDraft, string>>;

/** Checks the draft against the contract's own schema, so the form and the core agree on every rule. */
export function validateDraft(draft: HostDraft): { input?: HostInput; errors: DraftErrors } {
  const port = draft.port.trim() === '' ? 22 : Number(draft.port);
  const candidate = {
    name: draft.name.trim(),
    address: draft.address.trim(),
    port,
    user: draft.user.trim(),
    auth: authOf(draft),
    ...(draft.jumpHost ? { jumpHost: draft.jumpHost } : {}),
    ...(draft.legacyAlgorithms.length > 0 ? { legacyAlgorithms: draft.legacyAlgorithms } : {}),
    osFamily: draft.osFamily,
    tags: draft.tags.split(',').map((tag) => tag.trim()).filter(Boolean),
    ...(draft.client.trim() ? { client: draft.client.trim() } : {}),
    ...(draft.site.trim() ? { site: draft.site.trim() } : {}),
    ...(draft.notes.trim() ? { notes: draft.notes } : {}),
  };
  const parsed = HostInput.safeParse(candidate);
  if (parsed.success) return { input: candidate, errors: {} };
  const errors: DraftErrors = {};
  for (const issue of parsed.error.issues) {
    const [first, second] = issue.path;
    const field: keyof HostDraft =
      first === 'auth' ? (second === 'keyFile' ? 'keyFile' : second === 'moreKeyFiles' ? 'moreKeyFiles' : 'method') : first === 'jumpHost' ? 'jumpHost' : ((first as keyof HostDraft) ?? 'name');
    errors[field] ??= issue.message;
  }
  return { errors };
}
