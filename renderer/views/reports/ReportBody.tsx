import { sanitize } from '../knowledge/markdown';

/** Shows the report page inside the app: its <body>, sanitized (the CSP keeps the page's own <style> out; styles.css mirrors it). */
export function ReportBody({ html }: { html: string }) {
  const body = /<body[^>]*>([\s\S]*)<\/body>/i.exec(html)?.[1] ?? '';
  // The team's colour, from the page's own stylesheet (validated #rrggbb when the branding was saved).
  const accent = /border-bottom: 3px solid (#[0-9a-fA-F]{6})/.exec(html)?.[1] ?? '#1f5fa8';
  return <div className="report-page" style={{ ['--report-accent' as string]: accent }} dangerouslySetInnerHTML={{ __html: sanitize(body) }} />;
}
