import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SlaTable } from '../../../shared/tickets';
import { useCall, useCallMutation } from '../../api/client';
import { ErrorNotice } from '../../shell/ErrorNotice';

const PRIORITIES = ['P1', 'P2', 'P3', 'P4', 'P5'] as const;
const HOUR = 3_600_000;
const hours = (ms: number) => String(Math.round((ms / HOUR) * 100) / 100);

/** The SLA targets per priority, in hours; saving moves open tickets' clocks at once. */
export function SlaCard() {
  const { t } = useTranslation();
  const sla = useCall('sla.get', {});
  const save = useCallMutation('sla.update', ['sla.get', 'tickets.query', 'tickets.get']);
  const [draft, setDraft] = useState<Record<string, { own: string; resolve: string }>>({});
  useEffect(() => {
    if (sla.data) setDraft(Object.fromEntries(PRIORITIES.map((p) => [p, { own: hours(sla.data[p].ownMs), resolve: hours(sla.data[p].resolveMs) }])));
  }, [sla.data]);
  const submit = () => {
    const table = Object.fromEntries(
      PRIORITIES.map((p) => [p, { ownMs: Math.round(Number(draft[p]?.own) * HOUR), resolveMs: Math.round(Number(draft[p]?.resolve) * HOUR) }]),
    ) as SlaTable;
    save.mutate(table);
  };
  return (
    <section className="card" aria-labelledby="sla-title">
      <h2 id="sla-title">{t('settingsSla.title')}</h2>
      <p className="muted small">{t('settingsSla.help')}</p>
      {save.error && <ErrorNotice error={save.error} />}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <table className="sla-table">
          <thead>
            <tr>
              <th scope="col">{t('ticket.priority')}</th>
              <th scope="col">{t('settingsSla.own')}</th>
              <th scope="col">{t('settingsSla.resolve')}</th>
            </tr>
          </thead>
          <tbody>
            {PRIORITIES.map((p) => (
              <tr key={p}>
                <th scope="row">{p}</th>
                {(['own', 'resolve'] as const).map((field) => (
                  <td key={field}>
                    <input
                      type="number"
                      min="0.05"
                      step="0.05"
                      aria-label={`${p} ${t(`settingsSla.${field}`)}`}
                      value={draft[p]?.[field] ?? ''}
                      onChange={(e) => setDraft((d) => ({ ...d, [p]: { ...(d[p] ?? { own: '', resolve: '' }), [field]: e.target.value } }))}
                    />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        <button type="submit" className="primary" disabled={save.isPending}>
          {t('settingsSla.save')}
        </button>
        {save.isSuccess && <span className="muted small" role="status"> {t('settings.saved')}</span>}
      </form>
    </section>
  );
}
