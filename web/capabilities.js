// capabilities.js: which optional capabilities this server has.  Screens
// for feedback and continuity arrived on their own branches; a server
// without one answers 404 on its list route, and the UI then leaves that
// screen, its navigation entry and its dashboard panel out rather than
// showing an error.  Probed once per session, in parallel, with limit=1.
import { useEffect, useState } from 'preact/hooks';
import { api } from './api.js';

const PROBES = {
  feedback: '/feedback',
  continuity: '/continuity/risks',
  misconceptions: '/misconceptions',
};

let known = null;

export function probeAll() {
  if (!known) {
    known = Promise.all(Object.entries(PROBES).map(([k, path]) => api('GET', path, null, { limit: 1 })
      .then(() => [k, true], (e) => [k, e.status !== 404]))).then(Object.fromEntries);
  }
  return known;
}

export function resetCapabilities() { known = null; }

// {feedback: true, ...} once known; null before.
export function useCapabilities() {
  const [caps, setCaps] = useState(null);
  useEffect(() => { let live = true; probeAll().then((c) => live && setCaps(c)); return () => { live = false; }; }, []);
  return caps;
}
