/**
 * What "New checklist" starts from: one step of each kind, already valid, so the author sees a working
 * wizard, its graph and its preview at once and changes it rather than starting from a blank page.
 */
export function draftTemplate(id: string): string {
  return `id: ${id}
version: 1
title: { fr: "Nouvelle procédure", en: "New checklist" }
applies_to: { os: [linux, windows, macos], categories: [] }
start: ask-symptom
steps:
  - id: ask-symptom
    kind: question
    text: { fr: "Que constate l’utilisateur ?", en: "What does the user see?" }
    answers:
      - { label: { fr: "Le disque est plein", en: "The disk is full" }, next: check-free }
      - { label: { fr: "Autre chose", en: "Something else" }, next: escalate }
  - id: check-free
    kind: probe
    text: { fr: "Espace libre du disque système", en: "Free space on the system disk" }
    probe: disk.free
    rules:
      - { when: { field: free_percent, op: "<", value: 5 }, result: fail }
      - { when: { field: free_percent, op: "<", value: 15 }, result: warn }
    next: { pass: escalate, warn: clean-up, fail: clean-up }
  - id: clean-up
    kind: instruction
    text: { fr: "Videz la corbeille et les fichiers temporaires.", en: "Empty the recycle bin and temporary files." }
    next: { done: fixed, failed: escalate }
  - id: fixed
    kind: conclusion
    diagnosis: { fr: "Disque presque plein.", en: "Disk almost full." }
    resolution: { fr: "Place libérée.", en: "Space freed." }
    escalate: none
  - id: escalate
    kind: conclusion
    diagnosis: { fr: "Cause non trouvée.", en: "Cause not found." }
    resolution: { fr: "Transmis au niveau 2.", en: "Passed to level 2." }
    escalate: N2
    escalation_reason: { fr: "Diagnostic à poursuivre.", en: "Diagnosis to continue." }
`;
}
