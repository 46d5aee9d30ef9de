// domain.js: the API's vocabularies, mirrored from src/domain.c, for
// selects and filters.  Labels come from the i18n catalog (enum.*).
export const PARTNER_KINDS = ['intra_governmental', 'institutional'];
export const PARTNER_SUBTYPES = ['emergency_management', 'public_information_office', 'elected_official', 'it',
  'library', 'school_district', 'media', 'community_organization', 'faith_group', 'advocacy_group', 'university',
  'tribal_government', 'business', 'other'];
export const PARTNER_STATUSES = ['prospect', 'vetting', 'active', 'dormant', 'ended'];
export const VETTING_ASPECTS = ['legal', 'operational'];
export const VETTING_OUTCOMES = ['pending', 'passed', 'failed'];
export const GROUP_CATEGORIES = ['language', 'age', 'disability', 'geography', 'military', 'student', 'citizenship',
  'race_ethnicity', 'other'];
export const INTERACTION_TYPES = ['meeting', 'call', 'email', 'event', 'tour', 'presentation', 'training',
  'media_interview', 'advisory_meeting', 'handover', 'outreach_letter', 'amplification_ask', 'other'];
export const INTERACTION_DIRECTIONS = ['office_gave', 'partner_gave', 'both', 'neither'];
export const LIAISON_ROLES = ['primary', 'backup'];
export const VERIFY_STATUSES = ['unverified', 'verified', 'bounced'];
export const ROLES = ['viewer', 'staff', 'coordinator', 'director', 'admin'];

const GOV = ['emergency_management', 'public_information_office', 'elected_official', 'it'];
const INST = ['media', 'community_organization', 'faith_group', 'advocacy_group', 'business'];

// The subtypes that fit a kind (some fit either), as partner_subtype_kind().
export function subtypesFor(kind) {
  if (!kind) return PARTNER_SUBTYPES;
  const other = kind === 'intra_governmental' ? INST : GOV;
  return PARTNER_SUBTYPES.filter((s) => !other.includes(s));
}

// The status moves the API allows, as partner_status_transition_ok().
const MOVES = {
  prospect: ['vetting', 'ended'], vetting: ['active', 'prospect', 'ended'], active: ['dormant', 'ended'],
  dormant: ['active', 'ended'], ended: ['prospect'],
};
export const nextStatuses = (from) => MOVES[from] || [];

export const FEEDBACK_CHANNELS = ['phone', 'email', 'walk_in', 'event', 'web_form', 'social_media', 'mail', 'partner', 'other'];
export const FEEDBACK_SOURCES = ['voter', 'partner', 'staff'];
export const FEEDBACK_STATUSES = ['new', 'triaged', 'in_progress', 'action_taken', 'closed', 'closed_no_action'];
// The workflow steps the API allows from each status (api_feedback.c).
const FB_MOVES = {
  new: ['triaged', 'in_progress', 'action_taken', 'closed_no_action'], triaged: ['in_progress', 'action_taken', 'closed_no_action'],
  in_progress: ['action_taken', 'closed_no_action'], action_taken: ['closed', 'in_progress'],
  closed: ['in_progress'], closed_no_action: ['in_progress'],
};
export const feedbackMoves = (from) => FB_MOVES[from] || [];

export const CLAIM_TOPICS = ['registration', 'eligibility', 'mail_voting', 'early_voting', 'election_day', 'polling_places',
  'voter_id', 'voting_equipment', 'counting', 'results', 'security', 'candidates', 'other'];
export const CLAIM_SEVERITIES = ['low', 'medium', 'high'];
export const CLAIM_STATUSES = ['reported', 'triaged', 'drafting', 'in_review', 'approved', 'published', 'monitoring', 'closed', 'dismissed'];
// The steps POST /misconceptions/{id}/status takes (approve and publish have their own routes).
const CLAIM_MOVES = {
  reported: ['triaged', 'dismissed'], triaged: ['drafting', 'reported', 'dismissed'], drafting: ['in_review', 'triaged', 'dismissed'],
  in_review: ['drafting', 'dismissed'], approved: ['drafting', 'dismissed'], published: ['monitoring', 'closed'],
  monitoring: ['closed'], closed: ['monitoring'], dismissed: ['reported'],
};
export const claimMoves = (from) => CLAIM_MOVES[from] || [];
