// Types of the precompiled GLPI schema validator (build/scripts/glpi-validator.mjs writes the .js beside).
export interface GeneratedValidationError {
  instancePath: string;
  message?: string;
  params?: Record<string, unknown>;
}
export interface GeneratedValidator {
  (document: unknown): boolean;
  errors?: GeneratedValidationError[] | null;
}
export declare const validate: GeneratedValidator;
export default validate;
