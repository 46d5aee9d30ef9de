// screens/index.js: every screen: its route pattern, the least role that
// may open it (the server enforces the same), and the navigation entries.
import { Dashboard } from './dashboard.js';
import { PartnerList, PartnerNew, PartnerEdit } from './partners.js';
import { PartnerPage } from './partner.js';
import { ContactList, ContactNew, ContactPage } from './contacts.js';
import { FollowUps } from './interactions.js';
import { Groups } from './groups.js';
import { Search, InteractionRedirect } from './search.js';
import { ImportScreen } from './import.js';
import { Audit } from './audit.js';
import { Users } from './users.js';
import { OfficeSettings } from './office.js';
import { FeedbackList, FeedbackNew, FeedbackPage } from './feedback.js';
import { Continuity } from './continuity.js';
import { ClaimList, ClaimNew, ClaimPage } from './misconceptions.js';
import { Account } from './account.js';
import { Tokens } from './tokens.js';
import { lazy } from './lazy.js';
// -- feedback screens --
// -- continuity screens --
const MyRelationships = lazy(() => import('./relationships.js'), 'MyRelationships');
const Coverage = lazy(() => import('./coverage.js'), 'Coverage');
const Strength = lazy(() => import('./strength.js'), 'Strength');
const Handover = lazy(() => import('./handover.js'), 'Handover');
const Handovers = lazy(() => import('./handover.js'), 'Handovers');
const Advisory = lazy(() => import('./advisory.js'), 'Advisory');
const AdvisoryMeeting = lazy(() => import('./advisory.js'), 'AdvisoryMeeting');
const Letters = lazy(() => import('./letters.js'), 'Letters');
// -- misconceptions screens --
import { ClaimReport } from './misconceptions.js';
// -- certification screens --
const CertificationList = lazy(() => import('./certification.js'), 'CertificationList');
const CertificationPage = lazy(() => import('./certification.js'), 'CertificationPage');
import { NotFound, Forbidden } from './misc.js';

export const screens = {
  dashboard: { view: Dashboard },
  'partners.list': { view: PartnerList },
  'partners.new': { view: PartnerNew, role: 'coordinator' },
  'partners.edit': { view: PartnerEdit, role: 'coordinator' },
  'partners.show': { view: PartnerPage },
  'contacts.list': { view: ContactList },
  'contacts.new': { view: ContactNew, role: 'staff' },
  'contacts.show': { view: ContactPage },
  'followups.list': { view: FollowUps },
  'interactions.show': { view: InteractionRedirect },
  'groups.list': { view: Groups },
  'search.results': { view: Search },
  'import.form': { view: ImportScreen, role: 'coordinator' },
  'audit.list': { view: Audit, role: 'director' },
  'users.list': { view: Users, role: 'admin' },
  'office.settings': { view: OfficeSettings, role: 'admin' },
  'feedback.list': { view: FeedbackList, cap: 'feedback' },
  'feedback.new': { view: FeedbackNew, role: 'staff', cap: 'feedback' },
  'feedback.show': { view: FeedbackPage, cap: 'feedback' },
  'continuity.risks': { view: Continuity, cap: 'continuity' },
  'claims.list': { view: ClaimList, cap: 'misconceptions' },
  'claims.new': { view: ClaimNew, role: 'staff', cap: 'misconceptions' },
  'claims.show': { view: ClaimPage, cap: 'misconceptions' },
  'account.me': { view: Account },
  'tokens.list': { view: Tokens, role: 'admin' },
  // -- feedback screens --
  'fbreport.summary': { view: lazy(() => import('./feedback_summary.js'), 'FeedbackSummary'), cap: 'feedback' },
  'fbexport.form': { view: lazy(() => import('./feedback_export.js'), 'FeedbackExport'), role: 'director', cap: 'feedback' },
  'solicitations.list': { view: lazy(() => import('./solicitations.js'), 'SolicitationList'), cap: 'feedback' },
  'solicitations.new': { view: lazy(() => import('./solicitations.js'), 'SolicitationNew'), role: 'coordinator', cap: 'feedback' },
  'solicitations.show': { view: lazy(() => import('./solicitations.js'), 'SolicitationPage'), cap: 'feedback' },
  'elections.list': { view: lazy(() => import('./elections.js'), 'Elections'), cap: 'feedback' },
  'topics.list': { view: lazy(() => import('./topics.js'), 'Topics'), cap: 'feedback' },
  // -- continuity screens --
  'mine.relationships': { view: MyRelationships, cap: 'continuity' },
  'coverage.view': { view: Coverage, cap: 'continuity' },
  'strength.ranking': { view: Strength, cap: 'continuity' },
  'handover.user': { view: Handover, role: 'director', cap: 'continuity' },
  'handover.list': { view: Handovers, role: 'director', cap: 'continuity' },
  'advisory.group': { view: Advisory, cap: 'continuity' },
  'advisory.meeting': { view: AdvisoryMeeting, cap: 'continuity' },
  'letters.compose': { view: Letters, cap: 'continuity' },
  // -- misconceptions screens --
  'claims.report': { view: ClaimReport, cap: 'misconceptions' },
  // -- certification screens --
  'certification.list': { view: CertificationList, role: 'director' },
  'certification.show': { view: CertificationPage, role: 'director' },
  notfound: { view: NotFound },
  forbidden: { view: Forbidden },
};

// cap: the screen needs that capability (capabilities.js).
// Order matters: '/partners/new' before '/partners/:id'.
export const routeTable = [
  ['/', 'dashboard'],
  ['/partners', 'partners.list'],
  ['/partners/new', 'partners.new'],
  ['/partners/:id/edit', 'partners.edit'],
  ['/partners/:id', 'partners.show'],
  ['/contacts', 'contacts.list'],
  ['/contacts/new', 'contacts.new'],
  ['/contacts/:id', 'contacts.show'],
  ['/follow-ups', 'followups.list'],
  ['/interactions/:id', 'interactions.show'],
  ['/feedback', 'feedback.list'],
  ['/feedback/new', 'feedback.new'],
  ['/feedback/:id', 'feedback.show'],
  ['/continuity', 'continuity.risks'],
  ['/misconceptions', 'claims.list'],
  ['/misconceptions/new', 'claims.new'],
  ['/misconceptions/:id', 'claims.show'],
  // -- feedback routes --
  ['/reports/feedback', 'fbreport.summary'],
  ['/exports/feedback', 'fbexport.form'],
  ['/solicitations', 'solicitations.list'],
  ['/solicitations/new', 'solicitations.new'],
  ['/solicitations/:id', 'solicitations.show'],
  ['/elections', 'elections.list'],
  ['/topics', 'topics.list'],
  // -- continuity routes --
  ['/me/relationships', 'mine.relationships'],
  ['/coverage', 'coverage.view'],
  ['/strength', 'strength.ranking'],
  ['/users/:id/handover', 'handover.user'],
  ['/handovers', 'handover.list'],
  ['/advisory', 'advisory.group'],
  ['/advisory/meetings/:id', 'advisory.meeting'],
  ['/letters', 'letters.compose'],
  // -- misconceptions routes --
  ['/reports/misconceptions', 'claims.report'],
  // -- certification routes --
  ['/certification', 'certification.list'],
  ['/certification/:id', 'certification.show'],
  ['/groups', 'groups.list'],
  ['/search', 'search.results'],
  ['/import', 'import.form'],
  ['/audit', 'audit.list'],
  ['/users', 'users.list'],
  ['/office', 'office.settings'],
  ['/tokens', 'tokens.list'],
  ['/account', 'account.me'],
];

// section: the first part of the screen name, to mark the current entry;
// cap: shown only when the server has that capability (capabilities.js).
export const navItems = [
  { key: 'nav.dashboard', path: '/', section: 'dashboard' },
  { key: 'nav.partners', path: '/partners', section: 'partners' },
  { key: 'nav.contacts', path: '/contacts', section: 'contacts' },
  { key: 'nav.followups', path: '/follow-ups', section: 'followups' },
  { key: 'nav.feedback', path: '/feedback', section: 'feedback', cap: 'feedback' },
  { key: 'nav.continuity', path: '/continuity', section: 'continuity', cap: 'continuity' },
  { key: 'nav.claims', path: '/misconceptions', section: 'claims', cap: 'misconceptions' },
  // -- feedback nav --
  { key: 'nav.feedback_summary', path: '/reports/feedback', section: 'fbreport', cap: 'feedback' },
  { key: 'nav.solicitations', path: '/solicitations', section: 'solicitations', cap: 'feedback' },
  { key: 'nav.elections', path: '/elections', section: 'elections', cap: 'feedback' },
  // -- continuity nav --
  { key: 'nav.mine', path: '/me/relationships', section: 'mine', cap: 'continuity' },
  { key: 'nav.coverage', path: '/coverage', section: 'coverage', cap: 'continuity' },
  { key: 'nav.advisory', path: '/advisory', section: 'advisory', cap: 'continuity' },
  { key: 'nav.letters', path: '/letters', section: 'letters', cap: 'continuity' },
  { key: 'nav.handovers', path: '/handovers', section: 'handover', role: 'director', cap: 'continuity' },
  // -- misconceptions nav --
  // -- certification nav --
  { key: 'nav.certification', path: '/certification', section: 'certification', role: 'director' },
  { key: 'nav.groups', path: '/groups', section: 'groups' },
  { key: 'nav.search', path: '/search', section: 'search' },
  { key: 'nav.import', path: '/import', section: 'import', role: 'coordinator' },
  { key: 'nav.audit', path: '/audit', section: 'audit', role: 'director' },
  { key: 'nav.users', path: '/users', section: 'users', role: 'admin' },
  { key: 'nav.office', path: '/office', section: 'office', role: 'admin' },
  { key: 'nav.tokens', path: '/tokens', section: 'tokens', role: 'admin' },
];
