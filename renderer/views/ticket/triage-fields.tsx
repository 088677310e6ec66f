import { useTranslation } from 'react-i18next';
import type { Impact, Urgency } from '../../../shared/tickets';
import { useCall } from '../../api/client';

type ControlProps = { id: string; 'aria-invalid'?: true; 'aria-describedby'?: string };

export function ImpactSelect({ value, onChange, ...props }: ControlProps & { value: Impact; onChange: (v: Impact) => void }) {
  const { t } = useTranslation();
  return (
    <select {...props} value={value} onChange={(e) => onChange(Number(e.target.value) as Impact)}>
      {([1, 2, 3] as const).map((v) => (
        <option key={v} value={v}>
          {t(`ticket.impactLevels.${v}`)}
        </option>
      ))}
    </select>
  );
}

export function UrgencySelect({ value, onChange, ...props }: ControlProps & { value: Urgency; onChange: (v: Urgency) => void }) {
  const { t } = useTranslation();
  return (
    <select {...props} value={value} onChange={(e) => onChange(Number(e.target.value) as Urgency)}>
      {([1, 2, 3] as const).map((v) => (
        <option key={v} value={v}>
          {t(`ticket.urgencyLevels.${v}`)}
        </option>
      ))}
    </select>
  );
}

/** The category tree, indented, labels in the UI's language; a value outside the tree (older free text) stays shown as it is. */
export function CategorySelect({ value, onChange, ...props }: ControlProps & { value: string; onChange: (v: string) => void }) {
  const { t, i18n } = useTranslation();
  const categories = useCall('tickets.categories', {}, { staleTime: Infinity });
  const outside = value !== '' && categories.data !== undefined && !categories.data.some((c) => c.path === value);
  return (
    <select {...props} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">{t('ticket.noCategory')}</option>
      {outside && <option value={value}>{t('ticket.categoryOutsideTree', { value })}</option>}
      {(categories.data ?? []).map((c) => (
        <option key={c.path} value={c.path}>
          {'\u00a0\u00a0'.repeat(c.path.split('/').length - 1)}
          {i18n.language === 'fr' ? c.fr : c.en}
        </option>
      ))}
    </select>
  );
}

export function Suggestions({ id, values }: { id: string; values: string[] | undefined }) {
  return (
    <datalist id={id}>
      {(values ?? []).map((v) => (
        <option key={v} value={v} />
      ))}
    </datalist>
  );
}
