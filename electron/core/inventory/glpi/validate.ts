import { AtelierError } from '../../../../shared/contract/errors';
import type { GeneratedValidator } from './validator.generated.js';

// The schema is compiled at build time (build/scripts/glpi-validator.mjs) and its module loaded on the
// first GLPI export or import only: compiling it here cost about 27 MB and needed ajv at run time.
let loading: Promise<GeneratedValidator> | undefined;

function validator(): Promise<GeneratedValidator> {
  loading ??= import('./validator.generated.js').then((m) => m.validate);
  return loading;
}

export interface GlpiValidation {
  valid: boolean;
  errors: string[];
}

/** Checks a document against GLPI's native inventory schema; errors read `/content/cpus/0/speed: must be integer`. */
export async function validateGlpi(document: unknown): Promise<GlpiValidation> {
  const validate = await validator();
  const valid = validate(document);
  const errors = (validate.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? 'invalid'}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`);
  return { valid, errors };
}

export async function assertValidGlpi(document: unknown, where: string): Promise<void> {
  const { valid, errors } = await validateGlpi(document);
  if (!valid) throw new AtelierError('invalid_input', `${where}: not a valid GLPI inventory: ${errors.slice(0, 5).join('; ')}`);
}
