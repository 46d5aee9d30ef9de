/*
** contacts.h: the contact record functions other modules reuse (the CSV
** importer, merges, reports).  Defined in api_contacts.c.
**
** A contact is a person; their positions at partners are affiliations, each
** with its own start and end, so a move between organisations keeps both.
**
** The body fields a new contact takes (the same as POST /api/v1/contacts):
**   full_name (required), email, phone, preferred_language (BCP 47), notes,
**   partner_id + title + started_on (the first affiliation, optional),
**   allow_duplicate (true: accept an email another contact already has).
*/
#ifndef RAPPORT_CONTACTS_H
#define RAPPORT_CONTACTS_H

#include "api.h"

typedef struct contact_in {
	const char *full_name, *email, *phone, *preferred_language, *notes;
	int64_t partner_id;                /* 0: no first affiliation */
	const char *title, *started_on;    /* of the first affiliation; may be NULL */
	bool allow_duplicate;
} contact_in;

/* The whole contact as the API shows it, with every affiliation (current
** and past, with partner names), or NULL.  Caller decrefs. */
json_t *contact_load(store_conn *c, int64_t office_id, int64_t id);

/* The id of a contact of the office with this email (compared without
** regard to case), or 0 when there is none. */
int64_t contact_find_by_email(store_conn *c, int64_t office_id, const char *email);

/* Validates a new contact body (inside a transaction: partner_id must be a
** partner of the office).  Fills *in with pointers borrowed from body.
** Returns true when the contact may be inserted.  When the body is valid
** but its email belongs to an existing contact (and allow_duplicate is not
** true), returns false with v still clean and *duplicate_of set to that
** contact's id; otherwise *duplicate_of is 0. */
bool contact_check_new(valid *v, store_conn *c, int64_t office_id, json_t *body, contact_in *in,
                       int64_t *duplicate_of);

/* Inserts a checked contact (and its first affiliation when partner_id is
** set), indexes it for search and writes the audit entry, all inside the
** caller's transaction.  Returns the new id or a store error (< 0). */
int64_t contact_insert(store_conn *c, const audit_actor *who, const contact_in *in);

#endif
