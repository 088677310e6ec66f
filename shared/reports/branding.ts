import { z } from 'zod';

/** How a team's reports look: stored in the settings table, edited in Settings > Reports. */
export const ReportBranding = z
  .object({
    companyName: z.string().trim().max(200),
    /** A data: URL (PNG, JPEG or SVG) shown in an <img>, so an SVG's scripts never run. */
    logoDataUrl: z
      .string()
      .max(700_000, 'the logo must be under 500 kB')
      .regex(/^(data:image\/(png|jpeg|svg\+xml);base64,[A-Za-z0-9+/=]+)?$/, 'the logo must be a PNG, JPEG or SVG image'),
    footer: z.string().trim().max(1_000),
    /** Colour of titles and rules, #rrggbb. */
    accentColor: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour looks like #1f5fa8'),
  })
  .strict();
export type ReportBranding = z.infer<typeof ReportBranding>;

export const DEFAULT_BRANDING: ReportBranding = {
  companyName: 'Atelier',
  logoDataUrl: '',
  footer: '',
  accentColor: '#1f5fa8',
};
