/*
 * template.c - the placeholder language of dunning letters: {{name}} and
 * one section {{#items}}...{{/items}}.  A template is parsed once into
 * pieces; an unknown name is refused then, naming the file and line, so
 * a letter never goes out with a hole in it.  Values are data, never
 * markup: HTML templates get them escaped.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ar/csv.h"
#include "ar/mail.h"
#include "ar/money.h"
#include "internal.h"

enum piece_kind { LITERAL, VALUE, ITEMS_BEGIN, ITEMS_END };

struct piece {
	enum piece_kind kind;
	const char *text;	/* LITERAL: into src */
	size_t len;
	int name;		/* VALUE: an index of names[] */
};

struct ar_template {
	char *src;
	bool html;
	struct piece *p;
	size_t n;
};

/* Letter names first, then the names of an item (the section's only). */
static const char *const names[] = {
	"company_name", "company_address", "company_email", "remit_to",
	"customer_id", "customer_name", "customer_address", "customer_email",
	"date", "level", "intro", "currency", "rate", "overdue", "interest",
	"fee", "total_due",
	/* items */
	"doc_type", "doc_no", "doc_date", "due_date", "days_overdue",
	"interest_days", "open_amount",
};
#define NAMES (sizeof(names) / sizeof(names[0]))
#define FIRST_ITEM 17	/* "doc_type" */
#define INTEREST 14	/* "interest": the item's inside the section */

static int name_index(const char *s, size_t n, bool in_items)
{
	for (size_t i = 0; i < NAMES; i++)
		if (strlen(names[i]) == n && memcmp(names[i], s, n) == 0)
			return i >= FIRST_ITEM && !in_items ? -2 : (int)i;
	return -1;
}

static bool add(struct ar_template *t, size_t *cap, struct piece p)
{
	if (t->n == *cap) {
		size_t c = *cap ? *cap * 2 : 32;
		struct piece *np = realloc(t->p, c * sizeof(*np));
		if (!np)
			return false;
		t->p = np;
		*cap = c;
	}
	t->p[t->n++] = p;
	return true;
}

ar_status ar_template_parse(const char *src, const char *file, bool html,
			    struct ar_template **out, char *err, size_t errsz)
{
	struct ar_template *t = calloc(1, sizeof(*t));
	size_t cap = 0;
	long line = 1, open_line = 0;
	bool in_items = false;
	const char *why = NULL;
	char name[48] = "";

	*out = NULL;
	if (!t || !(t->src = strdup(src))) {
		free(t);
		return AR_ENOMEM;
	}
	t->html = html;
	const char *s = t->src;
	while (*s) {
		const char *o = strstr(s, "{{");
		size_t lit = o ? (size_t)(o - s) : strlen(s);
		if (lit && !add(t, &cap, (struct piece){LITERAL, s, lit, 0}))
			goto nomem;
		for (size_t i = 0; i < lit; i++)
			line += s[i] == '\n';
		if (!o)
			break;
		const char *c = strstr(o + 2, "}}");
		const char *nl = strchr(o + 2, '\n');
		if (!c || (nl && nl < c)) {
			why = "'{{' not closed by '}}' on its line";
			goto bad;
		}
		const char *a = o + 2, *b = c;
		while (a < b && *a == ' ')
			a++;
		while (b > a && b[-1] == ' ')
			b--;
		size_t n = (size_t)(b - a);
		snprintf(name, sizeof(name), "%.*s", (int)(n < 40 ? n : 40), a);
		if (n == 6 && memcmp(a, "#items", 6) == 0) {
			if (in_items) {
				why = "a section inside a section";
				goto bad;
			}
			in_items = true;
			open_line = line;
			if (!add(t, &cap, (struct piece){ITEMS_BEGIN, 0, 0, 0}))
				goto nomem;
		} else if (n == 6 && memcmp(a, "/items", 6) == 0) {
			if (!in_items) {
				why = "'{{/items}}' without '{{#items}}'";
				goto bad;
			}
			in_items = false;
			if (!add(t, &cap, (struct piece){ITEMS_END, 0, 0, 0}))
				goto nomem;
		} else {
			int k = name_index(a, n, in_items);
			if (k == -2) {
				why = "an item's placeholder outside "
				      "{{#items}}...{{/items}}";
				goto bad_name;
			}
			if (k < 0) {
				why = "unknown placeholder";
				goto bad_name;
			}
			if (!add(t, &cap, (struct piece){VALUE, 0, 0, k}))
				goto nomem;
		}
		s = c + 2;
	}
	if (in_items) {
		line = open_line;
		why = "'{{#items}}' not closed by '{{/items}}'";
		goto bad;
	}
	*out = t;
	return AR_OK;
bad_name:
	snprintf(err, errsz, "%s:%ld: %s '{{%s}}'", file, line, why, name);
	ar_template_free(t);
	return AR_EUSAGE;
bad:
	snprintf(err, errsz, "%s:%ld: %s", file, line, why);
	ar_template_free(t);
	return AR_EUSAGE;
nomem:
	ar_template_free(t);
	return AR_ENOMEM;
}

void ar_template_free(struct ar_template *t)
{
	if (!t)
		return;
	free(t->src);
	free(t->p);
	free(t);
}

/* The opening paragraph of each level's built-in letter. */
static const char *intro(int level)
{
	switch (level) {
	case 1:
		return "Our records show the items below as past due.  If you "
		       "have already paid, thank you, and please disregard "
		       "this reminder; otherwise please arrange payment.";
	case 2:
		return "This is our second reminder: the items below are still "
		       "unpaid.  Please pay the total due now, or tell us at "
		       "once if anything is in question.";
	case 3:
		return "Despite our reminders the items below remain unpaid.  "
		       "Please pay the total due within 10 days of this letter.";
	default:
		return "FINAL NOTICE: the items below remain unpaid.  Unless "
		       "the total due reaches us within 10 days, we will "
		       "refer the account for collection without further "
		       "notice.";
	}
}

static void money(char *buf, int64_t v, int e)
{
	ar_money_format(buf, v, e, AR_MONEY_GROUP);
}

/* The value of name k for letter d (item it inside the section). */
static const char *value(const struct ar_dun_letter *d,
			 const struct ar_dun_item *it, int k, char *buf)
{
	switch (k) {
	case 0: return d->company_name;
	case 1: return d->company_address;
	case 2: return d->company_email;
	case 3: return d->remit_to;
	case 4: return d->customer_id;
	case 5: return d->customer_name;
	case 6: return d->address;
	case 7: return d->email;
	case 8: ar_date_format(buf, d->date); return buf;
	case 9: snprintf(buf, 32, "%d", d->level); return buf;
	case 10: return intro(d->level);
	case 11: return d->currency;
	case 12: ar_dun_rate_format(buf, d->rate); return buf;
	case 13: money(buf, d->overdue, d->exponent); return buf;
	case 14:
		money(buf, it ? it->interest : d->interest, d->exponent);
		return buf;
	case 15: money(buf, d->fee, d->exponent); return buf;
	case 16: money(buf, d->total, d->exponent); return buf;
	case 17: return it->doc_type;
	case 18: return it->doc_no;
	case 19: ar_date_format(buf, it->doc_date); return buf;
	case 20: ar_date_format(buf, it->due_date); return buf;
	case 21: snprintf(buf, 32, "%d", it->days); return buf;
	case 22: snprintf(buf, 32, "%d", it->interest_days); return buf;
	case 23: money(buf, it->open, d->exponent); return buf;
	}
	return "";
}

static void escaped(FILE *out, const char *s)
{
	ar__html_text(out, s, "<br>\n");
}

ar_status ar_template_render(const struct ar_template *t,
			     const struct ar_dun_letter *d, FILE *out)
{
	char buf[AR_MONEY_BUFSZ + 32];
	for (size_t i = 0; i < t->n; i++) {
		const struct piece *p = &t->p[i];
		if (p->kind == LITERAL) {
			fwrite(p->text, 1, p->len, out);
		} else if (p->kind == VALUE) {
			const char *v = value(d, NULL, p->name, buf);
			if (t->html)
				escaped(out, v ? v : "");
			else
				fputs(v ? v : "", out);
		} else if (p->kind == ITEMS_BEGIN) {
			size_t end = i + 1;
			while (t->p[end].kind != ITEMS_END)
				end++;
			for (size_t k = 0; k < d->nitems; k++)
				for (size_t j = i + 1; j < end; j++) {
					const struct piece *q = &t->p[j];
					if (q->kind == LITERAL) {
						fwrite(q->text, 1, q->len, out);
						continue;
					}
					const char *v = value(d, &d->items[k],
							      q->name, buf);
					if (t->html)
						escaped(out, v ? v : "");
					else
						fputs(v ? v : "", out);
				}
			i = end;
		}
	}
	return ferror(out) ? AR_ELEDGER : AR_OK;
}

/* ------------------------------------------------------------------ */
/* The built-in templates and those of a directory */

static const char builtin_text[] =
	"{{company_name}}\n"
	"{{company_address}}\n"
	"\n"
	"{{customer_name}}\n"
	"{{customer_address}}\n"
	"\n"
	"Date: {{date}}    Account: {{customer_id}}    Currency: {{currency}}\n"
	"\n"
	"{{intro}}\n"
	"\n"
	"{{#items}}  {{doc_no}} of {{doc_date}}, due {{due_date}}, "
	"{{days_overdue}} days overdue: open {{open_amount}}, "
	"interest {{interest}}\n{{/items}}"
	"\n"
	"  Overdue:                {{overdue}}\n"
	"  Interest at {{rate}}% a year: {{interest}}\n"
	"  Fee:                    {{fee}}\n"
	"  Total due:              {{total_due}} {{currency}}\n"
	"\n"
	"Please pay to:\n"
	"{{remit_to}}\n"
	"\n"
	"Questions: {{company_email}}\n";

static const char builtin_html[] =
	"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
	"<title>{{company_name}}: account {{customer_id}}</title></head>\n"
	"<body>\n<p><b>{{company_name}}</b><br>\n{{company_address}}</p>\n"
	"<p>{{customer_name}}<br>\n{{customer_address}}</p>\n"
	"<p>Date: {{date}}, account {{customer_id}}, currency "
	"{{currency}}</p>\n"
	"<p>{{intro}}</p>\n"
	"<table>\n<tr><th>Document</th><th>Date</th><th>Due</th>"
	"<th>Days overdue</th><th>Open</th><th>Interest</th></tr>\n"
	"{{#items}}<tr><td>{{doc_no}}</td><td>{{doc_date}}</td>"
	"<td>{{due_date}}</td><td>{{days_overdue}}</td>"
	"<td>{{open_amount}}</td><td>{{interest}}</td></tr>\n{{/items}}"
	"</table>\n"
	"<p>Overdue: {{overdue}}<br>\nInterest at {{rate}}% a year: "
	"{{interest}}<br>\nFee: {{fee}}<br>\n<b>Total due: {{total_due}} "
	"{{currency}}</b></p>\n"
	"<p>Please pay to:<br>\n{{remit_to}}</p>\n"
	"<p>Questions: {{company_email}}</p>\n</body></html>\n";

static const char *builtin_subject(int level)
{
	switch (level) {
	case 1: return "Payment reminder: account {{customer_id}}";
	case 2: return "Second reminder: account {{customer_id}}";
	case 3: return "Overdue account {{customer_id}}: please pay now";
	default: return "Final notice: account {{customer_id}}";
	}
}

/* dir/levelN.ext into *src (caller frees), or NULL when there is none. */
static ar_status read_file(const char *dir, int level, const char *ext,
			   char **src, char *path, size_t psz, char *err,
			   size_t errsz)
{
	*src = NULL;
	snprintf(path, psz, "%s/level%d.%s", dir, level, ext);
	FILE *f = fopen(path, "r");
	if (!f) {
		if (errno == ENOENT)
			return AR_OK;
		snprintf(err, errsz, "%s: %s", path, strerror(errno));
		return AR_EUSAGE;
	}
	char *buf = NULL;
	size_t n = 0;
	FILE *m = open_memstream(&buf, &n);
	char chunk[4096];
	size_t k;
	while (m && (k = fread(chunk, 1, sizeof(chunk), f)) > 0)
		fwrite(chunk, 1, k, m);
	bool bad = ferror(f);
	fclose(f);
	if (!m)
		return AR_ENOMEM;
	fclose(m);
	if (bad || strlen(buf) != n) {
		snprintf(err, errsz, "%s: %s", path, bad ? "unreadable"
			 : "holds a NUL byte");
		free(buf);
		return AR_EUSAGE;
	}
	*src = buf;
	return AR_OK;
}

static ar_status load_one(const char *dir, int level, const char *ext,
			  const char *builtin, bool html,
			  struct ar_template **t, char *err, size_t errsz)
{
	char path[4096], *src = NULL;
	ar_status st = AR_OK;
	if (dir && *dir)
		st = read_file(dir, level, ext, &src, path, sizeof(path), err,
			       errsz);
	if (st != AR_OK)
		return st;
	if (src) {
		/* a subject is one line */
		if (strcmp(ext, "subject") == 0)
			src[strcspn(src, "\r\n")] = '\0';
		st = ar_template_parse(src, path, html, t, err, errsz);
		free(src);
		return st;
	}
	return ar_template_parse(builtin, "(built-in)", html, t, err, errsz);
}

ar_status ar_dun_templates_load(const char *dir, int level,
				struct ar_dun_templates *t, char *err,
				size_t errsz)
{
	ar_status st;
	memset(t, 0, sizeof(*t));
	if ((st = load_one(dir, level, "txt", builtin_text, false, &t->text,
			   err, errsz)) != AR_OK ||
	    (st = load_one(dir, level, "html", builtin_html, true, &t->html,
			   err, errsz)) != AR_OK ||
	    (st = load_one(dir, level, "subject", builtin_subject(level),
			   false, &t->subject, err, errsz)) != AR_OK ||
	    (st = load_one(dir, level, "letter", "{{intro}}\n", false,
			   &t->letter, err, errsz)) != AR_OK)
		ar_dun_templates_free(t);
	return st;
}

void ar_dun_templates_free(struct ar_dun_templates *t)
{
	ar_template_free(t->text);
	ar_template_free(t->html);
	ar_template_free(t->subject);
	ar_template_free(t->letter);
	memset(t, 0, sizeof(*t));
}

struct rendering {
	const struct ar_template *t;
	const struct ar_dun_letter *d;
};

static ar_status render_to(FILE *fp, const void *ctx)
{
	const struct rendering *r = ctx;
	return ar_template_render(r->t, r->d, fp);
}

ar_status ar_template_string(const struct ar_template *t,
			     const struct ar_dun_letter *d, char **out)
{
	struct rendering r = {t, d};
	return ar_text_capture(render_to, &r, out, NULL);
}
