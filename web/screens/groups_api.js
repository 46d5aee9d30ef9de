// screens/groups_api.js: the office's demographic groups, for filters,
// checkboxes and names.
import { api } from '../api.js';

export async function loadGroups() {
  const r = await api('GET', '/demographic-groups');
  return r.items;
}
