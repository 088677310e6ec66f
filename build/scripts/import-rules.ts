/**
 * Which layer may import which (DESIGN.md, "Folders"). One place for the rule; the per-layer tsconfigs
 * enforce the same at compile time, this check names the offending file and line.
 */
export const LAYERS = {
  shared: ['shared'],
  renderer: ['renderer', 'shared'],
  'electron/core': ['electron/core', 'shared'],
  'electron/preload': ['electron/preload', 'shared'],
  'electron/main': ['electron/main', 'electron/core', 'shared'],
  'electron/serve': ['electron/serve', 'electron/core', 'shared'],
  'electron/cli': ['electron/cli', 'electron/serve', 'electron/core', 'shared'],
  hub: ['hub', 'shared'],
} as const satisfies Record<string, readonly string[]>;

export type Layer = keyof typeof LAYERS;

/** npm packages a layer must never use, whatever the path rules say. */
export const FORBIDDEN_PACKAGES: Partial<Record<Layer, readonly RegExp[]>> = {
  shared: [/^node:/, /^(fs|path|os|child_process|crypto|net|http|https)$/, /^electron$/, /^react/, /^better-sqlite3$/],
  renderer: [/^node:/, /^electron$/, /^better-sqlite3$/, /^ssh2$/, /^systeminformation$/],
  'electron/core': [/^electron$/, /^react/],
  hub: [/^electron$/, /^react/],
};

export function layerOf(file: string): Layer | undefined {
  const normalized = file.replace(/\\/g, '/');
  return (Object.keys(LAYERS) as Layer[])
    .sort((a, b) => b.length - a.length)
    .find((layer) => normalized === layer || normalized.startsWith(`${layer}/`));
}

const IMPORT = /^\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|^\s*import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/gm;

export interface ImportViolation {
  file: string;
  line: number;
  specifier: string;
  reason: string;
}

/** Checks one file's imports. `file` is relative to the repo root with forward slashes. */
export function checkImports(file: string, source: string, resolveRelative: (from: string, spec: string) => string): ImportViolation[] {
  const layer = layerOf(file);
  if (!layer) return [];
  const violations: ImportViolation[] = [];
  for (const match of source.matchAll(IMPORT)) {
    const specifier = match[1] ?? match[2] ?? match[3];
    if (!specifier) continue;
    const line = source.slice(0, match.index).split('\n').length;
    if (specifier.startsWith('.')) {
      const target = resolveRelative(file, specifier);
      const targetLayer = layerOf(target);
      const allowed: readonly string[] = LAYERS[layer];
      if (!targetLayer || !allowed.includes(targetLayer)) {
        violations.push({ file, line, specifier, reason: `${layer} may not import ${targetLayer ?? target}` });
      }
      continue;
    }
    const forbidden = FORBIDDEN_PACKAGES[layer]?.find((pattern) => pattern.test(specifier));
    if (forbidden) violations.push({ file, line, specifier, reason: `${layer} may not use the package "${specifier}"` });
  }
  return violations;
}
