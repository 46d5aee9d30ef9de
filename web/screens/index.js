// screens/index.js: every screen: its route pattern, the least role that
// may open it (the server enforces the same), and the navigation entries.
import { Dashboard } from './dashboard.js';
import { PartnerList, PartnerNew, PartnerEdit } from './partners.js';
import { PartnerPage } from './partner.js';
import { NotFound, Forbidden } from './misc.js';

export const screens = {
  dashboard: { view: Dashboard },
  'partners.list': { view: PartnerList },
  'partners.new': { view: PartnerNew, role: 'coordinator' },
  'partners.edit': { view: PartnerEdit, role: 'coordinator' },
  'partners.show': { view: PartnerPage },
  notfound: { view: NotFound },
  forbidden: { view: Forbidden },
};

// Order matters: '/partners/new' before '/partners/:id'.
export const routeTable = [
  ['/', 'dashboard'],
  ['/partners', 'partners.list'],
  ['/partners/new', 'partners.new'],
  ['/partners/:id/edit', 'partners.edit'],
  ['/partners/:id', 'partners.show'],
];

// section: the first part of the screen name, to mark the current entry.
export const navItems = [
  { key: 'nav.dashboard', path: '/', section: 'dashboard' },
  { key: 'nav.partners', path: '/partners', section: 'partners' },
];
