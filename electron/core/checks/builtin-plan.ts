/**
 * The plan every install starts with: the usual preventive checks, with thresholds a technician would
 * pick. A team copies it, edits it and loads its own with `atelier checks run --plan FILE`.
 */
export const BUILTIN_PLAN_FILE = 'builtin:health.yaml';

export const BUILTIN_PLAN_YAML = `id: builtin-health
version: 1
title: { fr: Santé des postes, en: Workstation health }
resolve_after: 3
retention: 90d
local: true
checks:
  - id: disk-root
    title: { fr: Espace libre sur /, en: Free space on / }
    probe: disk.free
    args: { mount: / }
    every: 1h
    value: free_percent
    warn: { field: free_percent, op: "<", value: 15 }
    fail: { field: free_percent, op: "<", value: 5 }
    trend: disk_full
  - id: disk-smart
    title: { fr: Santé SMART, en: SMART health }
    probe: disk.smart
    every: 1d
    value: reallocated_sectors
    warn: { field: reallocated_sectors, op: ">", value: 0 }
    fail: { field: passed, op: "==", value: false }
  - id: disk-pending
    title: { fr: Secteurs en attente, en: Pending sectors }
    probe: disk.smart
    every: 1d
    value: pending_sectors
    fail: { field: pending_sectors, op: ">", value: 0 }
  - id: memory-errors
    title: { fr: Erreurs mémoire, en: Memory errors }
    probe: memory.errors
    args: { since_hours: 24 }
    every: 6h
    value: corrected_errors
    warn: { field: corrected_errors, op: ">", value: 0 }
    fail: { field: uncorrected_errors, op: ">", value: 0 }
  - id: cpu-temperature
    title: { fr: Température processeur, en: CPU temperature }
    probe: cpu.temperature
    every: 15m
    value: temperature_c
    warn: { field: temperature_c, op: ">=", value: 80 }
    fail: { field: temperature_c, op: ">=", value: 95 }
  - id: battery-wear
    title: { fr: Usure de la batterie, en: Battery wear }
    probe: battery.health
    every: 1d
    value: wear_percent
    warn: { field: wear_percent, op: ">=", value: 30 }
    fail: { field: wear_percent, op: ">=", value: 50 }
  - id: uptime
    title: { fr: Temps depuis le démarrage, en: Uptime }
    probe: os.uptime
    every: 6h
    value: uptime_days
    warn: { field: uptime_days, op: ">", value: 60 }
  - id: pending-reboot
    title: { fr: Redémarrage en attente, en: Pending reboot }
    probe: os.pending_reboot
    every: 6h
    value: pending
    warn: { field: pending, op: "==", value: true }
  - id: failed-services
    title: { fr: Services en échec, en: Failed services }
    probe: service.failed
    every: 1h
    value: failed_count
    fail: { field: failed_count, op: ">", value: 0 }
  - id: time-drift
    title: { fr: Dérive de l’horloge, en: Clock drift }
    probe: time.sync
    every: 6h
    value: drift_ms
    warn: { field: synchronized, op: "==", value: false }
    fail: { field: drift_ms, op: ">=", value: 60000 }
  - id: disk-io-errors
    title: { fr: Erreurs disque du noyau, en: Kernel disk errors }
    probe: disk.io_errors
    args: { since_hours: 24 }
    every: 6h
    value: error_count
    fail: { field: error_count, op: ">", value: 0 }
  - id: system-log-errors
    title: { fr: Erreurs du journal système, en: System log errors }
    probe: log.grep
    args: { source: journal, pattern: "\\\\b(error|critical|failed)\\\\b", since_hours: 1 }
    every: 1h
    value: matches
    warn: { field: matches, op: ">", value: 50 }
    fail: { field: matches, op: ">", value: 500 }
`;
