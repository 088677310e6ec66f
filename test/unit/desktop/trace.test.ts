import { describe, expect, it } from 'vitest';
import { formatDuration, traceText, worklogMinutes, worklogNote } from '../../../shared/desktop/trace';

describe('what a remote desktop session writes on its ticket', () => {
  it('says how long a session lasted as a technician reads it', () => {
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(12_400)).toBe('12 s');
    expect(formatDuration(200_000)).toBe('3 min 20 s');
    expect(formatDuration(3_725_000)).toBe('1 h 02 min 05 s');
  });

  it('logs started minutes, at least one, as time spent', () => {
    expect(worklogMinutes(0)).toBe(1);
    expect(worklogMinutes(59_000)).toBe(1);
    expect(worklogMinutes(60_001)).toBe(2);
    expect(worklogMinutes(45 * 60_000)).toBe(45);
  });

  it('says what happened in French and in English', () => {
    expect(traceText({ kind: 'opened', host: 'PC-12', mode: 'share', consent: true }, 'en')).toBe(
      'Remote desktop opened on PC-12 (screen shared with x11vnc for this session, asking the user to accept).',
    );
    expect(traceText({ kind: 'opened', host: 'PC-12', mode: 'share', consent: false, server: 'x0vncserver' }, 'fr')).toBe('Bureau à distance ouvert sur PC-12 (écran partagé avec x0vncserver pour cette session).');
    expect(traceText({ kind: 'opened', host: 'PC-12', mode: 'connect', consent: false }, 'fr')).toBe('Bureau à distance ouvert sur PC-12 (le serveur VNC de l’hôte).');
    expect(traceText({ kind: 'control', host: 'PC-12', control: true }, 'en')).toBe('Took control of PC-12’s desktop.');
    expect(traceText({ kind: 'control', host: 'PC-12', control: false }, 'fr')).toBe('Contrôle du bureau de PC-12 rendu (vue seule).');
    expect(traceText({ kind: 'ended', host: 'PC-12', ms: 200_000, end: 'refused' }, 'fr')).toBe('Bureau à distance sur PC-12 terminé après 3 min 20 s (l’utilisateur a refusé).');
    expect(traceText({ kind: 'ended', host: 'PC-12', ms: 5_000, end: 'ssh_dropped' }, 'en')).toBe('Remote desktop on PC-12 ended after 5 s (the SSH connection was lost).');
    expect(worklogNote('PC-12', 'en')).toBe('Remote desktop on PC-12');
  });
});
