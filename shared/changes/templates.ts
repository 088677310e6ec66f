/**
 * Change templates. A pre-approved one is the only way to a standard change (ITIL: a low-risk, routine
 * change whose procedure was approved once); the others prefill a normal change that needs its approval.
 */
import { Procedure } from './procedure';
import type { ChangeRecord, ChangeRecordInput } from './record';

export interface ChangeTemplate {
  id: string;
  title: { en: string; fr: string };
  preApproved: boolean;
  record: Omit<ChangeRecordInput, 'type' | 'template'>;
}

export const CHANGE_TEMPLATES: readonly ChangeTemplate[] = [
  {
    id: 'clear-temp',
    title: { en: 'Clear a temporary folder', fr: 'Vider un dossier temporaire' },
    preApproved: true,
    record: {
      risk: 'low',
      plan: 'Delete files older than the given age in the folder.',
      testPlan: 'The folder still exists and holds no file older than the age.',
      rollbackPlan: 'None needed: only temporary files are removed.',
      procedure: {
        script: 'test -d "$FOLDER" || { echo "no folder $FOLDER"; exit 2; }\nfind "$FOLDER" -type f -mtime +"$DAYS" -delete\necho "cleared $FOLDER"',
        params: [
          { name: 'FOLDER', type: 'string', label: 'Folder' },
          { name: 'DAYS', type: 'integer', label: 'Older than (days)', min: 0, max: 3650 },
        ],
        verify: 'test -d "$FOLDER"',
      },
      params: { FOLDER: '/tmp', DAYS: 7 },
    },
  },
  {
    id: 'config-line',
    title: { en: 'Set a configuration line', fr: 'Écrire une ligne de configuration' },
    preApproved: false,
    record: {
      risk: 'medium',
      plan: 'Keep a copy of the file, then write the line into it.',
      testPlan: 'The line is in the file.',
      rollbackPlan: 'Put the copy back.',
      procedure: {
        script: 'test -f "$FILE" || { echo "no file $FILE"; exit 3; }\ncp "$FILE" "$FILE.atelier-backup"\nprintf "%s\\n" "$LINE" >> "$FILE"\necho "line written to $FILE"',
        params: [
          { name: 'FILE', type: 'string', label: 'File' },
          { name: 'LINE', type: 'string', label: 'Line' },
        ],
        verify: 'grep -qxF "$LINE" "$FILE"',
        // Safe to run twice and on a host where the script stopped early: only a copy it made is put back.
        rollback: 'if test -f "$FILE.atelier-backup"; then mv "$FILE.atelier-backup" "$FILE" && echo "restored $FILE"; else echo "nothing to restore for $FILE"; fi',
      },
      params: {},
    },
  },
  {
    id: 'restart-windows-service',
    title: { en: 'Restart a Windows service', fr: 'Redémarrer un service Windows' },
    preApproved: false,
    record: {
      risk: 'medium',
      plan: 'Restart the service; users of it are cut off for a few seconds.',
      testPlan: 'The service is running again.',
      rollbackPlan: 'Start the service if it stayed stopped.',
      procedure: {
        shell: 'powershell',
        script: '$ErrorActionPreference = "Stop"\nRestart-Service -Name $env:SERVICE -Force\nWrite-Output "restarted $env:SERVICE"',
        params: [{ name: 'SERVICE', type: 'string', label: 'Service name' }],
        verify: 'if ((Get-Service -Name $env:SERVICE).Status -ne "Running") { exit 1 }',
        rollback: 'Start-Service -Name $env:SERVICE; Write-Output "started $env:SERVICE"',
      },
      params: {},
    },
  },
  {
    id: 'disk-health-check',
    title: { en: 'Check the disks (checklist, unattended)', fr: 'Contrôler les disques (checklist, sans personne)' },
    // Read-only: the built-in checklist's probes only read SMART, the kernel log and the free space.
    preApproved: true,
    record: {
      risk: 'low',
      plan: 'Run the checklist "Suspected disk failure" on each host with its probes (SMART, I/O errors, free space).',
      testPlan: 'Each host ends at a conclusion; "No sign of disk failure" counts as success.',
      rollbackPlan: 'None needed: nothing is changed on the hosts.',
      procedure: {
        // Answers the opening question as "unreadable files" so the probes run; an instruction reached (back up
        // the data, reseat a cable) needs a person: that host is set aside as needing a human.
        checklist: { id: 'disk-failure', version: 1, answers: { 'ask-symptom': 1 }, succeedsAt: ['disk-healthy'] },
        timeoutSeconds: 120,
      },
      params: {},
    },
  },
];

export function findTemplate(id: string): ChangeTemplate | undefined {
  return CHANGE_TEMPLATES.find((t) => t.id === id);
}

/** JSON with object keys in order, so two equal values read the same whatever order their keys came in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/**
 * Whether a change is what a pre-approved template approved: a standard change naming such a template and
 * running its procedure unchanged (the parameter values are the change's own, within the procedure's declared
 * types and bounds). A standard change with any other procedure, whichever device or API wrote it, is not.
 */
export function isPreApproved(record: Pick<ChangeRecord, 'type' | 'template' | 'procedure'>): boolean {
  if (record.type !== 'standard' || record.template === null) return false;
  const template = findTemplate(record.template);
  if (!template?.preApproved) return false;
  return canonical(Procedure.parse(template.record.procedure)) === canonical(record.procedure);
}
