// lazy.js: screens loaded when first opened, not with the first screen, so
// the sign-in and dashboard transfer stays small as screens are added.
// lazy(() => import('./screens/x.js'), 'X') is a component that shows the
// loading line until the module arrives, then X with the same props; a
// failed load shows the error with a retry.
import { useEffect, useState } from 'preact/hooks';
import { html } from './html.js';
import { Loading, ErrorBox } from './ui.js';

export function lazy(load, name) {
  let Loaded = null;
  let pending = null;
  const start = () => (pending ??= load().then((m) => { Loaded = m[name]; }, (e) => { pending = null; throw e; }));
  return function Lazy(props) {
    const [state, setState] = useState({ n: 0, error: null });
    useEffect(() => {
      if (Loaded) return undefined;
      let live = true;
      start().then(() => live && setState((s) => ({ n: s.n + 1, error: null })),
        (error) => live && setState((s) => ({ n: s.n, error })));
      return () => { live = false; };
    }, [state.n]);
    if (Loaded) return html`<${Loaded} ...${props} />`;
    if (state.error) return html`<${ErrorBox} error=${state.error} onRetry=${() => setState((s) => ({ n: s.n + 1, error: null }))} />`;
    return html`<${Loading} />`;
  };
}
