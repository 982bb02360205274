/*
 * mail.c - Internet messages by hand: RFC 5322 headers, RFC 2047 encoded
 * words for text that is not ASCII, RFC 2045 quoted-printable bodies,
 * RFC 2046 multipart/alternative, and the mboxrd form of a mailbox.
 * Everything in a message comes from its inputs (the Date from the
 * business date, the Message-ID from a hash of its seed), so the same
 * ledger and options write the same bytes.
 */
#include <stdint.h>
#include <string.h>

#include "ar/csv.h"
#include "ar/mail.h"
#include "ar/sha256.h"
#include "utf8.h"

#define FOLD 76			/* the longest line written */

bool ar_mail_address_ok(const char *v)
{
	const char *at = strchr(v, '@');
	if (!at || at == v || !at[1] || strchr(at + 1, '@') ||
	    strlen(v) > 254)
		return false;
	for (const char *p = v; *p; p++)
		if (*p <= ' ' || *p > '~' || strchr("<>()[],;:\\\"", *p))
			return false;
	return true;
}

static const char b64[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void base64(FILE *out, const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)s[i] << 16;
		if (i + 1 < n)
			v |= (unsigned)s[i + 1] << 8;
		if (i + 2 < n)
			v |= s[i + 2];
		putc(b64[v >> 18 & 63], out);
		putc(b64[v >> 12 & 63], out);
		putc(i + 1 < n ? b64[v >> 6 & 63] : '=', out);
		putc(i + 2 < n ? b64[v & 63] : '=', out);
	}
}

/* Printable ASCII only, and nothing an encoded word could be taken for. */
static bool plain(const char *s)
{
	for (const char *p = s; *p; p++)
		if (*p < ' ' || *p > '~')
			return false;
	return !strstr(s, "=?");
}

/*
 * The text s of a header whose name and ": " took used columns: as it
 * is when plain and short, else as encoded words of at most 39 bytes
 * each (52 characters of base64), one per line, characters never cut.
 */
static void header_text(FILE *out, const char *s, size_t used)
{
	if (plain(s) && used + strlen(s) <= 78) {
		fputs(s, out);
		return;
	}
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);
	bool first = true;
	while (n > 0) {
		/* back to the start of a UTF-8 character */
		size_t k = ar__utf8_cut((const char *)p, n < 39 ? n : 39);
		if (k == 0)
			k = n < 39 ? n : 39;
		if (!first)
			fputs("\n ", out);
		first = false;
		/* line breaks of the text are no part of a header */
		unsigned char chunk[40];
		for (size_t i = 0; i < k; i++)
			chunk[i] = p[i] == '\n' || p[i] == '\r' ? ' ' : p[i];
		fputs("=?UTF-8?B?", out);
		base64(out, chunk, k);
		fputs("?=", out);
		p += k;
		n -= k;
	}
}

/* "Name" <addr>, the name quoted or encoded as it needs. */
static void address(FILE *out, const char *header, const char *name,
		    const char *addr)
{
	fprintf(out, "%s: ", header);
	if (name && *name) {
		bool quote = plain(name) && strlen(name) < 60;
		if (quote) {
			putc('"', out);
			for (const char *p = name; *p; p++) {
				if (*p == '"' || *p == '\\')
					putc('\\', out);
				putc(*p, out);
			}
			fputs("\"", out);
		} else {
			header_text(out, name, 78);
		}
		fputs(strlen(name) > 40 || !quote ? "\n <" : " <", out);
	} else {
		putc('<', out);
	}
	fprintf(out, "%s>\n", addr);
}

void ar_mail_qp(FILE *out, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t col = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\n') {
			putc('\n', out);
			col = 0;
			continue;
		}
		bool end = i + 1 == n || s[i + 1] == '\n';
		char enc[4];
		size_t len;
		if ((c >= 33 && c <= 126 && c != '=') ||
		    ((c == ' ' || c == '\t') && !end)) {
			enc[0] = (char)c;
			len = 1;
		} else {
			enc[0] = '=';
			enc[1] = hex[c >> 4];
			enc[2] = hex[c & 15];
			len = 3;
		}
		/* a soft break leaves room for the '=' that ends the line;
		 * the last character of a line may take the last column */
		if (col + len > (end ? FOLD : FOLD - 1)) {
			fputs("=\n", out);
			col = 0;
		}
		fwrite(enc, 1, len, out);
		col += len;
	}
	if (n > 0 && s[n - 1] != '\n')
		putc('\n', out);
}

/* The first 16 hex digits of the SHA-256 of tag and seed. */
static void hash16(const char *tag, const char *seed, char out[17])
{
	struct ar_sha256 c;
	char hex[65];
	ar_sha256_init(&c);
	ar_sha256_update(&c, tag, strlen(tag));
	ar_sha256_update(&c, seed, strlen(seed));
	ar_sha256_hex(&c, hex);
	memcpy(out, hex, 16);
	out[16] = '\0';
}

static const char *const wday[] = {"Sun", "Mon", "Tue", "Wed", "Thu",
				   "Fri", "Sat"};
static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
				  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

static int weekday(ar_date d)
{
	/* 1970-01-01 was a Thursday */
	int w = (int)(((int64_t)d + 4) % 7);
	return w < 0 ? w + 7 : w;
}

static void part(FILE *out, const char *boundary, const char *type,
		 const char *body)
{
	fprintf(out, "--%s\nContent-Type: %s; charset=UTF-8\n"
		"Content-Transfer-Encoding: quoted-printable\n\n", boundary,
		type);
	ar_mail_qp(out, body, strlen(body));
}

ar_status ar_mail_write(FILE *out, const struct ar_mail *m)
{
	char id[17], bound[17];
	int y, mo, d;
	const char *domain = strchr(m->from_addr, '@');
	hash16("message-id:", m->id_seed, id);
	hash16("boundary:", m->id_seed, bound);
	ar_date_to_ymd(m->date, &y, &mo, &d);
	address(out, "From", m->from_name, m->from_addr);
	address(out, "To", m->to_name, m->to_addr);
	fputs("Subject: ", out);
	header_text(out, m->subject, 9);
	fprintf(out, "\nDate: %s, %02d %s %04d 00:00:00 +0000\n",
		wday[weekday(m->date)], d, mon[mo - 1], y);
	fprintf(out, "Message-ID: <%s.%04d%02d%02d@%s>\n", id, y, mo, d,
		domain ? domain + 1 : "localhost");
	fprintf(out, "MIME-Version: 1.0\nContent-Type: multipart/alternative;"
		"\n boundary=\"=_ar_%s\"\n\nThis is a message in MIME "
		"format: a text and an HTML version.\n\n", bound);
	char b[24];
	snprintf(b, sizeof(b), "=_ar_%s", bound);
	part(out, b, "text/plain", m->text);
	part(out, b, "text/html", m->html);
	fprintf(out, "--%s--\n", b);
	return ferror(out) ? AR_ELEDGER : AR_OK;
}

void ar_mail_mbox(FILE *out, const char *sender, ar_date date,
		  const char *msg, size_t len)
{
	int y, mo, d;
	ar_date_to_ymd(date, &y, &mo, &d);
	fprintf(out, "From %s %s %s %2d 00:00:00 %04d\n", sender,
		wday[weekday(date)], mon[mo - 1], d, y);
	const char *p = msg, *end = msg + len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);
		size_t q = 0;
		while (q < n && p[q] == '>')
			q++;
		if (n - q >= 5 && memcmp(p + q, "From ", 5) == 0)
			putc('>', out);
		fwrite(p, 1, n, out);
		p += n;
	}
	if (len > 0 && msg[len - 1] != '\n')
		putc('\n', out);
	putc('\n', out);
}

static ar_status mail_to(FILE *fp, const void *m)
{
	return ar_mail_write(fp, m);
}

ar_status ar_mail_string(const struct ar_mail *m, char **out, size_t *len)
{
	return ar_text_capture(mail_to, m, out, len);
}
