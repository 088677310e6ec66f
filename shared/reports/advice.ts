import type { Language } from '../contract/app';

/** A default piece of advice per category family, for the technician to adapt. */
const ADVICE: Record<string, Record<Language, string>> = {
  'hardware/disk': {
    fr: 'Gardez vos documents sur le partage réseau ou OneDrive : un disque peut lâcher sans prévenir. Signalez tout bruit inhabituel ou lenteur soudaine.',
    en: 'Keep your documents on the network share or OneDrive: a disk can fail without warning. Report any unusual noise or sudden slowness.',
  },
  'hardware/battery': {
    fr: 'Évitez de laisser le portable branché en permanence à 100 % et ne le laissez pas se décharger complètement.',
    en: 'Avoid keeping the laptop plugged in at 100 % all the time and do not let it drain completely.',
  },
  'hardware/printer': {
    fr: 'Utilisez le papier recommandé et ne surchargez pas le bac ; en cas de bourrage, ouvrez les trappes indiquées sans tirer le papier de force.',
    en: 'Use the recommended paper and do not overfill the tray; on a jam, open the indicated doors and do not pull the paper out by force.',
  },
  network: {
    fr: 'Si la connexion coupe à nouveau, notez l’heure et l’endroit : cela aide à retrouver la cause.',
    en: 'If the connection drops again, note the time and place: it helps find the cause.',
  },
  account: {
    fr: 'Après un changement de mot de passe, mettez-le aussi à jour sur votre téléphone et vos autres appareils.',
    en: 'After changing your password, update it on your phone and other devices too.',
  },
  software: {
    fr: 'Redémarrez votre poste au moins une fois par semaine pour que les mises à jour s’installent.',
    en: 'Restart your computer at least once a week so updates can install.',
  },
};

const GENERIC: Record<Language, string> = {
  fr: 'Si le problème se reproduit, contactez le support en citant la référence de ce rapport.',
  en: 'If the problem happens again, contact support and quote this report’s reference.',
};

export function adviceFor(category: string | null, lang: Language): string {
  if (category) {
    const key = Object.keys(ADVICE).filter((k) => category === k || category.startsWith(`${k}/`)).sort((a, b) => b.length - a.length)[0];
    const advice = key ? ADVICE[key] : undefined;
    if (advice) return `${advice[lang]}\n${GENERIC[lang]}`;
  }
  return GENERIC[lang];
}
