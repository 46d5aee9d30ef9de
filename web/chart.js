// chart.js: small hand-written SVG bar charts (a chart library would
// outweigh the whole UI).  A chart is an image with a text title, and the
// same figures follow in a table for screen readers and print.  Colours
// come from classes in app.css (series s0..s6), never inline styles.
import { html } from './html.js';
import { t, fmtMonth, fmtNumber } from './i18n.js';

// labels: ['2026-01', ...]; series: [{label, values: [n per label]}].
// Bars are stacked when there is more than one series, or side by side
// when grouped (for figures that overlap, such as received and closed).
// table: false leaves out the figures' table when the page shows its own.
export function BarChart({ id, title, labels, series, fmtLabel = fmtMonth, grouped = false, table = true }) {
  const W = 640; const H = 230; const L = 44; const B = 30; const T = 10;
  const totals = labels.map((_, i) => series.reduce((s, x) => s + x.values[i], 0));
  const max = Math.max(1, ...(grouped ? series.flatMap((x) => x.values) : totals));
  const step = Math.max(1, Math.ceil(max / 4));
  const top = step * Math.ceil(max / step);
  const bw = (W - L) / labels.length;
  const y = (v) => T + (H - T - B) * (1 - v / top);
  const ticks = [];
  for (let v = 0; v <= top; v += step) ticks.push(v);
  return html`<figure class="chart" aria-labelledby=${`${id}-cap`}>
    <figcaption id=${`${id}-cap`}><strong>${title}</strong></figcaption>
    <svg viewBox=${`0 0 ${W} ${H}`} role="img" aria-labelledby=${`${id}-cap`} focusable="false">
      ${ticks.map((v) => html`<g key=${v}><line class="axis grid" x1=${L} x2=${W} y1=${y(v)} y2=${y(v)} />
        <text x=${L - 6} y=${y(v) + 4} text-anchor="end">${v}</text></g>`)}
      ${labels.map((lab, i) => {
        let acc = 0;
        const gw = (bw * 0.8) / series.length;
        if (grouped) {
          return html`<g key=${lab}>
            ${series.map((s, k) => (s.values[i] ? html`<rect key=${k} class=${`bar s${k % 7}`} x=${L + i * bw + bw * 0.1 + k * gw} width=${gw}
              y=${y(s.values[i])} height=${Math.max(0, y(0) - y(s.values[i]))} />` : null))}
            <text x=${L + i * bw + bw / 2} y=${H - 10} text-anchor="middle">${fmtLabel(lab).split(' ')[0]}</text></g>`;
        }
        return html`<g key=${lab}>
          ${series.map((s, k) => {
            const v = s.values[i];
            if (!v) return null;
            const y0 = y(acc); acc += v; const y1 = y(acc);
            return html`<rect key=${k} class=${`bar s${k % 7}`} x=${L + i * bw + bw * 0.15} width=${bw * 0.7} y=${y1} height=${Math.max(0, y0 - y1)} />`;
          })}
          <text x=${L + i * bw + bw / 2} y=${H - 10} text-anchor="middle">${fmtLabel(lab).split(' ')[0]}</text></g>`;
      })}
    </svg>
    ${series.length > 1 && html`<ul class="legend">${series.map((s, k) => html`<li key=${k}><span class=${`sw s${k % 7}`}></span>${s.label}</li>`)}</ul>`}
    ${table && html`<details class="data"><summary>${t('chart.show_table')}</summary>
      <table class="list num">
        <caption class="visually-hidden">${title}</caption>
        <thead><tr><th scope="col">${t('chart.month')}</th>${series.map((s, k) => html`<th scope="col" key=${k}>${s.label}</th>`)}
          ${series.length > 1 && !grouped && html`<th scope="col">${t('chart.total')}</th>`}</tr></thead>
        <tbody>${labels.map((lab, i) => html`<tr key=${lab}><th scope="row">${fmtLabel(lab)}</th>
          ${series.map((s, k) => html`<td class="n" key=${k}>${fmtNumber(s.values[i])}</td>`)}
          ${series.length > 1 && !grouped && html`<td class="n">${fmtNumber(totals[i])}</td>`}</tr>`)}</tbody>
      </table>
    </details>`}
  </figure>`;
}

// Horizontal bars, one row per label (long names such as demographic
// groups fit on the left); stacked when there is more than one series.
// The same figures follow in a table, as in BarChart.
export function HBarChart({ id, title, labels, series, labelHead }) {
  const W = 640; const L = 230; const R = 40; const RowH = 26; const T = 6; const B = 24;
  const H = T + B + RowH * labels.length;
  const totals = labels.map((_, i) => series.reduce((s, x) => s + x.values[i], 0));
  const max = Math.max(1, ...totals);
  const step = Math.max(1, Math.ceil(max / 4));
  const top = step * Math.ceil(max / step);
  const x = (v) => L + (W - L - R) * (v / top);
  const ticks = [];
  for (let v = 0; v <= top; v += step) ticks.push(v);
  const short = (s) => (s.length > 28 ? `${s.slice(0, 27)}…` : s);
  return html`<figure class="chart" aria-labelledby=${`${id}-cap`}>
    <figcaption id=${`${id}-cap`}><strong>${title}</strong></figcaption>
    <svg viewBox=${`0 0 ${W} ${H}`} role="img" aria-labelledby=${`${id}-cap`} focusable="false">
      ${ticks.map((v) => html`<g key=${v}><line class="axis grid" x1=${x(v)} x2=${x(v)} y1=${T} y2=${H - B} />
        <text x=${x(v)} y=${H - 6} text-anchor="middle">${v}</text></g>`)}
      ${labels.map((lab, i) => {
        let acc = 0;
        const y0 = T + i * RowH;
        return html`<g key=${lab}>
          <text x=${L - 8} y=${y0 + RowH / 2 + 5} text-anchor="end">${short(lab)}</text>
          ${series.map((s, k) => {
            const v = s.values[i];
            if (!v) return null;
            const a = x(acc); acc += v;
            return html`<rect key=${k} class=${`bar s${s.cls ?? k % 7}`} x=${a} width=${Math.max(0, x(acc) - a)} y=${y0 + RowH * 0.15} height=${RowH * 0.7} />`;
          })}</g>`;
      })}
    </svg>
    ${series.length > 1 && html`<ul class="legend">${series.map((s, k) => html`<li key=${k}><span class=${`sw s${s.cls ?? k % 7}`}></span>${s.label}</li>`)}</ul>`}
    <details class="data"><summary>${t('chart.show_table')}</summary>
      <table class="list num">
        <caption class="visually-hidden">${title}</caption>
        <thead><tr><th scope="col">${labelHead}</th>${series.map((s, k) => html`<th scope="col" key=${k}>${s.label}</th>`)}</tr></thead>
        <tbody>${labels.map((lab, i) => html`<tr key=${lab}><th scope="row">${lab}</th>
          ${series.map((s, k) => html`<td class="n" key=${k}>${fmtNumber(s.values[i])}</td>`)}</tr>`)}</tbody>
      </table>
    </details>
  </figure>`;
}
