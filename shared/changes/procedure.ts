/**
 * A runnable procedure: an sh script with declared, typed parameters (or a checklist run unattended with
 * its probes, ./unattended.ts), a verification command whose exit code says success, and a rollback
 * script. Parameter values are checked against their declarations before anything runs, then handed to the
 * script as exported shell variables, each single-quoted, so a value can never become code.
 */
import { z } from 'zod';
import { ChecklistProcedure } from './unattended';

const ParamName = z.string().regex(/^[A-Z][A-Z0-9_]{0,39}$/, 'a parameter name is UPPER_CASE letters, digits and _ (it becomes a shell variable)');
const Script = (what: string) => z.string({ error: `${what} is required` }).trim().min(1, `${what} must not be empty`).max(100_000);

export const Shell = z.enum(['sh', 'powershell']);
export type Shell = z.infer<typeof Shell>;

export const ParamType = z.enum(['string', 'integer', 'boolean', 'choice']);
export type ParamType = z.infer<typeof ParamType>;

export const ParamSpec = z
  .object({
    name: ParamName,
    type: ParamType,
    label: z.string().trim().max(200).optional(),
    required: z.boolean().default(true),
    /** For `choice`: the accepted values. */
    choices: z.array(z.string().min(1).max(200)).max(50).optional(),
    min: z.int().optional(),
    max: z.int().optional(),
  })
  .strict()
  .refine((p) => p.type !== 'choice' || (p.choices?.length ?? 0) > 0, { message: 'a choice parameter lists its choices', path: ['choices'] });
export type ParamSpec = z.infer<typeof ParamSpec>;

export const Procedure = z
  .object({
    /** The script's language, by the hosts' OS family: sh for Linux, macOS and BSD, PowerShell for Windows. */
    shell: Shell.default('sh'),
    /** What runs on each host: a script, or a checklist (exactly one of the two). */
    script: Script('the script').optional(),
    checklist: ChecklistProcedure.optional(),
    params: z.array(ParamSpec).max(30).default([]),
    verify: z.string().trim().max(10_000).optional(),
    rollback: Script('the rollback script').optional(),
    /** How long one host may take before its command is signalled. */
    timeoutSeconds: z.int().min(1).max(3600).default(300),
  })
  .strict()
  .refine((p) => new Set(p.params.map((x) => x.name)).size === p.params.length, { message: 'two parameters have the same name', path: ['params'] })
  .refine((p) => (p.script === undefined) !== (p.checklist === undefined), { message: 'a procedure runs a script or a checklist: give exactly one of the two', path: ['script'] })
  // The probes of a checklist are Linux scripts run by sh.
  .refine((p) => p.checklist === undefined || p.shell === 'sh', { message: 'a checklist procedure runs its probes with sh: its shell cannot be powershell', path: ['shell'] });
export type Procedure = z.infer<typeof Procedure>;
export type ProcedureInput = z.input<typeof Procedure>;

export type ParamValues = Record<string, string | number | boolean>;

export interface ParamProblem {
  path: string;
  message: string;
}

/** Every problem of the given values against the declarations (empty: all good). */
export function checkParams(specs: readonly ParamSpec[], values: Readonly<Record<string, unknown>>): ParamProblem[] {
  const problems: ParamProblem[] = [];
  const known = new Set(specs.map((s) => s.name));
  for (const name of Object.keys(values)) {
    if (!known.has(name)) problems.push({ path: `params.${name}`, message: `"${name}" is not a parameter of this procedure` });
  }
  for (const spec of specs) {
    const value = values[spec.name];
    const path = `params.${spec.name}`;
    if (value === undefined || value === '') {
      if (spec.required) problems.push({ path, message: `${spec.name} is required` });
      continue;
    }
    const problem = checkValue(spec, value);
    if (problem) problems.push({ path, message: `${spec.name}: ${problem}` });
  }
  return problems;
}

function checkValue(spec: ParamSpec, value: unknown): string | null {
  switch (spec.type) {
    case 'integer': {
      const n = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : NaN;
      if (!Number.isSafeInteger(n)) return `"${String(value)}" is not a whole number`;
      if (spec.min !== undefined && n < spec.min) return `${n} is below the minimum ${spec.min}`;
      if (spec.max !== undefined && n > spec.max) return `${n} is above the maximum ${spec.max}`;
      return null;
    }
    case 'boolean':
      return typeof value === 'boolean' || value === 'true' || value === 'false' ? null : `"${String(value)}" is not true or false`;
    case 'choice':
      return spec.choices?.includes(String(value)) ? null : `"${String(value)}" is not one of ${spec.choices?.join(', ')}`;
    case 'string':
      if (typeof value !== 'string') return 'must be text';
      if (value.length > 2_000) return 'is longer than 2,000 characters';
      // A NUL byte cannot travel in a shell variable; other characters are quoted.
      return value.includes('\0') ? 'contains a NUL character' : null;
  }
}

/** POSIX single-quoting: the value stays one literal word whatever it holds. */
export function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/**
 * PowerShell single-quoting: the value stays one literal string. PowerShell also takes the typographic
 * single quotes (‘ ’ ‚ ‛) as quotes, so each of them is doubled too.
 */
export function powershellQuote(value: string): string {
  return `'${value.replace(/['\u2018\u2019\u201A\u201B]/g, (q) => q + q)}'`;
}

/**
 * The exact text sent to a host: the parameters as environment variables (`$NAME` in sh, `$env:NAME` in
 * PowerShell), then the script. Values must be checked first.
 */
export function resolveScript(script: string, specs: readonly ParamSpec[], values: Readonly<Record<string, unknown>>, shell: Shell = 'sh'): string {
  const lines = specs
    .filter((spec) => values[spec.name] !== undefined && values[spec.name] !== '')
    .map((spec) => {
      const value = String(values[spec.name]);
      return shell === 'powershell' ? `$env:${spec.name} = ${powershellQuote(value)}` : `${spec.name}=${shellQuote(value)}; export ${spec.name}`;
    });
  return [...lines, script].join('\n');
}
