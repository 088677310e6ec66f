import { z } from 'zod';
import { UnavailableCode, UnavailableParams } from './unavailable';

/** The type of one field of a probe's reading, so rules can be checked before anything runs. */
export interface FieldSpec {
  readonly type: 'number' | 'string' | 'boolean' | 'string[]';
  /** For a string field with a closed set of values. */
  readonly values?: readonly string[];
  readonly unit?: string;
}

export type ReadingFields = Readonly<Record<string, FieldSpec>>;

export type FieldValue = number | string | boolean | string[] | null;

/** What a probe measured. Every field may be null when that part could not be measured. */
export type AvailableReading = { available: true } & Record<string, FieldValue | undefined>;
export interface UnavailableReading {
  available: false;
  /** Why nothing could be measured ("smartctl is not installed", "timed out after 10 s"). */
  reason: string;
  /** What went wrong as a code and its parameters, so a reader gets it in their own language (see unavailable.ts). */
  code?: UnavailableCode;
  params?: Record<string, string | number>;
}
export type Reading = AvailableReading | UnavailableReading;

function fieldSchema(spec: FieldSpec): z.ZodType {
  switch (spec.type) {
    case 'number':
      return z.number().finite();
    case 'boolean':
      return z.boolean();
    case 'string[]':
      return z.array(z.string());
    case 'string':
      return spec.values ? z.enum(spec.values as [string, ...string[]]) : z.string();
  }
}

/** The zod schema of a probe's reading: every declared field present (null allowed), nothing else. */
export function readingSchema(fields: ReadingFields): z.ZodType<Reading> {
  const shape: Record<string, z.ZodType> = { available: z.literal(true) };
  for (const [name, spec] of Object.entries(fields)) shape[name] = fieldSchema(spec).nullable();
  return z.union([
    z.object(shape).strict(),
    z.object({ available: z.literal(false), reason: z.string().min(1), code: UnavailableCode.optional(), params: UnavailableParams.optional() }).strict(),
  ]) as unknown as z.ZodType<Reading>;
}
