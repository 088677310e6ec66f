import type { Chart, ChartConfiguration } from 'chart.js';
import { useEffect, useRef, useState } from 'react';

let loading: Promise<typeof Chart> | undefined;

/** chart.js (0.17 MB of script) loads with the first chart drawn, not with the app's first screen. */
function loadChart(): Promise<typeof Chart> {
  return (loading ??= import('chart.js').then(({ BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip }) => {
    Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Legend, Tooltip);
    return Chart;
  }));
}

/** The theme's colours, read from the CSS variables so charts follow light and dark. */
export function themeColors() {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string) => css.getPropertyValue(name).trim();
  return { text: v('--text'), muted: v('--muted'), border: v('--border'), accent: v('--accent'), ok: v('--ok'), warn: v('--warn'), bad: v('--bad') };
}
export type ThemeColors = ReturnType<typeof themeColors>;

/** Re-renders when the theme attribute changes. */
function useThemeVersion(): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    const observer = new MutationObserver(() => setVersion((n) => n + 1));
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    return () => observer.disconnect();
  }, []);
  return version;
}

/**
 * One chart.js chart on a canvas. The canvas is described by `label` and the figures are also in the
 * page as text (tables or cards), so nothing is only in the picture.
 */
export function ChartCanvas({ label, config }: { label: string; config: (colors: ThemeColors) => ChartConfiguration }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const theme = useThemeVersion();
  useEffect(() => {
    let chart: Chart | undefined;
    let gone = false;
    // Print at the page's width: chart.js resizes on beforeprint.
    const resize = () => chart?.resize();
    void loadChart().then((Chart) => {
      if (gone || !ref.current) return;
      const colors = themeColors();
      const cfg = config(colors);
      Chart.defaults.color = colors.muted;
      Chart.defaults.borderColor = colors.border;
      chart = new Chart(ref.current, { ...cfg, options: { responsive: true, maintainAspectRatio: false, animation: false, ...cfg.options } });
      window.addEventListener('beforeprint', resize);
    });
    return () => {
      gone = true;
      window.removeEventListener('beforeprint', resize);
      chart?.destroy();
    };
  }, [config, theme]);
  return (
    <div className="chart-box">
      <canvas ref={ref} role="img" aria-label={label} />
    </div>
  );
}
