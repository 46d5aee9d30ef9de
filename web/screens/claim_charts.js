// screens/claim_charts.js: a grouped bar chart (series side by side, not
// stacked, since a median and a 90th percentile do not add up), drawn as
// hand-written SVG like chart.js's BarChart.  An image with a text title;
// the same figures follow in a table for screen readers and print, where a
// missing figure (no answered claim) reads as a dash, never as zero.
import { html } from '../html.js';
import { t } from '../i18n.js';

// Round, readable steps for the value axis: 1, 2, 5, 10, 20, 50, ...
function niceStep(max) {
  const raw = max / 4;
  const p = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw) || raw;
}

// labels: category keys; series: [{label, values: [number|null per label]}];
// fmtLabel: a key as shown; fmtValue: a figure as shown in the table.
export function GroupedBars({ id, title, labels, series, fmtLabel = (x) => x, fmtValue = (v) => String(v), head }) {
  const W = 640; const H = 230; const L = 48; const B = 30; const T = 10;
  const max = Math.max(1, ...series.flatMap((s) => s.values.map((v) => v || 0)));
  const step = niceStep(max);
  const top = step * Math.ceil(max / step);
  const gw = (W - L) / Math.max(1, labels.length);
  const bw = (gw * 0.8) / series.length;
  const y = (v) => T + (H - T - B) * (1 - v / top);
  const ticks = [];
  for (let v = 0; v <= top + 1e-9; v += step) ticks.push(Math.round(v * 100) / 100);
  const short = (lab) => { const s = fmtLabel(lab); return labels.length > 6 ? s.split(' ')[0] : s; };
  return html`<figure class="chart" aria-labelledby=${`${id}-cap`}>
    <figcaption id=${`${id}-cap`}><strong>${title}</strong></figcaption>
    <svg viewBox=${`0 0 ${W} ${H}`} role="img" aria-labelledby=${`${id}-cap`} focusable="false">
      ${ticks.map((v) => html`<g key=${v}><line class="axis grid" x1=${L} x2=${W} y1=${y(v)} y2=${y(v)} />
        <text x=${L - 6} y=${y(v) + 4} text-anchor="end">${v}</text></g>`)}
      ${labels.map((lab, i) => html`<g key=${lab}>
        ${series.map((s, k) => {
          const v = s.values[i];
          if (!v) return null;
          return html`<rect key=${k} class=${`bar s${k % 7}`} x=${L + i * gw + gw * 0.1 + k * bw} width=${bw * 0.92} y=${y(v)} height=${Math.max(0, y(0) - y(v))} />`;
        })}
        <text x=${L + i * gw + gw / 2} y=${H - 10} text-anchor="middle">${short(lab)}</text></g>`)}
    </svg>
    ${series.length > 1 && html`<ul class="legend">${series.map((s, k) => html`<li key=${k}><span class=${`sw s${k % 7}`}></span>${s.label}</li>`)}</ul>`}
    <details class="data"><summary>${t('chart.show_table')}</summary>
      <table class="list num">
        <caption class="visually-hidden">${title}</caption>
        <thead><tr><th scope="col">${head}</th>${series.map((s, k) => html`<th scope="col" key=${k}>${s.label}</th>`)}</tr></thead>
        <tbody>${labels.map((lab, i) => html`<tr key=${lab}><th scope="row">${fmtLabel(lab)}</th>
          ${series.map((s, k) => html`<td class="n" key=${k}>${s.values[i] == null ? '—' : fmtValue(s.values[i])}</td>`)}</tr>`)}</tbody>
      </table>
    </details>
  </figure>`;
}
