/**
 * The incident report as one self-contained HTML page (inline CSS, the logo as a data URL, no script): the
 * same page is previewed in the app, saved as the HTML attachment and printed to PDF by Chromium.
 * Every text is escaped; the branding's colour and logo are validated by ReportBranding.
 */
import type { Language } from '../contract/app';
import type { ReportBranding } from './branding';
import type { IncidentReportDraft } from './incident';

const LABELS = {
  fr: {
    doc: 'Rapport d’intervention', ref: 'Référence', requester: 'Demandeur', site: 'Site', asset: 'Poste', opened: 'Signalé le', resolved: 'Résolu le',
    reported: 'Ce qui a été signalé', found: 'Ce que nous avons constaté', checklist: 'Vérifications effectuées', step: 'Vérification', outcome: 'Résultat', reading: 'Mesure',
    inventory: 'Informations sur le poste', rootCause: 'Cause', done: 'Ce qui a été fait', parts: 'Pièces fournies', qty: 'Qté', advice: 'Nos conseils',
    time: 'Temps passé', work: 'intervention', travel: 'déplacement', technician: 'Technicien', generated: 'Rapport établi le',
  },
  en: {
    doc: 'Incident report', ref: 'Reference', requester: 'Requester', site: 'Site', asset: 'Computer', opened: 'Reported on', resolved: 'Resolved on',
    reported: 'What was reported', found: 'What we found', checklist: 'Checks performed', step: 'Check', outcome: 'Result', reading: 'Reading',
    inventory: 'About the computer', rootCause: 'Root cause', done: 'What was done', parts: 'Parts supplied', qty: 'Qty', advice: 'Our advice',
    time: 'Time spent', work: 'on the job', travel: 'travel', technician: 'Technician', generated: 'Report issued on',
  },
} as const;

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** Paragraphs from a text: blank lines split paragraphs, single newlines stay line breaks. */
function paragraphs(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('');
}

export function formatMinutes(minutes: number, lang: Language): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return lang === 'fr' ? `${h} h ${m.toString().padStart(2, '0')}` : `${h} h ${m} min`;
}

export interface RenderOptions {
  /** When the report is issued (epoch ms). */
  issuedMs: number;
  /** IANA time zone for dates; the runtime's when absent. */
  timeZone?: string;
}

export function renderIncidentReport(draft: IncidentReportDraft, brand: ReportBranding, options: RenderOptions): string {
  const L = LABELS[draft.lang];
  const date = (ms: number) =>
    new Intl.DateTimeFormat(draft.lang === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'long', timeStyle: 'short', ...(options.timeZone ? { timeZone: options.timeZone } : {}) }).format(ms);
  const section = (title: string, body: string) => (body ? `<section><h2>${escapeHtml(title)}</h2>${body}</section>` : '');
  const meta: [string, string][] = [
    [L.ref, draft.ref],
    [L.requester, draft.requester],
    [L.site, draft.site],
    [L.asset, draft.asset],
    [L.opened, date(draft.openedMs)],
    [L.resolved, draft.resolvedMs === null ? '' : date(draft.resolvedMs)],
  ];
  const checklist = draft.checklist.length
    ? `<table class="steps"><thead><tr><th scope="col">${L.step}</th><th scope="col">${L.outcome}</th><th scope="col">${L.reading}</th></tr></thead><tbody>${draft.checklist
        .map((s) => `<tr><td>${escapeHtml(s.step)}</td><td>${escapeHtml(s.outcome)}</td><td>${escapeHtml(s.reading)}</td></tr>`)
        .join('')}</tbody></table>`
    : '';
  const parts = draft.parts.length
    ? `<table class="parts"><thead><tr><th scope="col">${L.parts}</th><th scope="col">${L.qty}</th></tr></thead><tbody>${draft.parts
        .map((p) => `<tr><td>${escapeHtml(p.name)}</td><td>${p.quantity}</td></tr>`)
        .join('')}</tbody></table>`
    : '';
  const total = draft.workMinutes + draft.travelMinutes;
  const time = total
    ? `<p>${formatMinutes(total, draft.lang)} (${formatMinutes(draft.workMinutes, draft.lang)} ${L.work}${draft.travelMinutes ? `, ${formatMinutes(draft.travelMinutes, draft.lang)} ${L.travel}` : ''})</p>`
    : '';
  const logo = brand.logoDataUrl ? `<img class="logo" src="${escapeHtml(brand.logoDataUrl)}" alt="${escapeHtml(brand.companyName)}">` : '';
  return `<!doctype html>
<html lang="${draft.lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<title>${escapeHtml(`${L.doc} ${draft.ref} — ${draft.title}`)}</title>
<style>
@page { size: A4; margin: 16mm 15mm 18mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Segoe UI", Arial, sans-serif; font-size: 10.5pt; line-height: 1.45; color: #1b1f24; margin: 0; }
header { display: flex; align-items: center; gap: 14px; border-bottom: 3px solid ${brand.accentColor}; padding-bottom: 10px; margin-bottom: 14px; }
.logo { max-height: 48px; max-width: 160px; }
.company { font-size: 13pt; font-weight: 700; }
.doc { margin-left: auto; text-align: right; }
.doc strong { display: block; font-size: 14pt; color: ${brand.accentColor}; }
h1 { font-size: 15pt; margin: 0 0 10px; }
h2 { font-size: 11.5pt; color: ${brand.accentColor}; margin: 16px 0 6px; border-bottom: 1px solid #d5dae0; padding-bottom: 2px; break-after: avoid; }
dl.meta { display: grid; grid-template-columns: max-content 1fr max-content 1fr; gap: 3px 12px; margin: 0 0 6px; }
dl.meta dt { color: #55606d; } dl.meta dd { margin: 0; font-weight: 600; }
p { margin: 0 0 6px; }
table { width: 100%; border-collapse: collapse; margin: 4px 0 6px; }
th, td { text-align: left; vertical-align: top; padding: 4px 6px; border-bottom: 1px solid #e2e6ea; }
th { background: #f2f4f7; font-weight: 600; }
tr { break-inside: avoid; }
table.steps th:nth-child(1) { width: 52%; } table.steps th:nth-child(2) { width: 16%; }
ul { margin: 0; padding-left: 18px; }
.signature { margin-top: 18px; display: flex; justify-content: space-between; color: #55606d; }
footer { margin-top: 22px; border-top: 1px solid #d5dae0; padding-top: 6px; font-size: 8.5pt; color: #55606d; white-space: pre-wrap; }
</style>
</head>
<body>
<header>${logo}<span class="company">${escapeHtml(brand.companyName)}</span><span class="doc"><strong>${L.doc}</strong>${escapeHtml(draft.ref)}</span></header>
<main>
<h1>${escapeHtml(draft.title)}</h1>
<dl class="meta">${meta.filter(([, v]) => v).map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>
${section(L.reported, paragraphs(draft.reported))}
${section(L.found, paragraphs(draft.found))}
${section(L.checklist, checklist)}
${section(L.inventory, draft.inventory.length ? `<ul>${draft.inventory.map((f) => `<li>${escapeHtml(f)}</li>`).join('')}</ul>` : '')}
${section(L.rootCause, paragraphs(draft.rootCause))}
${section(L.done, paragraphs(draft.done) + parts)}
${section(L.advice, paragraphs(draft.advice))}
${section(L.time, time)}
<div class="signature"><span>${L.technician}${draft.lang === "fr" ? " : " : ": "}${escapeHtml(draft.technician)}</span><span>${L.generated} ${escapeHtml(date(options.issuedMs))}</span></div>
</main>
${brand.footer ? `<footer>${escapeHtml(brand.footer)}</footer>` : ''}
</body>
</html>
`;
}
