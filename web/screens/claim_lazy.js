// screens/claim_lazy.js: the misconception desk loads on first use, not
// with the first screen after sign-in (which must stay small and fast):
// a screen made by lazyScreen() shows "Loading" until its module, the
// desk's strings (locales/en_claims.js, merged into the English catalog)
// and its stylesheet (claims.css) have arrived, then renders the real
// screen with the same props.  A failed load shows the error with a retry.
import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import en from '../locales/en.js';
import { Loading, ErrorBox } from '../ui.js';

let desk = null;
function stylesheet(href) {
  return new Promise((resolve) => {
    const l = document.createElement('link');
    l.rel = 'stylesheet';
    l.href = href;
    l.onload = l.onerror = resolve;   // without its styles the desk still works
    document.head.append(l);
  });
}
function loadDesk() {
  desk ||= Promise.all([
    import('../locales/en_claims.js').then((m) => { for (const [k, v] of Object.entries(m.default)) if (!(k in en)) en[k] = v; }),
    stylesheet('/static/claims.css'),
  ]).catch((e) => { desk = null; throw e; });
  return desk;
}

// lazyScreen(() => import('./claim_page.js'), 'ClaimPage') -> a component.
export function lazyScreen(load, name) {
  let Comp = null;
  let pending = null;
  return function LazyScreen(props) {
    const [state, setState] = useState({ ok: !!Comp, error: null });
    useEffect(() => {
      if (Comp) return undefined;
      let live = true;
      pending ||= Promise.all([loadDesk(), load()]).then(([, m]) => { Comp = m[name]; })
        .catch((e) => { pending = null; throw e; });
      pending.then(() => live && setState({ ok: true, error: null }), (error) => live && setState({ ok: false, error }));
      return () => { live = false; };
    }, [state.error]);
    if (state.error) return html`<${ErrorBox} error=${state.error} onRetry=${() => setState({ ok: false, error: null })} />`;
    if (!Comp) return html`<${Loading} />`;
    return html`<${Comp} ...${props} />`;
  };
}
