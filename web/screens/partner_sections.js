// screens/partner_sections.js: the parts of the partner page that come
// from other capabilities (liaisons, contacts, interactions and their
// follow-ups, strength with its factors), in the order they appear.  Each is a component taking
// {partner, onChanged}.
import { LiaisonSection } from './liaisons.js';
import { PartnerContactsSection } from './contacts.js';
import { PartnerInteractionsSection } from './interactions.js';
import { lazy } from './lazy.js';

const PartnerStrengthSection = lazy(() => import('./strength.js'), 'PartnerStrengthSection');

export const sections = [LiaisonSection, PartnerContactsSection, PartnerInteractionsSection, PartnerStrengthSection];
