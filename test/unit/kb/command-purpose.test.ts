import { describe, expect, it } from 'vitest';
import { commandsWithoutPurpose, procedureFromTicket, purposeOf } from '../../../shared/kb';
import type { Ticket } from '../../../shared/tickets';

const ticket = { id: '01900000-0000-7000-8000-000000000001', title: 'Disque plein sur le serveur de fichiers', description: 'Le partage ne prend plus de fichiers', checklist: [], comments: [], category: null, resolution: { text: 'Journaux purgés', rootCause: 'Rotation des journaux arrêtée' } } as unknown as Ticket;

describe('what each command of a drafted procedure is for', () => {
  it('gives known commands their purpose in the author’s language, and marks the others for the author', () => {
    expect(purposeOf('df -h /', 'en')?.lookFor).toMatch(/more than 90 % used/);
    expect(purposeOf('  sudo journalctl -u nginx --since today', 'fr')?.why).toBe('lire le journal du système ou d’un service');
    expect(purposeOf('systemctl status cups', 'en')?.lookFor).toMatch(/active \(running\)/);
    expect(purposeOf('./purge-old.sh', 'en')).toBeNull();

    const { body } = procedureFromTicket(ticket, 'T-12', () => undefined, { lang: 'fr', commands: [{ host: 'srv-fichiers', commands: ['df -h /srv', './purge-old.sh --days `cat keep`'] }] });
    expect(body).toContain(
      [
        '## Commandes exécutées sur srv-fichiers',
        '',
        '1. `df -h /srv`',
        '   - Pourquoi : voir la place libre de chaque volume',
        '   - À regarder : un volume utilisé à plus de 90 % (colonne Use% / Uti%)',
        '2. `` ./purge-old.sh --days `cat keep` ``',
        '   - Pourquoi : ⟨à écrire : pourquoi la lancer⟩',
        '   - À regarder : ⟨à écrire : que regarder dans sa sortie⟩',
      ].join('\n'),
    );
    // The author still has one command to explain, named as written (its backticks included).
    expect(commandsWithoutPurpose(body)).toEqual(['./purge-old.sh --days `cat keep`']);
    const explained = body.replace('⟨à écrire : pourquoi la lancer⟩', 'purger les journaux de plus de 30 jours').replace('⟨à écrire : que regarder dans sa sortie⟩', 'le nombre de fichiers supprimés');
    expect(commandsWithoutPurpose(explained)).toEqual([]);
  });
});
