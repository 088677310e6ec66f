import { useTranslation } from 'react-i18next';
import { localToday, MAX_PERIOD_DAYS, type PeriodChoice, type PeriodProblem } from '../../../shared/indicators';
import { Field } from '../../components/Field';

const ROLLING = [7, 30, 90] as const;
const DAY = 86_400_000;

/** This machine's offset from UTC now, in minutes (Paris in winter: 60). */
export const localOffsetMinutes = () => -new Date().getTimezoneOffset();

const keyOf = (choice: PeriodChoice) => (choice.kind === 'days' ? String(choice.days) : choice.kind);

/** The period select (today, the last N days, a custom range) and, for a custom range, its two dates. */
export function PeriodPicker({ value, problem, onChange }: { value: PeriodChoice; problem: PeriodProblem | null; onChange: (choice: PeriodChoice) => void }) {
  const { t } = useTranslation();
  const choose = (key: string) => {
    if (key === 'today') return onChange({ kind: 'today' });
    if (key !== 'custom') return onChange({ kind: 'days', days: Number(key) });
    // A custom range starts as the last 7 days, so only the end that matters needs changing.
    const now = Date.now();
    const tz = localOffsetMinutes();
    onChange({ kind: 'custom', from: localToday(now - 6 * DAY, tz), to: localToday(now, tz) });
  };
  const message = (field: 'from' | 'to') =>
    problem?.field === field ? t(`reports.periodProblem.${problem.reason}`, { max: MAX_PERIOD_DAYS }) : undefined;
  return (
    <>
      <label>
        {t('reports.period')}{' '}
        <select value={keyOf(value)} onChange={(e) => choose(e.target.value)}>
          <option value="today">{t('reports.periodToday')}</option>
          {ROLLING.map((n) => (
            <option key={n} value={n}>
              {t('reports.periodDays', { count: n })}
            </option>
          ))}
          <option value="custom">{t('reports.periodCustom')}</option>
        </select>
      </label>
      {value.kind === 'custom' && (
        <>
          <Field label={t('reports.periodFrom')} error={message('from')}>
            {(props) => <input {...props} type="date" value={value.from} onChange={(e) => onChange({ ...value, from: e.target.value })} />}
          </Field>
          <Field label={t('reports.periodTo')} error={message('to')}>
            {(props) => <input {...props} type="date" value={value.to} onChange={(e) => onChange({ ...value, to: e.target.value })} />}
          </Field>
        </>
      )}
    </>
  );
}

/** The period in words, for the printed dashboard. */
export function usePeriodLabel(value: PeriodChoice): string {
  const { t } = useTranslation();
  if (value.kind === 'today') return `${t('reports.periodToday')} ${localToday(Date.now(), localOffsetMinutes())}`;
  if (value.kind === 'days') return t('reports.periodDays', { count: value.days });
  return t('reports.periodRange', { from: value.from, to: value.to });
}
