// app.js: boots the staff UI.  Asks the server who is signed in, then
// shows the sign-in page or the shell: a skip link, the navigation with
// the office's name, the user's role and sign-out, and the screen the
// hash names.  Screens appear in the navigation only for roles that may
// use them (the server enforces the same rules).
import { render } from 'preact';
import { useEffect, useState, useErrorBoundary } from 'preact/hooks';
import { html } from './html.js';
import { t, te, setTimeZone } from './i18n.js';
import { api, session, setSession, onUnauthorized, can } from './api.js';
import { useHash, match, navigate } from './router.js';
import { LiveRegion, announce, resetScreenFocus } from './ui.js';
import { SignIn } from './screens/signin.js';
import { screens, routeTable, navItems } from './screens/index.js';
import { useCapabilities, resetCapabilities, probeAll } from './capabilities.js';

performance.mark('rapport-boot');

// Keeps a failure inside one screen from blanking the whole app.
function Guard({ children }) {
  const [err, reset] = useErrorBoundary((e) => console.error(e));
  useEffect(() => { if (err) document.querySelector('main h1, main').focus(); }, [err]);
  if (err) {
    return html`<div class="page"><h1 tabindex="-1">${t('error.screen_title')}</h1>
      <p class="alert error" role="alert">${t('error.screen')}</p>
      <button type="button" onClick=${reset}>${t('common.retry')}</button></div>`;
  }
  return children;
}

function Shell({ onSignOut }) {
  const loc = useHash();
  const m = match(routeTable, loc.path);
  const caps = useCapabilities() || {};
  let entry = screens[m.name] || screens.notfound;
  if (entry.cap && caps[entry.cap] === false) entry = screens.notfound;
  const allowed = !entry.role || can(entry.role);
  const Screen = allowed ? entry.view : screens.forbidden.view;
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => setMenuOpen(false), [loc.path]);
  const skip = (e) => { e.preventDefault(); const el = document.querySelector('main h1') || document.getElementById('main'); el.focus(); };
  const section = m.name.split('.')[0];
  return html`
    <a class="skip" href="#main" onClick=${skip}>${t('nav.skip')}</a>
    <header class="top no-print">
      <div class="brand">
        <span class="logo" aria-hidden="true">r</span>
        <span><span class="office">${session.office && session.office.name}</span>
        <span class="app-name">${t('app.name')}</span></span>
      </div>
      <button type="button" class="menu-toggle" aria-expanded=${menuOpen ? 'true' : 'false'} aria-controls="nav"
        onClick=${() => setMenuOpen(!menuOpen)}>${t('nav.menu')}</button>
      <nav id="nav" class=${menuOpen ? 'open' : ''} aria-label=${t('nav.label')}>
        <ul>${navItems.filter((n) => (!n.role || can(n.role)) && (!n.cap || caps[n.cap])).map((n) => html`
          <li key=${n.key}><a href=${`#${n.path}`} aria-current=${section === n.section ? 'page' : undefined}>${t(n.key)}</a></li>`)}
        </ul>
      </nav>
      <div class="who">
        <a href="#/account" aria-label=${t('nav.account_of', { name: session.user.name })}>${session.user.name}</a>
        <span class="role">${te('role', session.user.role)}</span>
        <button type="button" class="link" onClick=${onSignOut}>${t('nav.sign_out')}</button>
      </div>
    </header>
    <main id="main" tabindex="-1">
      <${Guard} key=${loc.path}><${Screen} params=${m.params} query=${loc.query} /><//>
    </main>
    <${LiveRegion} />`;
}

function App() {
  const [state, setState] = useState('loading');   // loading | signin | app
  const [notice, setNotice] = useState(null);
  function signedIn(me) {
    performance.mark('rapport-signed-in');
    resetScreenFocus();
    resetCapabilities();
    probeAll();   // in flight while the shell renders
    setSession(me);
    setTimeZone(me.office && me.office.timezone);
    setState('app');
  }
  useEffect(() => {
    onUnauthorized(() => {
      setSession(null);
      setNotice('signin.expired');
      setState('signin');
    });
    api('GET', '/auth/me').then(signedIn, () => setState('signin'));
  }, []);
  async function signOut() {
    try { await api('POST', '/auth/logout'); } catch { /* the session is gone either way */ }
    setSession(null);
    setNotice('signin.signed_out');
    setState('signin');
    navigate('/');
    announce(t('signin.signed_out'));
  }
  if (state === 'loading') return html`<p class="boot" role="status">${t('common.loading')}</p>`;
  if (state === 'signin') return html`<${SignIn} notice=${notice} onSignedIn=${(me) => { setNotice(null); signedIn(me); }} />`;
  return html`<${Shell} onSignOut=${signOut} />`;
}

const root = document.getElementById('app');
root.textContent = '';
render(html`<${App} />`, root);
