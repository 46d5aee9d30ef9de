// screens/letters.js: outreach letters to prospects.  Templates with
// placeholders such as {{partner.name}} (coordinators write them; unknown
// placeholders are refused next to the field), and a letter rendered for
// one partner and contact: its text on screen, a printable page (the
// server escapes every value), and "mark as sent", which logs an
// outreach_letter interaction on the partner.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { t, fmtDate } from '../i18n.js';
import { api, apiAll, can } from '../api.js';
import { href, navigate } from '../router.js';
import { Page, Loaded, useLoad, useForm, Field, FormAlert, Empty, announce } from '../ui.js';
import { ContinuityLinks } from './continuity.js';

function TemplateForm({ tpl, placeholders, onDone }) {
  const prefix = tpl ? `lt${tpl.id}` : 'lt';
  const form = useForm({ name: tpl ? tpl.name : '', subject: tpl ? tpl.subject : '', body: tpl ? tpl.body : '' });
  async function onSubmit(e) {
    e.preventDefault();
    const v = form.values;
    const saved = await form.submit(() => (tpl ? api('PATCH', `/letter-templates/${tpl.id}`, { ...v, version: tpl.version })
      : api('POST', '/letter-templates', v)));
    if (saved) { announce(t('letters.saved', { name: saved.name })); onDone(true); }
  }
  return html`<form onSubmit=${onSubmit} novalidate class="stack log-form">
    <${FormAlert} form=${form} idPrefix=${prefix} onReload=${() => onDone(true)} />
    <${Field} form=${form} prefix=${prefix} name="name" required label=${t('letters.name')} />
    <${Field} form=${form} prefix=${prefix} name="subject" required label=${t('letters.subject')} />
    <${Field} form=${form} prefix=${prefix} name="body" type="textarea" rows="10" required label=${t('letters.body')}
      hint=${t('letters.placeholders', { list: placeholders.map((p) => `{{${p}}}`).join(' ') })} />
    <div class="form-actions"><button type="submit" class="primary" disabled=${form.busy}>${t('common.save')}</button>
      <button type="button" onClick=${() => onDone(false)}>${t('common.cancel')}</button></div>
  </form>`;
}

function DeleteTemplate({ tpl, onDone }) {
  const [asked, setAsked] = useState(false);
  const [err, setErr] = useState(null);
  async function del() {
    try { await api('DELETE', `/letter-templates/${tpl.id}`); announce(t('letters.deleted', { name: tpl.name })); onDone(true); } catch (e) { setErr(e); }
  }
  if (!asked) return html`<button type="button" class="link" onClick=${() => setAsked(true)} aria-label=${t('letters.delete_name', { name: tpl.name })}>${t('common.delete')}</button>`;
  return html`<span role="group" aria-label=${t('letters.delete_name', { name: tpl.name })}>${t('letters.really_delete')}
    <button type="button" onClick=${del}>${t('common.yes')}</button> <button type="button" onClick=${() => setAsked(false)}>${t('common.no')}</button>
    ${err && html`<span class="field-error" role="alert">${err.error && err.error.message}</span>`}</span>`;
}

function Templates({ state, bump }) {
  const [editing, setEditing] = useState(null);
  const done = (changed) => { setEditing(null); if (changed) bump(); };
  return html`<section class="panel" aria-labelledby="lt-h">
    <h2 id="lt-h">${t('letters.templates')}</h2>
    <${Loaded} state=${state}>${(d) => html`
      ${can('coordinator') && (editing === 'new' ? html`<${TemplateForm} placeholders=${d.placeholders} onDone=${done} />`
        : html`<p class="no-print"><button type="button" onClick=${() => setEditing('new')}>${t('letters.new_template')}</button></p>`)}
      ${d.items.length === 0 ? html`<${Empty} text=${t('letters.no_templates')} />` : html`<ul class="plain">${d.items.map((x) => html`<li key=${x.id}>
        <strong>${x.name}</strong> <span class="meta">${x.subject}</span>
        ${editing === x.id ? html`<${TemplateForm} tpl=${x} placeholders=${d.placeholders} onDone=${done} />`
          : can('coordinator') && html`<p class="no-print"><button type="button" class="link" onClick=${() => setEditing(x.id)}
            aria-label=${t('letters.edit_name', { name: x.name })}>${t('common.edit')}</button> <${DeleteTemplate} tpl=${x} onDone=${done} /></p>`}
      </li>`)}</ul>`}`}<//>
  </section>`;
}

// The letter for the chosen partner, template and contact.
function Letter({ q }) {
  const query = { template_id: q.template, contact_id: q.contact };
  const s = useLoad(() => api('GET', `/partners/${q.partner}/letter`, null, query), [q.partner, q.template, q.contact]);
  const [sent, setSent] = useState(null);
  const form = useForm({});
  const printable = `/api/v1/partners/${encodeURIComponent(q.partner)}/letter.html?${new URLSearchParams(Object.entries(query).filter(([, v]) => v)).toString()}`;
  async function send() {
    const body = { template_id: Number(q.template) };
    if (q.contact) body.contact_id = Number(q.contact);
    const r = await form.submit(() => api('POST', `/partners/${q.partner}/letter/send`, body));
    if (r) { setSent(r); announce(t('letters.sent', { when: fmtDate(r.occurred_on) })); }
  }
  return html`<${Loaded} state=${s}>${(l) => html`<section class="panel" aria-labelledby="lt-letter">
    <h2 id="lt-letter">${t('letters.letter')}</h2>
    <p><strong>${t('letters.subject')}:</strong> ${l.subject}</p>
    <pre class="letter-text">${l.text}</pre>
    <${FormAlert} form=${form} idPrefix="ls" />
    ${sent ? html`<p class="alert ok" role="status">${t('letters.sent', { when: fmtDate(sent.occurred_on) })}
        <a href=${href(`/partners/${q.partner}`)}>${t('letters.see_partner')}</a></p>`
      : html`<div class="form-actions no-print">
        <a class="button" href=${printable} target="_blank" rel="noopener">${t('letters.printable')}</a>
        ${can('staff') && html`<button type="button" class="primary" onClick=${send} disabled=${form.busy}>${t('letters.mark_sent')}</button>`}</div>`}
  </section>`}<//>`;
}

function Compose({ query, templates }) {
  const partners = useLoad(() => apiAll('/partners', { sort: 'name' }).then((items) => {
    const first = items.filter((p) => p.status === 'prospect' || p.status === 'vetting');
    const rest = items.filter((p) => !(p.status === 'prospect' || p.status === 'vetting'));
    return [...first, ...rest].map((p) => [String(p.id), p.status === 'prospect' ? t('letters.prospect_name', { name: p.name }) : p.name]);
  }), []);
  const form = useForm({ partner: query.partner || '', template: query.template || '', contact: query.contact || '' });
  const pid = form.values.partner;
  const contacts = useLoad(() => (pid ? api('GET', `/partners/${pid}/contacts`).then((r) => r.items.filter((c) => c.current !== false)) : Promise.resolve([])), [pid]);
  const show = (e) => { e.preventDefault(); navigate('/letters', form.values); };
  const tpls = (templates || []).map((x) => [String(x.id), x.name]);
  return html`<section class="panel" aria-labelledby="lt-compose">
    <h2 id="lt-compose">${t('letters.compose')}</h2>
    <form onSubmit=${show} novalidate class="stack no-print">
      <div class="row">
        <${Field} form=${form} prefix="lc" name="partner" type="select" label=${t('contact.partner')} options=${[['', t('common.choose')], ...(partners.data || [])]} />
        <${Field} form=${form} prefix="lc" name="contact" type="select" label=${t('letters.to_contact')}
          options=${[['', t('letters.first_contact')], ...(contacts.data || []).map((c) => [String(c.contact_id), c.full_name])]} />
        <${Field} form=${form} prefix="lc" name="template" type="select" label=${t('letters.template')} options=${[['', t('common.choose')], ...tpls]} />
      </div>
      <div class="form-actions"><button type="submit" disabled=${!form.values.partner || !form.values.template}>${t('letters.show')}</button></div>
    </form>
  </section>`;
}

export function Letters({ query }) {
  const [n, setN] = useState(0);
  const s = useLoad(() => api('GET', '/letter-templates'), [n]);
  return html`<${Page} title=${t('letters.title')} sub=${t('letters.intro')} wide>
    <${ContinuityLinks} />
    <div class="grid">
      <${Compose} query=${query} templates=${s.data && s.data.items} />
      ${query.partner && query.template && html`<${Letter} key=${`${query.partner}-${query.template}-${query.contact || ''}`} q=${query} />`}
      <${Templates} state=${s} bump=${() => setN(n + 1)} />
    </div>
  <//>`;
}
