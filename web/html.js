// html.js: Preact's h bound to htm tagged templates, so components are
// written as html`<p>${text}</p>` with no build step.  Text interpolated
// this way is always escaped by Preact; nothing sets innerHTML.
import { h } from 'preact';
import htm from 'htm';

export const html = htm.bind(h);
