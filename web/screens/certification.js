// screens/certification.js: the Community Relationships certification
// packet (directors and admins).  The list screen chooses a 12-month
// period, makes a packet from the office's records and lists the packets
// made before; the packet screen shows the drafted answers to the
// questionnaire for editing (the drafted text stays beside the edit; a
// stale version offers a reload) and links to the print HTML, the PDF and
// the ZIP, which the server renders with the edited text.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { t, fmtDate, fmtDateTime, todayInOffice } from '../i18n.js';
import { api } from '../api.js';
import { navigate } from '../router.js';
import { Page, Loaded, useLoad, useForm, Field, FormAlert, Empty, announce } from '../ui.js';

// The 12 months ending today: from is the day after the same date a year ago.
export function lastTwelveMonths(today) {
  const [y, m, d] = today.split('-').map(Number);
  const start = new Date(Date.UTC(y - 1, m - 1, d + 1));
  return { from: start.toISOString().slice(0, 10), to: today };
}

const packetPath = (id, format) => `/api/v1/certification/packets/${id}${format ? `/${format}` : ''}`;

export function CertificationList() {
  const s = useLoad(() => api('GET', '/certification/packets'), []);
  const form = useForm(lastTwelveMonths(todayInOffice()));
  async function onSubmit(e) {
    e.preventDefault();
    const saved = await form.submit((v) => api('POST', '/certification/packets', { from: v.from, to: v.to }));
    if (saved) { announce(t('cert.created')); navigate(`/certification/${saved.id}`); }
  }
  return html`<${Page} title=${t('cert.title')} sub=${t('cert.intro')} wide>
    <div class="grid">
      <section class="panel" aria-labelledby="cert-new">
        <h2 id="cert-new">${t('cert.new')}</h2>
        <form onSubmit=${onSubmit} novalidate class="stack">
          <${FormAlert} form=${form} idPrefix="cp" />
          <p class="hint">${t('cert.period_hint')}</p>
          <div class="row">
            <${Field} form=${form} prefix="cp" name="from" type="date" label=${t('cert.from')} required />
            <${Field} form=${form} prefix="cp" name="to" type="date" label=${t('cert.to')} required />
          </div>
          <div class="form-actions"><button type="submit" class="primary" disabled=${form.busy}>${form.busy ? t('cert.creating') : t('cert.create')}</button></div>
        </form>
      </section>
      <section class="panel" aria-labelledby="cert-past">
        <h2 id="cert-past">${t('cert.past')}</h2>
        <${Loaded} state=${s}>${(d) => (d.items.length === 0 ? html`<${Empty} text=${t('cert.none')} />` : html`<table class="list">
          <caption class="visually-hidden">${t('cert.past')}</caption>
          <thead><tr><th scope="col">${t('cert.period')}</th><th scope="col">${t('cert.made')}</th><th scope="col">${t('cert.updated')}</th></tr></thead>
          <tbody>${d.items.map((p) => html`<tr key=${p.id}>
            <th scope="row"><a href=${`#/certification/${p.id}`}>${t('cert.period_value', { from: fmtDate(p.period_from), to: fmtDate(p.period_to) })}</a></th>
            <td data-label=${t('cert.made')}>${fmtDateTime(p.created_at)}${p.created_by_name && html`<span class="meta"> — ${p.created_by_name}</span>`}</td>
            <td data-label=${t('cert.updated')}>${fmtDateTime(p.updated_at)}</td></tr>`)}</tbody></table>`)}<//>
      </section>
    </div>
  <//>`;
}

// The drafts of one packet as a form: one textarea per question.
function DraftsForm({ p, onSaved, onReload }) {
  const keys = Object.keys(p.drafts || {});
  const initial = Object.fromEntries(keys.map((k) => [`drafts.${k}`, p.drafts[k].text]));
  const form = useForm(initial);
  async function onSubmit(e) {
    e.preventDefault();
    const changed = {};
    for (const k of keys) if (form.values[`drafts.${k}`] !== p.drafts[k].text) changed[k] = form.values[`drafts.${k}`];
    if (Object.keys(changed).length === 0) { announce(t('cert.nothing_changed')); return; }
    const saved = await form.submit(() => api('PATCH', `/certification/packets/${p.id}/drafts`, { drafts: changed, version: p.version }));
    if (saved) { announce(t('cert.saved')); onSaved(); }
  }
  if (keys.length === 0) return html`<${Empty} text=${t('cert.no_drafts')} />`;
  return html`<form onSubmit=${onSubmit} novalidate class="stack">
    <${FormAlert} form=${form} idPrefix="cd" onReload=${onReload} />
    ${keys.map((k) => {
      const d = p.drafts[k];
      return html`<div key=${k} class="draft-edit">
        <${Field} form=${form} prefix="cd" name=${`drafts.${k}`} type="textarea" rows=${10} label=${d.question} />
        ${d.edited_at ? html`<p class="meta">${t('cert.edited', { who: d.edited_by || '', when: fmtDateTime(d.edited_at) })}</p>`
          : html`<p class="meta">${t('cert.as_drafted')}</p>`}
        ${d.edited_at && html`<details class="data"><summary>${t('cert.show_drafted')}</summary><p class="prewrap">${d.drafted}</p></details>`}
      </div>`;
    })}
    <div class="form-actions"><button type="submit" class="primary" disabled=${form.busy}>${t('cert.save')}</button></div>
  </form>`;
}

export function CertificationPage({ params }) {
  const [n, setN] = useState(0);
  const s = useLoad(() => api('GET', `/certification/packets/${params.id}`), [params.id, n]);
  const reload = () => setN((x) => x + 1);
  return html`<${Loaded} state=${s}>${(p) => html`<${Page}
      title=${t('cert.packet_title', { from: fmtDate(p.period_from), to: fmtDate(p.period_to) })}
      sub=${t('cert.packet_sub', { when: fmtDateTime(p.created_at), who: p.created_by_name || '' })} wide>
    <nav class="panel no-print" aria-labelledby="cert-files">
      <h2 id="cert-files">${t('cert.files')}</h2>
      <ul class="plain inline-links">
        <li><a href=${packetPath(p.id, 'html')} target="_blank" rel="noopener">${t('cert.open_html')}</a></li>
        <li><a href=${packetPath(p.id, 'pdf')} download>${t('cert.download_pdf')}</a></li>
        <li><a href=${packetPath(p.id, 'zip')} download>${t('cert.download_zip')}</a></li>
      </ul>
      <p class="hint">${t('cert.files_hint')}</p>
    </nav>
    <section class="panel" aria-labelledby="cert-drafts">
      <h2 id="cert-drafts">${t('cert.drafts')}</h2>
      <p class="hint">${t('cert.drafts_hint')}</p>
      <${DraftsForm} key=${p.version} p=${p} onSaved=${reload} onReload=${reload} />
    </section>
    <section class="panel" aria-labelledby="cert-contents">
      <h2 id="cert-contents">${t('cert.contents')}</h2>
      <ul class="plain">${(p.document.sections || []).map((sec) => html`<li key=${sec.id}>${sec.heading}</li>`)}</ul>
      <p><a href="#/certification">${t('cert.back')}</a></p>
    </section>
  <//>`}<//>`;
}
