// screens/claim_lazy.js: the misconception desk loads on first use, not
// with the first screen after sign-in (which must stay small and fast):
// a screen made by lazyScreen() (a lazy() screen, lazy.js) waits for its module, the
// desk's strings (locales/en_claims.js, merged into the English catalog)
// and its stylesheet (claims.css).
import en from '../locales/en.js';
import { lazy } from './lazy.js';

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

// lazyScreen(() => import('./claim_page.js'), 'ClaimPage') -> a component
// that waits for the desk's strings and stylesheet as well as its module.
export function lazyScreen(load, name) {
  return lazy(() => Promise.all([loadDesk(), load()]).then(([, m]) => m), name);
}
