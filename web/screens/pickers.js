// screens/pickers.js: option lists shared by forms: the office's partners
// and users, for selects.  Each returns [[value, label], ...].
import { api, apiAll } from '../api.js';

export async function partnerOptions() {
  const items = await apiAll('/partners', { sort: 'name' });
  return items.map((p) => [String(p.id), p.name]);
}

// Active users of the office (GET /users is open to every role).
export async function userOptions() {
  const r = await api('GET', '/users');
  return r.items.filter((u) => u.active !== false).map((u) => [String(u.id), u.name]);
}
