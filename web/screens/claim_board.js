// screens/claim_board.js: the misconception board: the open claims in one
// column per workflow status (a list grouped by status on narrow screens,
// by CSS alone), most severe and oldest first as the API orders them, each
// with its clock against the office's response target.  The targets come
// from the API (GET /misconceptions/board), never from constants here.
import { html } from '../html.js';
import { t, te, fmtDateTime } from '../i18n.js';
import { api } from '../api.js';
import { href } from '../router.js';
import { Loaded, useLoad, Badge, Empty } from '../ui.js';
import { clockText, OverdueBadge, targetsText } from './claim_common.js';

function Card({ c }) {
  return html`<li class=${c.overdue && !c.answered ? 'claim-card overdue' : 'claim-card'}>
    <a href=${href(`/misconceptions/${c.id}`)}>${c.statement}</a>
    <p class="tags"><${Badge} kind="severity" value=${c.severity} /> <${OverdueBadge} c=${c} /></p>
    <p class="clock">${clockText(c)}</p>
    <p class="meta">${t('claims.seen_line', { when: fmtDateTime(c.first_seen_at), n: c.sightings_count })}</p>
  </li>`;
}

function Column({ col }) {
  const id = `board-${col.status}`;
  return html`<section class="board-col" aria-labelledby=${id}>
    <h2 id=${id}>${te('claimstatus', col.status)} <span class="count">${t('claims.col_count', { n: col.count })}</span>
      ${col.overdue > 0 && html` <span class="badge bad">${t('claims.col_overdue', { n: col.overdue })}</span>`}</h2>
    ${col.items.length === 0 ? html`<p class="empty">${t('claims.col_empty')}</p>`
      : html`<ol class="cards-list">${col.items.map((c) => html`<${Card} key=${c.id} c=${c} />`)}</ol>`}
  </section>`;
}

export function ClaimBoard() {
  const s = useLoad(() => api('GET', '/misconceptions/board'), []);
  return html`<${Loaded} state=${s}>${(b) => {
    const total = b.columns.reduce((n, c) => n + c.count, 0);
    const late = b.columns.reduce((n, c) => n + c.overdue, 0);
    return html`<p class="board-summary">${t('claims.board_summary', { n: total })} ${late > 0 && html`<strong>${t('claims.board_overdue', { n: late })}</strong>`}
        <br /><span class="meta">${targetsText(b.target_hours)}</span></p>
      ${total === 0 ? html`<${Empty} text=${t('claims.board_empty')} />`
        : html`<div class="board">${b.columns.map((col) => html`<${Column} key=${col.status} col=${col} />`)}</div>`}`;
  }}<//>`;
}
