// router.js: hash-based routing ("#/partners/12?tab=x").  Hash routes
// need nothing from the server beyond GET /, and reloads and the back
// button work.  match() turns the hash into {name, params, query} using a
// table of patterns such as '/partners/:id'.
import { useEffect, useState } from 'preact/hooks';

export function parseHash(hash = location.hash) {
  const raw = hash.replace(/^#/, '') || '/';
  const [path, qs = ''] = raw.split('?');
  return { path: path || '/', query: Object.fromEntries(new URLSearchParams(qs)) };
}

export function match(table, path) {
  const parts = path.split('/').filter(Boolean);
  for (const [pattern, name] of table) {
    const pp = pattern.split('/').filter(Boolean);
    if (pp.length !== parts.length) continue;
    const params = {};
    let ok = true;
    for (let i = 0; i < pp.length && ok; i++) {
      if (pp[i].startsWith(':')) params[pp[i].slice(1)] = decodeURIComponent(parts[i]);
      else ok = pp[i] === parts[i];
    }
    if (ok) return { name, params };
  }
  return { name: 'notfound', params: {} };
}

// href('/partners', {status: 'active'}) -> "#/partners?status=active".
export function href(path, query) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query || {})) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return `#${path}${s ? `?${s}` : ''}`;
}

export function navigate(path, query) {
  location.hash = href(path, query);
}

export function useHash() {
  const [loc, setLoc] = useState(parseHash());
  useEffect(() => {
    const on = () => setLoc(parseHash());
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return loc;
}
