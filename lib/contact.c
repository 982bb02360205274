/*
 * contact.c - the contact rules of ar-note(1), in one place: ar-note
 * refuses a contact they forbid, and the day's list and the worklist
 * offer no call they would refuse.
 *
 * Sources: the FDCPA, 15 U.S.C. 1692c(a)(1) (no call at an inconvenient
 * time: before 8 a.m. and after 9 p.m. at the consumer's location) and
 * 1692c(c) (after a request to cease, no contact but a letter saying
 * collection stops or a remedy is invoked); Regulation F, 12 CFR
 * 1006.14(b)(2) (a presumption of harassment: more than 7 call attempts
 * in 7 days, or a call within 7 days after a telephone conversation).
 * No calls to a customer who asked for none is the company's own rule,
 * for businesses too.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ar/note.h"
#include "internal.h"
#include "report_int.h"

#define CALLS_FROM (8 * 60)	/* 08:00 */
#define CALLS_UNTIL (21 * 60)	/* calls start before 21:00 */
#define CALL_LIMIT 7		/* attempts in CALL_DAYS days */
#define CALL_DAYS 7
#define QUIET_DAYS 7		/* after a conversation */

void ar_contact_judge(const struct ar_contact_facts *f, const char *kind,
		      struct ar_contact *c)
{
	char d[AR_DATE_BUFSZ];
	bool call = strcmp(kind, "call") == 0;
	c->allowed = true;
	c->rule[0] = '\0';
	c->resume = AR_DATE_NONE;
	snprintf(c->contact, sizeof(c->contact), "%s", f->contact);
	snprintf(c->kind, sizeof(c->kind), "%s", f->kind);
	c->local = f->local;
	if (strcmp(f->contact, "cease") == 0 && strcmp(kind, "letter") != 0 &&
	    strcmp(kind, "note") != 0) {
		c->allowed = false;
		snprintf(c->rule, sizeof(c->rule), "contact cease: no contact "
			 "but letters of notice");
		return;
	}
	if (!call)
		return;
	if (strcmp(f->contact, "no_calls") == 0) {
		c->allowed = false;
		snprintf(c->rule, sizeof(c->rule), "contact no_calls: no calls "
			 "(e-mail or letter only)");
		return;
	}
	if (strcmp(f->kind, "consumer") != 0)
		return;
	/* the day-long limits first: they say when calls may resume */
	ar_date quiet = f->last_talk != AR_DATE_NONE
			? f->last_talk + QUIET_DAYS : AR_DATE_NONE;
	ar_date full = f->calls_7d >= CALL_LIMIT
		       ? f->seventh_call + CALL_DAYS : AR_DATE_NONE;
	if (quiet != AR_DATE_NONE && quiet > f->local.date) {
		c->allowed = false;
		c->resume = full != AR_DATE_NONE && full > quiet ? full : quiet;
		ar_date_format(d, f->last_talk);
		snprintf(c->rule, sizeof(c->rule), "consumer: no call within "
			 "%d days after a conversation (%s)", QUIET_DAYS, d);
		return;
	}
	if (full != AR_DATE_NONE) {
		c->allowed = false;
		c->resume = full;
		snprintf(c->rule, sizeof(c->rule), "consumer: at most %d call "
			 "attempts in %d days (%d made)", CALL_LIMIT, CALL_DAYS,
			 f->calls_7d);
		return;
	}
	if (f->local.minute < CALLS_FROM || f->local.minute >= CALLS_UNTIL) {
		c->allowed = false;
		snprintf(c->rule, sizeof(c->rule), "consumer: calls only from "
			 "08:00 to 21:00 local time (it is %02d:%02d %s)",
			 f->local.minute / 60, f->local.minute % 60,
			 f->local.abbr);
	}
}

/* The customer's zone, else the company's. */
/* The outcomes that were a conversation with the customer (the 7 days
 * of quiet after one are a contact rule). */
bool ar_note_conversation(const char *o)
{
	static const char *const talks[] = {"reached", "refused", "promised",
					    "disputed", "paid"};
	for (size_t i = 0; o && i < sizeof(talks) / sizeof(talks[0]); i++)
		if (strcmp(talks[i], o) == 0)
			return true;
	return false;
}

static ar_status zone_of(struct ar_ledger *l, const char *own, char *zone)
{
	if (own && *own && ar_tz_valid(own)) {
		snprintf(zone, AR_TZ_NAME_MAX, "%s", own);
		return AR_OK;
	}
	char *v;
	ar_status st = ar_setting_get(l, "company.timezone", &v, NULL);
	if (st != AR_OK)
		return st;
	snprintf(zone, AR_TZ_NAME_MAX, "%s", v);
	free(v);
	return AR_OK;
}

/* The facts for a contact at the instant t, or on the local day day
 * (when not AR_DATE_NONE: at midday there, for the rules of a whole
 * day), and the verdict. */
static ar_status check(struct ar_ledger *l, int64_t customer, int64_t t,
		       ar_date day, const char *kind, int64_t kb,
		       struct ar_contact *c)
{
	struct ar_contact_facts f = {.last_talk = AR_DATE_NONE,
				     .seventh_call = AR_DATE_NONE};
	char contact[12], ckind[12];
	ar_status st = AR_OK;
	int rc;
	if (kb <= 0)
		kb = INT64_MAX;
	sqlite3_stmt *s = ar__prepare(l, "SELECT contact, kind, timezone "
				      "FROM customer WHERE id = ?");
	if (!s)
		return AR_ELEDGER;
	sqlite3_bind_int64(s, 1, customer);
	if ((rc = sqlite3_step(s)) != SQLITE_ROW) {
		sqlite3_finalize(s);
		return rc == SQLITE_DONE ? ar__fail(l, AR_ENOTFOUND, "no such "
			"customer") : ar__sqlfail(l, rc, "read");
	}
	snprintf(contact, sizeof(contact), "%s", ar__col_text(s, 0));
	snprintf(ckind, sizeof(ckind), "%s", ar__col_text(s, 1));
	st = zone_of(l, ar__col_text(s, 2), c->zone);
	sqlite3_finalize(s);
	if (st != AR_OK)
		return st;
	if (day != AR_DATE_NONE)
		f.local = (struct ar_local){.date = day, .minute = 12 * 60};
	else if ((st = ar_tz_local(c->zone, t, &f.local)) != AR_OK)
		return ar__fail(l, st, "'%s' is not a time zone", c->zone);
	f.contact = contact;
	f.kind = ckind;
	if (strcmp(ckind, "consumer") == 0 && strcmp(kind, "call") == 0) {
		/* the calls of the 7 local days ending today, latest first */
		s = ar__prepare(l, "SELECT date, outcome FROM activity WHERE "
				"customer = ?1 AND kind = 'call' AND date >= ?2 "
				"AND date <= ?3 AND batch_id <= ?4 "
				"ORDER BY date DESC, id DESC");
		if (!s)
			return AR_ELEDGER;
		sqlite3_bind_int64(s, 1, customer);
		ar__bind_date(s, 2, f.local.date - (CALL_DAYS - 1));
		ar__bind_date(s, 3, f.local.date);
		sqlite3_bind_int64(s, 4, kb);
		while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			ar_date d = ar__col_date(s, 0);
			if (++f.calls_7d == CALL_LIMIT)
				f.seventh_call = d;
			if (f.last_talk == AR_DATE_NONE &&
			    ar_note_conversation(ar__col_text(s, 1)))
				f.last_talk = d;
		}
		sqlite3_finalize(s);
		if (rc != SQLITE_DONE)
			return ar__sqlfail(l, rc, "read");
	}
	ar_contact_judge(&f, kind, c);
	return AR_OK;
}

ar_status ar_contact_check(struct ar_ledger *l, int64_t customer, int64_t t,
			   const char *kind, int64_t kb, struct ar_contact *c)
{
	return check(l, customer, t, AR_DATE_NONE, kind, kb, c);
}

ar_status ar_contact_check_day(struct ar_ledger *l, int64_t customer,
			       ar_date day, int64_t kb, struct ar_contact *c)
{
	return check(l, customer, 0, day, "call", kb, c);
}
