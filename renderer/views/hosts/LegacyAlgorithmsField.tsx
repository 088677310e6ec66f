import { useTranslation } from 'react-i18next';
import { LEGACY_ALGORITHMS, type LegacyAlgorithm, type LegacyKind } from '../../../shared/ssh/legacy-algorithms';

const KINDS = Object.keys(LEGACY_ALGORITHMS) as LegacyKind[];

/** Legacy algorithms allowed for one host (old switches and NAS boxes); closed unless the host has some. */
export function LegacyAlgorithmsField({ value, onChange }: { value: LegacyAlgorithm[]; onChange: (names: LegacyAlgorithm[]) => void }) {
  const { t } = useTranslation();
  const toggle = (name: LegacyAlgorithm, on: boolean) => onChange(on ? [...value, name] : value.filter((n) => n !== name));
  return (
    <details className="legacy-algorithms wide" open={value.length > 0}>
      <summary>
        {t('hosts.legacy.title')}
        {value.length > 0 && <span className="tag tag-legacy">{t('hosts.legacy.count', { count: value.length })}</span>}
      </summary>
      <p className="small muted">{t('hosts.legacy.note')}</p>
      {KINDS.map((kind) => (
        <fieldset key={kind}>
          <legend>{t(`hosts.legacy.kind.${kind}`)}</legend>
          {LEGACY_ALGORITHMS[kind].map((name) => (
            <label key={name} className="checkbox">
              <input type="checkbox" checked={value.includes(name)} onChange={(e) => toggle(name, e.target.checked)} />
              <code>{name}</code>
            </label>
          ))}
        </fieldset>
      ))}
    </details>
  );
}
