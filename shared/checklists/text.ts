import { z } from 'zod';
import { hint } from '../validation/text';

/** Every text a technician reads exists in French and in English. */
export const LocalizedText = z
  .object({
    fr: z.string().trim().min(1, hint('hintFrMissing')),
    en: z.string().trim().min(1, hint('hintEnMissing')),
  })
  .strict();
export type LocalizedText = z.infer<typeof LocalizedText>;
