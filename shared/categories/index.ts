import { said, type ProblemText } from '../validation/text';

/**
 * The one category tree shared by tickets, checklists and knowledge articles. The database holds the
 * editable copy (seeded from this list, extended with `categories.save`); this list is what every fresh
 * install has, and what a checklist validated without a database (the CLI, the built-in library) is
 * checked against. A category's parent must exist; paths look like `hardware/disk`.
 */
export interface CategoryNode {
  readonly path: string;
  readonly fr: string;
  readonly en: string;
}

export const CATEGORY_TREE: readonly CategoryNode[] = [
  { path: 'access', fr: 'Accès', en: 'Access' },
  { path: 'access/account', fr: 'Compte utilisateur', en: 'User account' },
  { path: 'access/domain', fr: 'Domaine', en: 'Domain' },
  { path: 'account', fr: 'Compte', en: 'Account' },
  { path: 'account/access', fr: 'Droits d’accès', en: 'Access rights' },
  { path: 'account/password', fr: 'Mot de passe', en: 'Password' },
  { path: 'hardware', fr: 'Matériel', en: 'Hardware' },
  { path: 'hardware/battery', fr: 'Batterie', en: 'Battery' },
  { path: 'hardware/boot', fr: 'Démarrage', en: 'Boot' },
  { path: 'hardware/cooling', fr: 'Refroidissement', en: 'Cooling' },
  { path: 'hardware/disk', fr: 'Disque', en: 'Disk' },
  { path: 'hardware/display', fr: 'Écran', en: 'Display' },
  { path: 'hardware/memory', fr: 'Mémoire', en: 'Memory' },
  { path: 'hardware/performance', fr: 'Performances', en: 'Performance' },
  { path: 'hardware/power', fr: 'Alimentation', en: 'Power' },
  { path: 'hardware/printer', fr: 'Imprimante', en: 'Printer' },
  { path: 'network', fr: 'Réseau', en: 'Network' },
  { path: 'network/connectivity', fr: 'Connectivité', en: 'Connectivity' },
  { path: 'network/dhcp', fr: 'DHCP', en: 'DHCP' },
  { path: 'network/dns', fr: 'DNS', en: 'DNS' },
  { path: 'network/proxy', fr: 'Proxy', en: 'Proxy' },
  { path: 'network/routing', fr: 'Routage', en: 'Routing' },
  { path: 'network/vpn', fr: 'VPN', en: 'VPN' },
  { path: 'network/wifi', fr: 'Wi-Fi', en: 'Wi-Fi' },
  { path: 'network/wired', fr: 'Filaire', en: 'Wired' },
  { path: 'security', fr: 'Sécurité', en: 'Security' },
  { path: 'security/malware', fr: 'Logiciel malveillant', en: 'Malware' },
  { path: 'software', fr: 'Logiciel', en: 'Software' },
  { path: 'software/application', fr: 'Application', en: 'Application' },
  { path: 'software/crash', fr: 'Plantage', en: 'Crash' },
  { path: 'software/email', fr: 'Messagerie', en: 'Email' },
  { path: 'software/office', fr: 'Bureautique', en: 'Office suite' },
  { path: 'software/os', fr: 'Système', en: 'Operating system' },
];

export const BUILTIN_CATEGORIES: ReadonlySet<string> = new Set(CATEGORY_TREE.map((c) => c.path));

/** Null when `path` is in the tree, else the reason, naming the nearest known parent to help fix it. */
export function unknownCategory(path: string, known: ReadonlySet<string>): { message: string; text: ProblemText } | null {
  if (known.has(path)) return null;
  const parts = path.split('/');
  for (let i = parts.length - 1; i > 0; i -= 1) {
    const parent = parts.slice(0, i).join('/');
    if (known.has(parent)) {
      const children = [...known].filter((p) => p.startsWith(`${parent}/`) && !p.slice(parent.length + 1).includes('/')).sort();
      return said('unknownCategoryUnder', { path, parent, children: children.map((c) => `"${c}"`).join(', ') || '-' });
    }
  }
  return said('unknownCategory', { path });
}
