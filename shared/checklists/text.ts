import { z } from 'zod';

/** Every text a technician reads exists in French and in English. */
export const LocalizedText = z
  .object({
    fr: z.string().trim().min(1, 'the French text is missing'),
    en: z.string().trim().min(1, 'the English text is missing'),
  })
  .strict();
export type LocalizedText = z.infer<typeof LocalizedText>;
