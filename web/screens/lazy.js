// screens/lazy.js: a screen or section whose module loads on first use,
// so the first screen after sign-in does not carry every screen's code.
// lazy(() => import('./x.js'), 'Name') is a component that renders the
// module's export Name with the same props once it has arrived (a loading
// line before, an error box with "try again" if the module cannot load).
import { html } from '../html.js';
import { useLoad, Loaded } from '../ui.js';

export function lazy(load, name) {
  function Lazy(props) {
    const s = useLoad(() => load().then((m) => ({ View: m[name] })), []);
    return html`<${Loaded} state=${s}>${({ View }) => html`<${View} ...${props} />`}<//>`;
  }
  Lazy.displayName = `lazy(${name})`;
  return Lazy;
}
