// A bar chart as inline SVG: no chart library (the portal stays small). It is an image with a title and a description
// for screen readers; the page shows the same figures in a table next to it.
import { useId } from 'react';

export interface Bar {
  /** Said in the description ("november 2026"). */
  label: string;
  /** Under the bar ("nov"). */
  short: string;
  value: number | null;
  /** The figure is hidden for privacy: an outline instead of a bar. */
  hidden?: boolean;
}

const W = 360;
const H = 210;
const M = { top: 20, right: 4, bottom: 28, left: 48 };
const FONT = 14;

/** A round number at or above `value` for the top of the scale: 1, 2, 2.5, 5 or 10 times a power of ten. */
function niceCeil(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return ([1, 2, 2.5, 5, 10].find((step) => step * power >= value) ?? 10) * power;
}

export function BarChart({
  title,
  description,
  legend,
  bars,
  target,
  format,
}: {
  title: string;
  description: string;
  /** Shown under the chart: what the bars and the line are. */
  legend: string;
  bars: Bar[];
  target?: number | null;
  format: (value: number) => string;
}) {
  const id = useId();
  const values = bars.map((b) => b.value ?? 0);
  const top = niceCeil(Math.max(...values, target ?? 0));
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const y = (v: number) => M.top + plotH - (v / top) * plotH;
  const step = plotW / Math.max(1, bars.length);
  const barW = Math.max(2, step * 0.7);
  const labelEvery = Math.ceil(bars.length / 8);
  const valuesFit = bars.length <= 6;
  // Grid lines at 0, half and the top; the half only where it reads differently from the top (small percentages).
  const half = format(top / 2);
  const ticks = half !== format(0) && half !== format(top) ? [0, top / 2, top] : [0, top];
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} fontSize={FONT}>
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        {ticks.map((v) => (
          <g key={v} className="chart__grid">
            <line x1={M.left} x2={W - M.right} y1={y(v)} y2={y(v)} />
            <text x={M.left - 6} y={y(v)} dy="0.35em" textAnchor="end">
              {format(v)}
            </text>
          </g>
        ))}
        {bars.map((b, i) => {
          const x = M.left + i * step + (step - barW) / 2;
          const centre = x + barW / 2;
          return (
            <g key={b.label}>
              {b.value !== null ? (
                <rect className="chart__bar" x={x} width={barW} y={y(b.value)} height={Math.max(0, y(0) - y(b.value))} />
              ) : b.hidden ? (
                <rect className="chart__hidden" x={x} width={barW} y={y(0) - 12} height={12} />
              ) : null}
              {valuesFit && b.value !== null ? (
                <text x={centre} y={y(b.value) - 4} textAnchor="middle">
                  {format(b.value)}
                </text>
              ) : null}
              {i % labelEvery === 0 ? (
                <text x={centre} y={H - M.bottom + FONT + 4} textAnchor="middle">
                  {b.short}
                </text>
              ) : null}
            </g>
          );
        })}
        {target !== null && target !== undefined ? <line className="chart__target" x1={M.left} x2={W - M.right} y1={y(target)} y2={y(target)} /> : null}
      </svg>
      <figcaption className="hint">{legend}</figcaption>
    </figure>
  );
}
