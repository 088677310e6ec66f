import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { AtelierError } from '../../../../shared/contract';
import { glpiInventorySchema } from './schema';

let validator: ValidateFunction | undefined;

// ajv-formats is CommonJS: the plugin is the module itself or its `default`, depending on the loader.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

function compiled(): ValidateFunction {
  if (!validator) {
    // strict: false because the upstream schema carries annotations ajv does not know ("tile", "$comment" in odd places).
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    validator = ajv.compile(glpiInventorySchema);
  }
  return validator;
}

export interface GlpiValidation {
  valid: boolean;
  errors: string[];
}

/** Checks a document against GLPI's native inventory schema; errors read `/content/cpus/0/speed: must be integer`. */
export function validateGlpi(document: unknown): GlpiValidation {
  const validate = compiled();
  const valid = validate(document) as boolean;
  const errors = (validate.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? 'invalid'}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`);
  return { valid, errors };
}

export function assertValidGlpi(document: unknown, where: string): void {
  const { valid, errors } = validateGlpi(document);
  if (!valid) throw new AtelierError('invalid_input', `${where}: not a valid GLPI inventory: ${errors.slice(0, 5).join('; ')}`);
}
