// screens/office.js: the office's name, time zone and settings (admins).
// Errors name the setting (settings.KEY) and land next to it.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { t } from '../i18n.js';
import { api, session } from '../api.js';
import { setTimeZone } from '../i18n.js';
import { Page, Loaded, useLoad, useForm, Field, FormAlert, announce } from '../ui.js';

const NUMS = ['on_cycle_days_before', 'on_cycle_days_after', 'cadence_days_default', 'verify_after_days'];
const TARGETS = ['high', 'medium', 'low'];

function toForm(o) {
  const v = { name: o.name, timezone: o.timezone, state_opt_in: !!o.settings.state_opt_in };
  for (const k of NUMS) v[`settings.${k}`] = o.settings[k] ?? '';
  for (const k of TARGETS) v[`settings.response_target_hours.${k}`] = (o.settings.response_target_hours || {})[k] ?? '';
  return v;
}

const num = (s) => { const x = String(s).trim(); return x === '' ? null : (/^\d+$/.test(x) ? Number(x) : x); };

function OfficeForm({ o, onSaved, onReload }) {
  const form = useForm(toForm(o));
  async function onSubmit(e) {
    e.preventDefault();
    const v = form.values;
    const settings = { state_opt_in: v.state_opt_in, response_target_hours: {} };
    for (const k of NUMS) settings[k] = num(v[`settings.${k}`]);
    for (const k of TARGETS) { const x = num(v[`settings.response_target_hours.${k}`]); if (x !== null) settings.response_target_hours[k] = x; }
    const saved = await form.submit(() => api('PATCH', '/office', { name: v.name, timezone: v.timezone, settings, version: o.version }));
    if (saved) {
      session.office = { ...session.office, name: saved.name, timezone: saved.timezone };
      setTimeZone(saved.timezone);
      announce(t('office.saved'));
      onSaved();
    }
  }
  // Errors for the whole response_target_hours object go to its first field.
  const f = { ...form, errors: { ...form.errors } };
  if (f.errors['settings.response_target_hours']) f.errors['settings.response_target_hours.high'] = f.errors['settings.response_target_hours'];
  return html`<form onSubmit=${onSubmit} novalidate class="stack">
    <${FormAlert} form=${f} idPrefix="of" onReload=${onReload} />
    <div class="row">
      <${Field} form=${f} prefix="of" name="name" label=${t('office.name')} required />
      <${Field} form=${f} prefix="of" name="timezone" label=${t('office.timezone')} hint=${t('office.timezone_hint')} required />
    </div>
    <fieldset class="field"><legend>${t('office.cycle')}</legend>
      <div class="row">
        <${Field} form=${f} prefix="of" name="settings.on_cycle_days_before" type="number" label=${t('office.on_cycle_days_before')} />
        <${Field} form=${f} prefix="of" name="settings.on_cycle_days_after" type="number" label=${t('office.on_cycle_days_after')} />
      </div></fieldset>
    <fieldset class="field"><legend>${t('office.targets')}</legend>
      <div class="row">${TARGETS.map((k) => html`<${Field} key=${k} form=${f} prefix="of" name=${`settings.response_target_hours.${k}`} type="number" label=${t(`office.target.${k}`)} />`)}</div>
    </fieldset>
    <div class="row">
      <${Field} form=${f} prefix="of" name="settings.cadence_days_default" type="number" label=${t('office.cadence_days_default')} />
      <${Field} form=${f} prefix="of" name="settings.verify_after_days" type="number" label=${t('office.verify_after_days')} />
    </div>
    <${Field} form=${f} prefix="of" name="state_opt_in" type="checkbox" label=${t('office.state_opt_in')} />
    <div class="form-actions"><button type="submit" class="primary" disabled=${form.busy}>${t('common.save')}</button></div>
  </form>`;
}

export function OfficeSettings() {
  const [n, setN] = useState(0);
  const s = useLoad(() => api('GET', '/office'), [n]);
  return html`<${Page} title=${t('office.title')}>
    <${Loaded} state=${s}>${(o) => html`<${OfficeForm} key=${o.version} o=${o} onSaved=${() => setN(n + 1)} onReload=${() => setN(n + 1)} />`}<//>
  <//>`;
}
