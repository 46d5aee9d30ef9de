// screens/lazy.js: screens and sections whose modules load on first use,
// so the first screen after sign-in does not carry every screen's code.
// lazy(() => import('./x.js'), 'Name') is a component that shows the
// loading line until the module arrives, then the module's export Name
// with the same props; a failed load shows the error with "try again".
// Once loaded, the component renders at once on every later visit.
import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { Loading, ErrorBox } from '../ui.js';

export function lazy(load, name) {
  let View = null;
  let pending = null;
  const start = () => (pending ??= load().then((m) => { View = m[name]; }, (e) => { pending = null; throw e; }));
  function Lazy(props) {
    const [state, setState] = useState({ n: 0, error: null });
    useEffect(() => {
      if (View) return undefined;
      let live = true;
      start().then(() => live && setState((s) => ({ n: s.n + 1, error: null })),
        (error) => live && setState((s) => ({ n: s.n, error })));
      return () => { live = false; };
    }, [state.n]);
    if (View) return html`<${View} ...${props} />`;
    if (state.error) return html`<${ErrorBox} error=${state.error} onRetry=${() => setState((s) => ({ n: s.n + 1, error: null }))} />`;
    return html`<${Loading} />`;
  }
  Lazy.displayName = `lazy(${name})`;
  return Lazy;
}
