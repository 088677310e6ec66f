import { useTranslation } from 'react-i18next';
import type { HealthCell } from '../../../shared/contract';
import { sparkPoints, sparkTrend } from './sparkline';

const WIDTH = 96;
const HEIGHT = 24;

/** A check's recent values as a line; screen readers get the last value and the trend instead. */
export function Sparkline({ cell }: { cell: HealthCell }) {
  const { t } = useTranslation();
  const values = cell.recent.map((p) => p.value);
  const last = [...values].reverse().find((v) => v !== null);
  if (last === undefined) return <span className="muted small">{t('health.spark.none')}</span>;
  const label = t('health.spark.label', { last, trend: t(`health.spark.${sparkTrend(values)}`), n: values.filter((v) => v !== null).length });
  return (
    <svg className="health-spark" width={WIDTH} height={HEIGHT} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label}>
      <title>{label}</title>
      <polyline points={sparkPoints(values, WIDTH, HEIGHT)} fill="none" stroke="currentColor" strokeWidth="1.5" />
    </svg>
  );
}
