// screens/groups_api.js: the office's demographic groups, loaded once per
// screen for filters, checkboxes and names.  Resolves to null when the
// server has no groups API, so callers leave the control out.
import { api } from '../api.js';

export async function loadGroups() {
  try {
    const r = await api('GET', '/groups');
    return r.items;
  } catch (e) {
    if (e.status === 404) return null;
    throw e;
  }
}
