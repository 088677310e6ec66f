import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReportBranding } from '../../../shared/reports';
import { useCall, useCallMutation } from '../../api/client';
import { ErrorNotice } from '../../shell/ErrorNotice';

/** The team's report template: company name, logo, footer, colour (stored in the settings table). */
export function BrandingForm({ onSaved }: { onSaved: () => void }) {
  const { t } = useTranslation();
  const current = useCall('reports.branding', {});
  const save = useCallMutation('reports.setBranding', ['reports.branding']);
  const [brand, setBrand] = useState<ReportBranding | null>(null);
  useEffect(() => setBrand(current.data ?? null), [current.data]);
  if (!brand) return null;
  const readLogo = (file: File | undefined) => {
    if (!file) return;
    const reader = new FileReader();
    reader.onload = () => setBrand({ ...brand, logoDataUrl: String(reader.result) });
    reader.readAsDataURL(file);
  };
  return (
    <details className="card branding">
      <summary>{t('reports.branding.title')}</summary>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate(brand, { onSuccess: onSaved });
        }}
      >
        <label className="field">
          <span>{t('reports.branding.company')}</span>
          <input value={brand.companyName} onChange={(e) => setBrand({ ...brand, companyName: e.target.value })} />
        </label>
        <label className="field">
          <span>{t('reports.branding.logo')}</span>
          <input type="file" accept="image/png,image/jpeg,image/svg+xml" onChange={(e) => readLogo(e.target.files?.[0])} />
        </label>
        <label className="field">
          <span>{t('reports.branding.footer')}</span>
          <textarea rows={2} value={brand.footer} onChange={(e) => setBrand({ ...brand, footer: e.target.value })} />
        </label>
        <label className="field">
          <span>{t('reports.branding.color')}</span>
          <input type="color" value={brand.accentColor} onChange={(e) => setBrand({ ...brand, accentColor: e.target.value })} />
        </label>
        <button type="submit" disabled={save.isPending}>
          {t('reports.branding.save')}
        </button>
        {save.error && <ErrorNotice error={save.error} />}
      </form>
    </details>
  );
}
