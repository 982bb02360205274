/*
 * camt.c - ISO 20022 camt.053 bank statements read for their credits
 * (see camt.h), with libxml2.
 *
 * Bank statements come from outside: the parser is told to load nothing
 * from the network, to substitute no entity and to load no DTD, every
 * external entity loader refuses, and a document that carries a
 * document type declaration at all is refused, so no file named in it
 * is ever read.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "ar/camt.h"
#include "ar/csv.h"
#include "ar/money.h"

int ar_camt_sniff(const char *text, size_t len)
{
	size_t n = len < 4096 ? len : 4096;
	const char *want = "urn:iso:std:iso:20022:tech:xsd:camt.053";
	size_t wl = strlen(want);
	for (size_t i = 0; i + wl <= n; i++)
		if (memcmp(text + i, want, wl) == 0)
			return 1;
	return 0;
}

/* No external entity is ever loaded. */
static xmlParserInputPtr no_loader(const char *url, const char *id,
				   xmlParserCtxtPtr ctx)
{
	(void)url;
	(void)id;
	(void)ctx;
	return NULL;
}

static bool is(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE &&
	       strcmp((const char *)n->name, name) == 0;
}

/* The first child element of n named name, or NULL. */
static xmlNode *child(const xmlNode *n, const char *name)
{
	for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
		if (is(c, name))
			return c;
	return NULL;
}

/* The element at the path (names separated by '/') under n, or NULL. */
static xmlNode *at(const xmlNode *n, const char *path)
{
	char part[64];
	while (n && *path) {
		size_t l = strcspn(path, "/");
		if (l >= sizeof(part))
			return NULL;
		memcpy(part, path, l);
		part[l] = '\0';
		n = child(n, part);
		path += l + (path[l] == '/');
	}
	return (xmlNode *)n;
}

/* The text of the element at path under n into buf ("" when none). */
static const char *text_at(const xmlNode *n, const char *path, char *buf,
			   size_t size)
{
	xmlNode *e = at(n, path);
	buf[0] = '\0';
	if (e) {
		xmlChar *t = xmlNodeGetContent(e);
		if (t) {
			snprintf(buf, size, "%s", (const char *)t);
			xmlFree(t);
		}
	}
	/* trimmed */
	size_t l = strlen(buf), s = strspn(buf, " \t\r\n");
	while (l > s && strchr(" \t\r\n", buf[l - 1]))
		l--;
	memmove(buf, buf + s, l - s);
	buf[l - s] = '\0';
	return buf;
}

/* Append text to buf (size bytes), a space between. */
static void cat(char *buf, size_t size, const char *text)
{
	size_t n = strlen(buf);
	if (!*text || n + 2 >= size)
		return;
	snprintf(buf + n, size - n, "%s%s", n ? " " : "", text);
}

struct reader {
	const char *name;
	char *err;
	size_t errsz;
	struct ar_camt_stats *st;
	ar_camt_fn fn;
	void *ctx;
};

static ar_status fail(struct reader *rd, long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static ar_status fail(struct reader *rd, long line, const char *fmt, ...)
{
	va_list ap;
	int n = line > 0 ? snprintf(rd->err, rd->errsz, "%s:%ld: ", rd->name,
				    line) :
		snprintf(rd->err, rd->errsz, "%s: ", rd->name);
	if (n >= 0 && (size_t)n < rd->errsz) {
		va_start(ap, fmt);
		vsnprintf(rd->err + n, rd->errsz - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return AR_EINPUT;
}

/* The remittance of a transaction: structured document numbers first,
 * after an invoice marker, then the unstructured text. */
static void remittance(const xmlNode *tx, char *buf, size_t size)
{
	char t[512];
	bool marked = false;
	buf[0] = '\0';
	for (xmlNode *r = tx ? tx->children : NULL; r; r = r->next) {
		if (!is(r, "RmtInf"))
			continue;
		for (xmlNode *s = r->children; s; s = s->next) {
			if (!is(s, "Strd"))
				continue;
			for (xmlNode *d = s->children; d; d = d->next)
				if (is(d, "RfrdDocInf") &&
				    *text_at(d, "Nb", t, sizeof(t))) {
					if (!marked)
						cat(buf, size, "inv");
					marked = true;
					cat(buf, size, t);
				}
		}
		for (xmlNode *u = r->children; u; u = u->next)
			if (is(u, "Ustrd")) {
				xmlChar *c = xmlNodeGetContent(u);
				if (c) {
					cat(buf, size, (const char *)c);
					xmlFree(c);
				}
			}
	}
	for (char *p = buf; *p; p++)
		if (*p == '\r' || *p == '\n' || *p == '\t')
			*p = ' ';
}

static ar_status entry(struct reader *rd, const xmlNode *e, const char *stmt,
		       long seq)
{
	char amt[64], cur[8], ind[8], day[32], ref[128], name[256], acct[128];
	char rem[1200], no[200], txref[128];
	xmlNode *a = child(e, "Amt");
	ar_date date = AR_DATE_NONE;

	text_at(e, "CdtDbtInd", ind, sizeof(ind));
	if (strcmp(ind, "CRDT") != 0) {
		rd->st->others++;
		return AR_OK;
	}
	text_at(e, "Amt", amt, sizeof(amt));
	cur[0] = '\0';
	if (a) {
		xmlChar *c = xmlGetProp(a, (const xmlChar *)"Ccy");
		if (c) {
			snprintf(cur, sizeof(cur), "%s", (const char *)c);
			xmlFree(c);
		}
	}
	if (!*text_at(e, "BookgDt/Dt", day, sizeof(day)) &&
	    !*text_at(e, "BookgDt/DtTm", day, sizeof(day)) &&
	    !*text_at(e, "ValDt/Dt", day, sizeof(day)))
		text_at(e, "ValDt/DtTm", day, sizeof(day));
	if (strlen(day) < 10 || ar_date_parse_iso(day, 10, &date) != AR_OK)
		return fail(rd, (long)xmlGetLineNo(e), "entry: booking date "
			    "'%s' is not a date", day);
	xmlNode *tx = at(e, "NtryDtls/TxDtls");
	text_at(e, "AcctSvcrRef", ref, sizeof(ref));
	if (!*ref)
		text_at(tx, "Refs/AcctSvcrRef", ref, sizeof(ref));
	text_at(tx, "Refs/EndToEndId", txref, sizeof(txref));
	if (!strcmp(txref, "NOTPROVIDED"))
		txref[0] = '\0';
	if (!*text_at(tx, "RltdPties/Dbtr/Nm", name, sizeof(name)))
		text_at(tx, "RltdPties/Dbtr/Pty/Nm", name, sizeof(name));
	if (!*text_at(tx, "RltdPties/DbtrAcct/Id/IBAN", acct, sizeof(acct)))
		text_at(tx, "RltdPties/DbtrAcct/Id/Othr/Id", acct,
			sizeof(acct));
	remittance(tx, rem, sizeof(rem));
	if (*ref)
		snprintf(no, sizeof(no), "CAMT-%.100s", ref);
	else
		snprintf(no, sizeof(no), "CAMT-%.80s-%ld", stmt, seq);
	struct ar_camt_credit c = {
		.payment_no = no, .amount = amt, .currency = cur, .date = date,
		.reference = rem, .remitter = name, .account = acct,
		.end_to_end = txref, .line = (long)xmlGetLineNo(e),
	};
	rd->st->credits++;
	return rd->fn ? rd->fn(rd->ctx, &c) : AR_OK;
}

ar_status ar_camt_read(const char *text, size_t len, const char *name,
		       ar_camt_fn fn, void *ctx, struct ar_camt_stats *st,
		       char *err, size_t errsz)
{
	struct ar_camt_stats dummy;
	struct reader rd = {name ? name : "stdin", err, errsz,
			    st ? st : &dummy, fn, ctx};
	ar_status s = AR_OK;

	memset(rd.st, 0, sizeof(*rd.st));
	if (errsz)
		err[0] = '\0';
	if (len > INT32_MAX)
		return fail(&rd, 0, "too large");
	xmlExternalEntityLoader was = xmlGetExternalEntityLoader();
	xmlSetExternalEntityLoader(no_loader);
	xmlDoc *doc = xmlReadMemory(text, (int)len, name, NULL,
				    XML_PARSE_NONET | XML_PARSE_NOERROR |
				    XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
	xmlSetExternalEntityLoader(was);
	if (!doc) {
		const xmlError *e = xmlGetLastError();
		char why[256] = "";
		if (e && e->message)
			snprintf(why, sizeof(why), ": %s", e->message);
		size_t l = strlen(why);
		while (l && (why[l - 1] == '\n' || why[l - 1] == ' '))
			why[--l] = '\0';
		return fail(&rd, e ? e->line : 0, "not well-formed XML%s", why);
	}
	if (doc->intSubset || doc->extSubset) {
		xmlFreeDoc(doc);
		return fail(&rd, 1, "a document type declaration (DOCTYPE): "
			    "refused, bank statements have none, and nothing "
			    "it names is read");
	}
	xmlNode *root = xmlDocGetRootElement(doc);
	xmlNode *bk = child(root, "BkToCstmrStmt");
	if (!is(root, "Document") || !bk) {
		xmlFreeDoc(doc);
		return fail(&rd, 1, "not a camt.053 statement "
			    "(Document/BkToCstmrStmt)");
	}
	for (xmlNode *sm = bk->children; sm && s == AR_OK; sm = sm->next) {
		char id[128];
		long seq = 0;
		if (!is(sm, "Stmt"))
			continue;
		rd.st->statements++;
		text_at(sm, "Id", id, sizeof(id));
		for (xmlNode *e = sm->children; e && s == AR_OK; e = e->next)
			if (is(e, "Ntry"))
				s = entry(&rd, e, id, ++seq);
	}
	xmlFreeDoc(doc);
	return s;
}

/* The payments as rows of the CSV writer, in the columns of a payments
 * file. */
static const struct ar_column csv_cols[] = {
	{"payment_no", AR_COL_TEXT}, {"payment_date", AR_COL_TEXT},
	{"amount", AR_COL_TEXT}, {"currency", AR_COL_TEXT},
	{"reference", AR_COL_TEXT}, {"remitter", AR_COL_TEXT},
	{"remitter_account", AR_COL_TEXT},
};

static ar_status csv_row(void *ctx, const struct ar_camt_credit *c)
{
	struct ar_writer *w = ctx;
	char day[AR_DATE_BUFSZ];
	ar_date_format(day, c->date);
	ar_writer_text(w, c->payment_no);
	ar_writer_text(w, day);
	ar_writer_text(w, c->amount);
	ar_writer_text(w, c->currency);
	ar_writer_text(w, c->reference);
	ar_writer_text(w, c->remitter);
	ar_writer_text(w, c->account);
	return ar_writer_end_row(w);
}

ar_status ar_camt_to_csv(const char *text, size_t len, const char *name,
			 FILE *out, struct ar_camt_stats *st, char *err,
			 size_t errsz)
{
	struct ar_writer *w = NULL;
	ar_status s = ar_writer_new(&w, out, AR_FMT_CSV, csv_cols,
				    sizeof(csv_cols) / sizeof(csv_cols[0]), 0);
	if (s == AR_OK)
		s = ar_camt_read(text, len, name, csv_row, w, st, err, errsz);
	if (s == AR_OK)
		s = ar_writer_finish(w);
	ar_writer_free(w);
	return s;
}
