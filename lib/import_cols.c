/*
 * import_cols.c - the columns of each record type, their aliases, and
 * matching a file's header to them (detection and --map).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_int.h"

/*
 * Aliases are given normalised (lower case, no spaces, '_', '-', '#'), so
 * "Invoice #", "invoice number" and "INV_NO" all find invoice_no.
 */
static const struct ar__coldef customer_cols[] = {
	[CU_ID] = {"customer_id", true, "customerno customernumber custid custno accountno accountnumber accountid clientid clientno customercode account customer"},
	[CU_NAME] = {"name", true, "customername company companyname accountname displayname fullname clientname client customer"},
	[CU_EMAIL] = {"email", false, "emailaddress mail mainemail billingemail"},
	[CU_PHONE] = {"phone", false, "telephone phonenumber tel mainphone"},
	[CU_ADDR1] = {"address1", false, "address street addressline1 street1"},
	[CU_ADDR2] = {"address2", false, "addressline2 street2"},
	[CU_CITY] = {"city", false, "town"},
	[CU_REGION] = {"region", false, "state province county"},
	[CU_POSTAL] = {"postal_code", false, "zip zipcode postcode postal"},
	[CU_COUNTRY] = {"country", false, "countrycode"},
	[CU_TERMS] = {"terms", false, "paymentterms termsdays"},
	[CU_LIMIT] = {"credit_limit", false, "limit creditline"},
	[CU_CURRENCY] = {"currency", false, "cur ccy currencycode"},
	[CU_COLLECTOR] = {"collector", false, "collectorname owner"},
	[CU_TZ] = {"timezone", false, "tz"},
	[CU_STATUS] = {"status", false, "accountstatus"},
	[CU_CONTACT] = {"contact", false, "contactstatus contactpreference"},
	[CU_KIND] = {"kind", false, "customerkind customertype"},
};

static const struct ar__coldef invoice_cols[] = {
	[IN_NO] = {"invoice_no", true, "invoice invoicenumber invno invoiceid number num docno documentno"},
	[IN_CUST] = {"customer_id", true, "customerno customernumber custid custno accountno accountnumber accountid clientid customercode account customer"},
	[IN_DATE] = {"invoice_date", true, "date invdate docdate documentdate"},
	[IN_DUE] = {"due_date", false, "due duedate"},
	[IN_AMOUNT] = {"amount", true, "total amountdue invoiceamount invoicetotal"},
	[IN_CURRENCY] = {"currency", false, "cur ccy currencycode"},
	[IN_PO] = {"po_number", false, "po pono purchaseorder ponum"},
	[IN_DESC] = {"description", false, "desc memo"},
	[IN_TYPE] = {"type", false, "doctype documenttype"},
	[IN_TERMS] = {"terms", false, "paymentterms invoiceterms"},
};

static const struct ar__coldef credit_cols[] = {
	[CR_NO] = {"credit_no", true, "credit creditnumber creditmemo creditmemono cmno"},
	[CR_CUST] = {"customer_id", true, "customerno customernumber custid custno accountno accountnumber accountid clientid customercode account customer"},
	[CR_DATE] = {"credit_date", true, "date docdate creditmemodate"},
	[CR_AMOUNT] = {"amount", true, "total creditamount"},
	[CR_CURRENCY] = {"currency", false, "cur ccy currencycode"},
	[CR_INVOICE] = {"invoice_no", false, "invoice invoicenumber invno appliesto"},
	[CR_REASON] = {"reason", false, "reasoncode"},
};

static const struct ar__coldef payment_cols[] = {
	[PA_NO] = {"payment_no", true, "payment paymentnumber paymentid receiptno receipt receiptnumber", true},
	[PA_CUST] = {"customer_id", false, "customerno customernumber custid custno accountno accountnumber accountid clientid customercode account customer"},
	[PA_DATE] = {"payment_date", true, "date received receiptdate depositdate"},
	[PA_AMOUNT] = {"amount", true, "total paymentamount amountpaid paid"},
	[PA_CURRENCY] = {"currency", false, "cur ccy currencycode"},
	[PA_METHOD] = {"method", false, "paymentmethod"},
	[PA_REFERENCE] = {"reference", false, "remittance remittanceinfo remittancetext ref memo"},
	[PA_CHECK] = {"check_no", false, "check checknumber chequeno cheque"},
	[PA_DEPOSIT] = {"deposit_id", false, "deposit depositno"},
	[PA_REMITTER] = {"remitter", false, "remittername payer payername originator originatorname"},
	[PA_ACCOUNT] = {"remitter_account", false, "payeraccount originatoraccount bankaccount remitteraccountno"},
};

static const struct ar__coldef application_cols[] = {
	[AP_PAYMENT] = {"payment_no", false, "payment paymentnumber"},
	[AP_CREDIT] = {"credit_no", false, "credit creditmemo creditmemono"},
	[AP_INVOICE] = {"invoice_no", true, "invoice invoicenumber invno"},
	[AP_AMOUNT] = {"amount", true, "appliedamount"},
	[AP_DATE] = {"date", false, "effectivedate applieddate"},
};

static const struct ar__coldef activity_cols[] = {
	[AC_CUST] = {"customer_id", true, "customerno customernumber custid custno accountno accountnumber accountid clientid customercode account customer"},
	[AC_DATE] = {"date", true, "activitydate"},
	[AC_KIND] = {"kind", true, "activity activitytype"},
	[AC_DOC] = {"doc_no", false, "invoiceno invoice documentno"},
	[AC_OUTCOME] = {"outcome", false, "result"},
	[AC_AMOUNT] = {"amount", false, "promisedamount"},
	[AC_PROMISE] = {"promise_date", false, "promiseddate"},
	[AC_FOLLOWUP] = {"follow_up_date", false, "followup nextactiondate"},
	[AC_COLLECTOR] = {"collector", false, ""},
	[AC_TEXT] = {"text", false, "note notes comment comments"},
};

static const struct ar__coldef alias_cols[] = {
	[AL_CUST] = {"customer_id", true, "customer customerno customernumber custid custno"},
	[AL_REMITTER] = {"remitter", false, "remittername payer payername originator originatorname"},
	[AL_ACCOUNT] = {"remitter_account", false, "payeraccount originatoraccount bankaccount remitteraccountno"},
};

#define N(a) (sizeof(a) / sizeof(a[0]))

/* a collector's target of cash collected in a month (ar-note(1)) */
static const struct ar__coldef target_cols[] = {
	[TG_COLLECTOR] = {"collector", true, "collectorname owner"},
	[TG_MONTH] = {"month", true, "period"},
	[TG_CURRENCY] = {"currency", false, "cur ccy currencycode"},
	[TG_AMOUNT] = {"amount", true, "target targetamount"},
};

const struct ar__typedef ar__types[] = {
	{AR_REC_CUSTOMERS, "customers", customer_cols, N(customer_cols)},
	{AR_REC_INVOICES, "invoices", invoice_cols, N(invoice_cols)},
	{AR_REC_CREDITS, "credits", credit_cols, N(credit_cols)},
	{AR_REC_PAYMENTS, "payments", payment_cols, N(payment_cols)},
	{AR_REC_APPLICATIONS, "applications", application_cols, N(application_cols)},
	{AR_REC_ACTIVITIES, "activities", activity_cols, N(activity_cols)},
	{AR_REC_TARGETS, "targets", target_cols, N(target_cols)},
	{AR_REC_ALIASES, "aliases", alias_cols, N(alias_cols)},
};
const size_t ar__ntypes = N(ar__types);

const char *ar_record_type_name(enum ar_record_type t)
{
	for (size_t i = 0; i < ar__ntypes; i++)
		if (ar__types[i].type == t)
			return ar__types[i].name;
	return NULL;
}

ar_status ar_record_type_parse(const char *s, enum ar_record_type *t)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < ar__ntypes; i++) {
		const char *name = ar__types[i].name;
		/* the singular is fine too */
		if (strcmp(s, name) == 0 ||
		    (n + 1 == strlen(name) && strncmp(s, name, n) == 0) ||
		    (strcmp(s, "activity") == 0 &&
		     ar__types[i].type == AR_REC_ACTIVITIES)) {
			*t = ar__types[i].type;
			return AR_OK;
		}
	}
	return AR_EUSAGE;
}

/* Is header column h taken by one of the n targets? */
static bool taken(const int *colmap, size_t n, size_t h)
{
	for (size_t e = 0; e < n; e++)
		if (colmap[e] == (int)h)
			return true;
	return false;
}

/*
 * The first free header column named word, or -1.  A header column serves
 * one target only: one taken by an earlier target is passed over.
 */
static int find(char **norm, size_t nhead, const int *colmap, size_t ncols,
		const char *word, size_t n)
{
	for (size_t h = 0; h < nhead; h++)
		if (strlen(norm[h]) == n && memcmp(norm[h], word, n) == 0 &&
		    !taken(colmap, ncols, h))
			return (int)h;
	return -1;
}

/*
 * Map the columns of type td onto the header (normalised names in norm).
 * map pairs give explicit sources.  Fills colmap (type column -> file
 * column, -1 when absent) and returns how many columns matched; *missing
 * is the first required column not found (or -1).
 *
 * The canonical name wins, then the aliases in the order they are listed:
 * so a customer list with "Account No." and "Customer" takes the number
 * for customer_id (accountno comes before customer) and leaves the
 * display name to name.
 */
static int match(const struct ar__typedef *td, char **norm, size_t nhead,
		 const struct ar__mapping *map, size_t nmap, int *colmap,
		 int *missing, bool given)
{
	int matched = 0;
	*missing = -1;
	/* --map first, for every target, so that no alias takes its column */
	for (size_t c = 0; c < td->ncols; c++) {
		char canon[64];
		colmap[c] = -1;
		ar_csv_normalize(td->cols[c].name, canon, sizeof(canon));
		for (size_t m = 0; m < nmap; m++)
			if (strcmp(map[m].target, canon) == 0)
				colmap[c] = map[m].source;
	}
	for (size_t c = 0; c < td->ncols; c++) {
		char canon[64];
		if (colmap[c] >= 0)
			goto next;
		ar_csv_normalize(td->cols[c].name, canon, sizeof(canon));
		/* taken: by an earlier target, or by --map for any */
		colmap[c] = find(norm, nhead, colmap, td->ncols, canon,
				 strlen(canon));
		for (const char *a = td->cols[c].aliases; colmap[c] < 0 && *a;) {
			size_t n = strcspn(a, " ");
			if (n)
				colmap[c] = find(norm, nhead, colmap, td->ncols,
						 a, n);
			a += n + (a[n] == ' ');
		}
next:
		if (colmap[c] >= 0)
			matched++;
		else if (td->cols[c].required && *missing < 0 &&
			 !(given && td->cols[c].made_up))
			*missing = (int)c;
	}
	return matched;
}

int ar__match_columns(const struct ar__typedef *td, char **norm,
		       size_t nhead, int *colmap, int *missing)
{
	return match(td, norm, nhead, NULL, 0, colmap, missing, false);
}

/* s[0..n) without the white space around it */
static const char *trim(const char *s, size_t *n)
{
	while (*n && strchr(" \t\r\n", *s))
		s++, (*n)--;
	while (*n && strchr(" \t\r\n", s[*n - 1]))
		(*n)--;
	return s;
}

/*
 * The header column a --map source names: the one of the same normalised
 * name, else, for a name that normalises to nothing ("#"), the one that
 * is spelt exactly so; -1 when none is.
 */
static int map_source(struct ar_import *im, const char *raw,
		      const char *source, char **norm, size_t nhead)
{
	size_t rn = strlen(raw);
	raw = trim(raw, &rn);
	for (size_t h = 0; h < nhead; h++) {
		if (*source && strcmp(norm[h], source) == 0)
			return (int)h;
		size_t hn = strlen(im->header[h]);
		const char *hs = trim(im->header[h], &hn);
		if (!*source && rn && hn == rn && memcmp(hs, raw, rn) == 0)
			return (int)h;
	}
	return -1;
}

ar_status ar__parse_map(struct ar_import *im, const char *spec,
			char **norm, size_t nhead, const char *file)
{
	im->nmap = 0;
	if (!spec)
		return AR_OK;
	const char *p = spec;
	while (*p) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		const char *eq = memchr(p, '=', len);
		char target[64], source[256], item[320];

		if (!eq || eq == p || eq + 1 == p + len ||
		    im->nmap == AR__MAX_MAP || len >= sizeof(item))
			return ar__fail_field(im->l, AR_EUSAGE, "map", "'%.*s' "
					      "is not target=Column", (int)len,
					      p);
		memcpy(item, p, len);
		item[len] = '\0';
		item[eq - p] = '\0';
		ar_csv_normalize(item, target, sizeof(target));
		ar_csv_normalize(item + (eq - p) + 1, source, sizeof(source));
		size_t rn = len - (size_t)(eq - p) - 1;
		trim(item + (eq - p) + 1, &rn);
		if (!*target || !rn)
			return ar__fail_field(im->l, AR_EUSAGE, "map", "'%.*s' "
					      "is not target=Column", (int)len,
					      p);
		int found = map_source(im, item + (eq - p) + 1, source, norm,
				       nhead);
		if (found < 0)
			return ar__fail_field(im->l, AR_EINPUT, "map", "no "
					      "column '%s' in the header of %s",
					      item + (eq - p) + 1, file);
		strcpy(im->map[im->nmap].target, target);
		im->map[im->nmap].source = found;
		im->nmap++;
		p += len + (comma ? 1 : 0);
	}
	return AR_OK;
}

/* The --map targets must be columns of td. */
static ar_status check_targets(struct ar_import *im,
			       const struct ar__typedef *td)
{
	for (size_t m = 0; m < im->nmap; m++) {
		bool known = false;
		for (size_t c = 0; c < td->ncols; c++) {
			char canon[64];
			ar_csv_normalize(td->cols[c].name, canon, sizeof(canon));
			known |= strcmp(canon, im->map[m].target) == 0;
		}
		if (!known)
			return ar__fail_field(im->l, AR_EUSAGE, "map", "%s has "
					      "no column '%s'", td->name,
					      im->map[m].target);
	}
	return AR_OK;
}

/*
 * A header read as one column that holds a separator was most likely
 * split at the wrong one: say so rather than that nothing matched.
 */
static ar_status one_column(struct ar_import *im, size_t nhead,
			    const char *file)
{
	const char *sep = nhead == 1 ? strpbrk(im->header[0], ",;\t|") : NULL;
	char what[8];
	if (!sep)
		return AR_OK;
	if (*sep == '\t')
		snprintf(what, sizeof(what), "tabs");
	else
		snprintf(what, sizeof(what), "'%c'", *sep);
	return ar__hint(im->l, ar__fail(im->l, AR_EINPUT, "%s:1: the header "
					"is one column holding %s", file,
					what), "delimiter", "names the separator");
}

ar_status ar__match_header(struct ar_import *im, char **norm, size_t nhead,
			   const char *file, bool *detected)
{
	const struct ar__typedef *best = NULL;
	int best_score = -1, missing = -1;
	int colmap[AR__MAX_COLS];
	ar_status st;

	*detected = im->o->type == AR_REC_AUTO;
	for (size_t t = 0; !*detected && t < ar__ntypes; t++)
		if (ar__types[t].type == im->o->type &&
		    (st = check_targets(im, &ar__types[t])) != AR_OK)
			return st;
	for (size_t t = 0; t < ar__ntypes; t++) {
		const struct ar__typedef *td = &ar__types[t];
		if (!*detected && td->type != im->o->type)
			continue;
		/* a customer number and a name fit too many files: aliases
		 * are read only when asked for (-t aliases) */
		if (*detected && td->type == AR_REC_ALIASES)
			continue;
		int score = match(td, norm, nhead, im->map, im->nmap, colmap,
				  &missing, !*detected);
		if (!*detected) {
			best = td;
			if (missing >= 0 &&
			    (st = one_column(im, nhead, file)) != AR_OK)
				return st;
			if (missing >= 0) {
				const char *name = td->cols[missing].name;
				char does[96];
				snprintf(does, sizeof(does), "%s=COLUMN maps "
					 "one, or name one so", name);
				return ar__hint(im->l, ar__fail(im->l,
						AR_EINPUT, "%s:1: no column "
						"for %s", file, name), "map",
						does);
			}
			break;
		}
		/* the applications rule: one of payment_no, credit_no */
		if (td->type == AR_REC_APPLICATIONS && colmap[AP_PAYMENT] < 0 &&
		    colmap[AP_CREDIT] < 0)
			missing = AP_PAYMENT;
		if (missing < 0 && score > best_score)
			best = td, best_score = score;
	}
	if (!best && (st = one_column(im, nhead, file)) != AR_OK)
		return st;
	if (!best)
		return ar__hint(im->l, ar__fail(im->l, AR_EINPUT, "%s:1: cannot "
						"tell the record type from the "
						"header", file),
				"type", "TYPE tells it");
	im->td = best;
	if ((st = check_targets(im, best)) != AR_OK)
		return st;
	match(best, norm, nhead, im->map, im->nmap, im->colmap, &missing,
	      !*detected);
	/* a column the header names twice is ambiguous, not a spare */
	for (size_t c = 0; c < best->ncols; c++) {
		char canon[64];
		ar_csv_normalize(best->cols[c].name, canon, sizeof(canon));
		for (size_t h = 0; im->colmap[c] >= 0 && h < nhead; h++)
			if ((int)h != im->colmap[c] && strcmp(norm[h], canon) == 0 &&
			    strcmp(norm[im->colmap[c]], canon) == 0)
				return ar__fail(im->l, AR_EINPUT, "%s:1: the "
						"header names %s twice (columns "
						"%d and %zu)", file,
						best->cols[c].name,
						im->colmap[c] + 1, h + 1);
	}
	if (best->type == AR_REC_APPLICATIONS && im->colmap[AP_PAYMENT] < 0 &&
	    im->colmap[AP_CREDIT] < 0)
		return ar__fail(im->l, AR_EINPUT, "%s:1: no column for "
				"payment_no or credit_no", file);
	return AR_OK;
}
