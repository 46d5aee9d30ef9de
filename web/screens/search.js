// screens/search.js: full-text search over the office's partners,
// contacts and interactions.  The words are kept in the URL.
import { html } from '../html.js';
import { t, te } from '../i18n.js';
import { api } from '../api.js';
import { navigate } from '../router.js';
import { Page, Loaded, useLoad, useForm, Field, Empty } from '../ui.js';

const link = (x) => (x.entity === 'partner' ? `#/partners/${x.id}` : x.entity === 'contact' ? `#/contacts/${x.id}` : null);

export function Search({ query }) {
  const q = query.q || '';
  const type = query.type || '';
  const s = useLoad(() => (q ? api('GET', '/search', null, { q, type, limit: 50 }) : Promise.resolve(null)), [q, type]);
  const form = useForm({ q, type });
  const submit = (e) => { e.preventDefault(); navigate('/search', form.values); };
  return html`<${Page} title=${t('search.title')}>
    <form role="search" class="filters" onSubmit=${submit}>
      <${Field} form=${form} prefix="sq" name="q" type="search" label=${t('search.words')} />
      <${Field} form=${form} prefix="sq" name="type" type="select" label=${t('search.type')}
        options=${[['', t('common.any')], ['partner', te('entity', 'partner')], ['contact', te('entity', 'contact')], ['interaction', te('entity', 'interaction')]]} />
      <div class="filter-actions"><button type="submit" class="primary">${t('search.submit')}</button></div>
    </form>
    ${q && html`<${Loaded} state=${s}>${(data) => html`
      <p role="status">${t('search.count', { n: data.items.length, q })}</p>
      ${data.items.length === 0 ? html`<${Empty} text=${t('search.none')} />` : html`<ol class="plain results">
        ${data.items.map((x) => html`<li key=${`${x.entity}-${x.id}`}>
          <span class="badge">${te('entity', x.entity)}</span>
          ${link(x) ? html` <a href=${link(x)}>${x.title}</a>` : html` <a href=${`#/interactions/${x.id}`}>${x.title}</a>`}
          ${x.snippet && html`<p class="meta">${x.snippet}</p>`}
        </li>`)}</ol>`}`}<//>`}
  <//>`;
}

// An interaction found by search: it lives on its partner's page.
export function InteractionRedirect({ params }) {
  const s = useLoad(() => api('GET', `/interactions/${params.id}`), [params.id]);
  return html`<${Loaded} state=${s}>${(x) => { navigate(`/partners/${x.partner_id}`); return null; }}<//>`;
}
