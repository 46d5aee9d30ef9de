// api.js: the UI's only way to talk to the server.  Keeps the session
// (user, office, CSRF token) and sends the CSRF token on every write.
// Every call resolves to the parsed JSON body or throws an ApiError that
// carries the HTTP status and the API's error object ({code, message,
// field, details[]}); a 401 on any call sends the UI back to sign-in.
export class ApiError extends Error {
  constructor(status, error) {
    super((error && error.message) || `HTTP ${status}`);
    this.status = status;
    this.error = error || { code: `http.${status}`, message: '' };
    this.current = error && error.current;   // 409: the record as it is now
  }

  // {field: message} from details[] (or the single field), for forms.
  fieldErrors() {
    const out = {};
    const list = this.error.details && this.error.details.length ? this.error.details : [this.error];
    for (const d of list) if (d.field && !out[d.field]) out[d.field] = d;
    return out;
  }
}

export const session = { user: null, office: null, csrf: null };
const ROLE_ORDER = ['viewer', 'staff', 'coordinator', 'director', 'admin'];
let onSignedOut = () => {};

export function setSession(me) {
  session.user = me ? me.user : null;
  session.office = me ? me.office : null;
  session.csrf = me ? me.csrf_token : null;
}

export function onUnauthorized(fn) { onSignedOut = fn; }

// Whether the signed-in user has at least this role.
export function can(role) {
  return !!session.user && ROLE_ORDER.indexOf(session.user.role) >= ROLE_ORDER.indexOf(role);
}

// api('GET', '/partners', null, {kind: 'institutional'}) -> JSON body.
export async function api(method, path, body, query) {
  let url = `/api/v1${path}`;
  if (query) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
    const s = q.toString();
    if (s) url += `?${s}`;
  }
  const headers = { Accept: 'application/json' };
  const init = { method, headers, credentials: 'same-origin' };
  if (method !== 'GET' && session.csrf) headers['X-CSRF-Token'] = session.csrf;
  if (body instanceof Blob || typeof body === 'string') {
    init.body = body;
    headers['Content-Type'] = 'text/csv';   // the only raw body the API takes
  } else if (body !== undefined && body !== null) {
    init.body = JSON.stringify(body);
    headers['Content-Type'] = 'application/json';
  }
  let r;
  try {
    r = await fetch(url, init);
  } catch {
    throw new ApiError(0, { code: 'network', message: '' });
  }
  const text = await r.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = null; }
  if (r.ok) return json;
  const err = new ApiError(r.status, json && json.error);
  if (r.status === 401 && path !== '/auth/login' && path !== '/auth/me') onSignedOut();
  throw err;
}

// Every page of a cursor-paged list (bounded: at most max items).
export async function apiAll(path, query = {}, max = 2000) {
  const items = [];
  let cursor = null;
  do {
    const page = await api('GET', path, null, { ...query, limit: 200, cursor });
    items.push(...(page.items || []));
    cursor = page.next_cursor;
  } while (cursor && items.length < max);
  return items;
}
