/*
 * csv_read.c - a strict CSV reader over libcsv.
 *
 * The input is fed to libcsv one line at a time so that every record can
 * be told by the line it starts on; fields are checked as libcsv hands
 * them over.  Nothing is held but the current record.
 */
#include <errno.h>
#include <csv.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ar/csv.h"
#include "ar/sha256.h"
#include "utf8.h"

#define READ_SIZE (128 * 1024)
/* UTF-16 read at a time: its UTF-8 (at most 3 bytes for 2) fits in one
 * read buffer, with room for a surrogate pair carried over */
#define RAW_SIZE (READ_SIZE / 2 + 4)

enum line_end { END_UNKNOWN, END_LF, END_CRLF, END_CR };

struct ar_csv_reader {
	FILE *fp;
	bool own_fp;
	const char *name;
	struct csv_parser p;
	struct ar_sha256 sha;
	uint64_t bytes, size;
	bool regular;
	bool prehashed;		/* the whole file's hash is known already */
	char prehash[65];

	char *in;		/* read buffer */
	size_t in_len, in_pos;
	bool eof, bom_checked, finished;
	enum line_end ends;
	char delim;		/* 0: not told yet, from the first line */

	/* a UTF-16 file (told by its byte order mark) or one in the
	 * encoding given, read through iconv */
	iconv_t cd;
	const char *encoding;	/* its name in messages */
	char *raw;		/* UTF-16 read, not yet converted */
	size_t raw_len;
	uint64_t raw_done;	/* bytes of UTF-16 converted, BOM included */
	bool raw_eof;
	long line;		/* line number of the next line fed */

	/* the record being built, then the current one */
	char *buf;
	size_t buf_len, buf_cap;
	size_t *off;
	size_t nfields, fields_cap;
	long rec_line;
	size_t expect;
	int records_done;	/* completed in the current feed */
	const char *row_error;
	char row_error_buf[96];
	int fatal;		/* a field too long or a bad byte */

	char msg[256];
};

/* libcsv has no user pointer on its allocator; the cap is per thread. */
static _Thread_local bool field_too_long;

static void *capped_realloc(void *ptr, size_t size)
{
	if (size > AR_CSV_FIELD_MAX + 1024) {
		field_too_long = true;
		return NULL;
	}
	return realloc(ptr, size);
}

static void set_msg(struct ar_csv_reader *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->msg, sizeof(r->msg), fmt, ap);
	va_end(ap);
}

static void on_field(void *data, size_t len, void *vr)
{
	struct ar_csv_reader *r = vr;
	const char *why;

	if (len > AR_CSV_FIELD_MAX) {
		r->fatal = 1;
		return;
	}
	if (data && !r->row_error && !ar__utf8_valid(data, len, &why)) {
		snprintf(r->row_error_buf, sizeof(r->row_error_buf),
			 "field %zu: %s", r->nfields + 1, why);
		r->row_error = r->row_error_buf;
	}
	if (r->nfields == r->fields_cap) {
		size_t cap = r->fields_cap ? r->fields_cap * 2 : 32;
		size_t *o = realloc(r->off, cap * sizeof(*o));
		if (!o) {
			r->fatal = 2;
			return;
		}
		r->off = o, r->fields_cap = cap;
	}
	if (r->buf_len + len + 1 > r->buf_cap) {
		size_t cap = r->buf_cap ? r->buf_cap : 4096;
		while (cap < r->buf_len + len + 1)
			cap *= 2;
		char *b = realloc(r->buf, cap);
		if (!b) {
			r->fatal = 2;
			return;
		}
		r->buf = b, r->buf_cap = cap;
	}
	r->off[r->nfields++] = r->buf_len;
	if (len)
		memcpy(r->buf + r->buf_len, data, len);
	r->buf_len += len;
	r->buf[r->buf_len++] = '\0';
}

static void on_record(int c, void *vr)
{
	struct ar_csv_reader *r = vr;
	(void)c;
	r->records_done++;
}

static int term_lf(unsigned char c)
{
	return c == CSV_LF;
}

static int term_cr(unsigned char c)
{
	return c == CSV_CR;
}

static int term_crlf(unsigned char c)
{
	return c == CSV_CR || c == CSV_LF;
}

static ar_status reader_init(struct ar_csv_reader **rp,
			     struct ar_csv_reader *r);

ar_status ar_csv_reader_open(struct ar_csv_reader **rp, const char *path,
			     const char *name)
{
	struct ar_csv_reader *r = calloc(1, sizeof(*r));
	struct stat st;

	*rp = NULL;
	if (!r)
		return AR_ENOMEM;
	if (!path || strcmp(path, "-") == 0) {
		r->fp = stdin;
		r->name = name ? name : "stdin";
		if (fstat(fileno(stdin), &st) != 0 || !S_ISREG(st.st_mode)) {
			/*
			 * A pipe is copied to an unlinked file (mode 0600) first:
			 * then it is hashed before a row is read, like any file,
			 * and a run fed the same bytes twice loads them once.
			 */
			FILE *tmp = tmpfile();
			char buf[65536];
			size_t n;
			if (!tmp) {
				free(r);
				return AR_ELEDGER;
			}
			while ((n = fread(buf, 1, sizeof(buf), stdin)) > 0)
				if (fwrite(buf, 1, n, tmp) != n)
					break;
			if (ferror(stdin) || fflush(tmp) != 0 || ferror(tmp) ||
			    fseek(tmp, 0, SEEK_SET) != 0) {
				int e = errno;
				fclose(tmp);
				free(r);
				errno = e;
				return AR_ELEDGER;
			}
			r->fp = tmp;
			r->own_fp = true;
		}
	} else {
		r->fp = fopen(path, "rb");
		if (!r->fp) {
			int e = errno;
			free(r);
			errno = e;
			return AR_ELEDGER;
		}
		r->own_fp = true;
		r->name = name ? name : path;
	}
	return reader_init(rp, r);
}

/* The rest of opening r, whatever its file. */
static ar_status reader_init(struct ar_csv_reader **rp,
			     struct ar_csv_reader *r)
{
	struct stat st;
	if (fstat(fileno(r->fp), &st) == 0 && S_ISREG(st.st_mode)) {
		r->size = (uint64_t)st.st_size;
		r->regular = true;
	}
	r->in = malloc(READ_SIZE);
	if (!r->in || csv_init(&r->p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
		ar_csv_reader_free(r);
		return AR_ENOMEM;
	}
	csv_set_realloc_func(&r->p, capped_realloc);
	r->delim = ',';
	r->cd = (iconv_t)-1;
	ar_sha256_init(&r->sha);
	r->line = 1;
	*rp = r;
	return AR_OK;
}

/* Write field as a CSV field: quoted when it holds , " CR or LF. */
static void put_field(FILE *fp, const char *f, size_t n)
{
	bool quote = false;
	for (size_t i = 0; i < n; i++)
		quote |= f[i] == ',' || f[i] == '"' || f[i] == '\r' ||
			 f[i] == '\n';
	if (quote)
		fputc('"', fp);
	for (size_t i = 0; i < n; i++) {
		if (f[i] == '"')
			fputc('"', fp);
		fputc(f[i], fp);
	}
	if (quote)
		fputc('"', fp);
}

/*
 * The next KEY=VALUE of spec: up to an unescaped comma, with \, and \\
 * taken for the character.  The pair, unescaped, goes to buf.
 */
static const char *next_pair(const char *spec, char *buf, size_t *len)
{
	size_t n = 0;
	while (*spec && *spec != ',') {
		if (*spec == '\\' && (spec[1] == ',' || spec[1] == '\\'))
			spec++;
		buf[n++] = *spec++;
	}
	*len = n;
	return *spec ? spec + 1 : spec;
}

ar_status ar_csv_reader_open_record(struct ar_csv_reader **rp,
				    const char *spec, const char *name)
{
	size_t size = strlen(spec) + 1;
	char *buf = malloc(size);
	FILE *fp;
	ar_status st = AR_OK;

	*rp = NULL;
	if (!buf)
		return AR_ENOMEM;
	if (!(fp = tmpfile())) {
		free(buf);
		return AR_ELEDGER;
	}
	/* the header line, then the values line */
	for (int pass = 0; pass < 2 && st == AR_OK; pass++) {
		const char *p = spec;
		bool first = true;
		while (*p || first) {
			size_t n;
			p = next_pair(p, buf, &n);
			char *eq = memchr(buf, '=', n);
			if (!eq || eq == buf) {
				st = AR_EUSAGE;
				break;
			}
			if (!first)
				fputc(',', fp);
			first = false;
			if (pass == 0)
				put_field(fp, buf, (size_t)(eq - buf));
			else
				put_field(fp, eq + 1, n - (size_t)(eq - buf) - 1);
		}
		fputc('\n', fp);
	}
	free(buf);
	if (st == AR_OK && (fflush(fp) != 0 || ferror(fp) ||
			    fseek(fp, 0, SEEK_SET) != 0))
		st = AR_ELEDGER;
	if (st != AR_OK) {
		int e = errno;
		fclose(fp);
		errno = e;
		return st;
	}
	struct ar_csv_reader *r = calloc(1, sizeof(*r));
	if (!r) {
		fclose(fp);
		return AR_ENOMEM;
	}
	r->fp = fp;
	r->own_fp = true;
	r->name = name;
	return reader_init(rp, r);
}

void ar_csv_reader_free(struct ar_csv_reader *r)
{
	if (!r)
		return;
	if (r->own_fp && r->fp)
		fclose(r->fp);
	csv_free(&r->p);
	if (r->cd != (iconv_t)-1)
		iconv_close(r->cd);
	free(r->raw);
	free(r->in);
	free(r->buf);
	free(r->off);
	free(r);
}

/*
 * The delimiter of a file that does not say: the one of comma, semicolon
 * and tab found most often outside quotes in its first line, a tie going
 * in that order; a comma when there is none.
 */
static void detect_delimiter(struct ar_csv_reader *r)
{
	static const char cand[] = {',', ';', '\t'};
	size_t count[3] = {0};
	bool quoted = false, content = false;
	for (size_t i = r->in_pos; i < r->in_len; i++) {
		char c = r->in[i];
		if (c == '"')
			quoted = !quoted;
		if (!quoted && (c == '\n' || c == '\r')) {
			if (content)
				break;
			continue;	/* blank lines before the header */
		}
		content |= c != ' ';
		for (int k = 0; !quoted && k < 3; k++)
			count[k] += c == cand[k];
	}
	int best = 0;
	for (int k = 1; k < 3; k++)
		if (count[k] > count[best])
			best = k;
	r->delim = cand[best];
	csv_set_delim(&r->p, (unsigned char)r->delim);
}

/* Read up to n bytes of the file, hashed and counted; 0 at its end. */
static size_t read_raw(struct ar_csv_reader *r, char *buf, size_t n,
		       ar_status *st)
{
	size_t got = fread(buf, 1, n, r->fp);
	if (got == 0 && ferror(r->fp)) {
		set_msg(r, "%s: read error: %s", r->name, strerror(errno));
		*st = AR_ELEDGER;
	}
	if (got && !r->prehashed)
		ar_sha256_update(&r->sha, buf, got);
	r->bytes += got;
	return got;
}

/*
 * A UTF-16 file: its byte order mark (the first 2 bytes of the read
 * buffer) tells the byte order; the rest of the buffer is kept to be
 * converted.  Excel saves "Unicode text" so.
 */
static bool start_utf16(struct ar_csv_reader *r, ar_status *st)
{
	bool le = (unsigned char)r->in[0] == 0xff;
	r->cd = iconv_open("UTF-8", le ? "UTF-16LE" : "UTF-16BE");
	r->raw = malloc(READ_SIZE);	/* the rest of the first read fits */
	if (r->cd == (iconv_t)-1 || !r->raw) {
		set_msg(r, "%s: cannot read UTF-16 here: save the file as CSV "
			"UTF-8", r->name);
		*st = AR_EINPUT;
		return false;
	}
	r->raw_len = r->in_len - 2;
	memcpy(r->raw, r->in + 2, r->raw_len);
	r->raw_done = 2;
	r->encoding = "UTF-16";
	return true;
}

static const struct encoding {
	const char *name, *iconv, *shown;
} encodings[] = {
	{"utf-8", NULL, NULL}, {"utf8", NULL, NULL},
	{"cp1252", "CP1252", "Windows-1252"},
	{"windows-1252", "CP1252", "Windows-1252"},
	{"latin1", "ISO-8859-1", "ISO-8859-1"},
	{"iso-8859-1", "ISO-8859-1", "ISO-8859-1"},
};

static const struct encoding *encoding(const char *name)
{
	for (size_t i = 0; i < sizeof(encodings) / sizeof(encodings[0]); i++)
		if (strcasecmp(name, encodings[i].name) == 0)
			return &encodings[i];
	return NULL;
}

bool ar_csv_encoding_valid(const char *name)
{
	return encoding(name) != NULL;
}

ar_status ar_csv_set_encoding(struct ar_csv_reader *r, const char *name)
{
	const struct encoding *e = encoding(name);
	if (!e)
		return AR_EUSAGE;
	if (!e->iconv)
		return AR_OK;
	r->cd = iconv_open("UTF-8", e->iconv);
	if (r->cd == (iconv_t)-1)
		return AR_EUSAGE;
	if (!(r->raw = malloc(READ_SIZE)))
		return AR_ENOMEM;
	/* the bytes are the encoding's: no byte order mark to look for */
	r->bom_checked = true;
	r->encoding = e->shown;
	return AR_OK;
}

/* Convert what there is of the UTF-16 into the read buffer. */
static bool fill_utf16(struct ar_csv_reader *r, ar_status *st)
{
	for (;;) {
		if (r->raw_len < RAW_SIZE / 2 && !r->raw_eof) {
			size_t got = read_raw(r, r->raw + r->raw_len,
					      RAW_SIZE - r->raw_len, st);
			if (*st != AR_OK)
				return false;
			r->raw_eof = got == 0;
			r->raw_len += got;
		}
		char *ip = r->raw, *op = r->in;
		size_t il = r->raw_len < RAW_SIZE ? r->raw_len : RAW_SIZE;
		size_t ol = READ_SIZE;
		size_t rc = iconv(r->cd, &ip, &il, &op, &ol);
		int e = errno;
		size_t used = (size_t)(ip - r->raw);
		r->in_len = READ_SIZE - ol;
		r->raw_len -= used;
		memmove(r->raw, ip, r->raw_len);
		r->raw_done += used;
		if (rc == (size_t)-1 && e == EILSEQ) {
			set_msg(r, "%s: byte %llu: invalid %s%s: save the file "
				"as CSV UTF-8", r->name,
				(unsigned long long)r->raw_done + 1, r->encoding,
				strcmp(r->encoding, "UTF-16") == 0
				? " (a lone surrogate)" : " (a byte without a "
				  "character)");
			*st = AR_EINPUT;
			return false;
		}
		if (r->in_len)
			return true;
		if (r->raw_eof) {
			if (r->raw_len) {
				set_msg(r, "%s: the UTF-16 text ends in half a "
					"character (an odd number of bytes)",
					r->name);
				*st = AR_EINPUT;
				return false;
			}
			return false;
		}
	}
}

/* Refill the read buffer; false at end of input or on error. */
static bool fill(struct ar_csv_reader *r, ar_status *st)
{
	r->in_pos = 0;
	if (r->cd != (iconv_t)-1)
		r->in_len = 0;
	else
		r->in_len = read_raw(r, r->in, READ_SIZE, st);
	if (!r->bom_checked && r->in_len) {
		r->bom_checked = true;
		if (r->in_len >= 3 && memcmp(r->in, "\xef\xbb\xbf", 3) == 0)
			r->in_pos = 3;
		else if (r->in_len >= 2 &&
			 (memcmp(r->in, "\xff\xfe", 2) == 0 ||
			  memcmp(r->in, "\xfe\xff", 2) == 0) &&
			 !start_utf16(r, st))
			goto stop;
	}
	if (r->cd != (iconv_t)-1 && !fill_utf16(r, st))
		goto stop;
	if (r->in_len == 0) {
stop:
		r->eof = true;
		r->finished |= *st != AR_OK;
		r->in_len = r->in_pos = 0;
		return false;
	}
	if (!r->delim)
		detect_delimiter(r);
	if (r->ends == END_UNKNOWN) {
		/*
		 * The line ends outside quotes tell the style: CR when lone
		 * CRs outnumber LFs, else LF, or CRLF when the first LF has a
		 * CR before it.  A stray CR in a line of an LF file is then
		 * part of its field, not the end of a line.  (A CR at the
		 * buffer's end is not counted: its LF may come next.)
		 */
		bool quoted = false, first_crlf = false;
		size_t lf = 0, lone_cr = 0;
		for (size_t i = r->in_pos; i < r->in_len; i++) {
			if (r->in[i] == '"')
				quoted = !quoted;
			if (quoted)
				continue;
			if (r->in[i] == '\n') {
				if (lf++ == 0)
					first_crlf = i > r->in_pos &&
						     r->in[i - 1] == '\r';
			} else if (r->in[i] == '\r' && i + 1 < r->in_len &&
				   r->in[i + 1] != '\n') {
				lone_cr++;
			}
		}
		if (lone_cr > lf)
			r->ends = END_CR;
		else if (lf)
			r->ends = first_crlf ? END_CRLF : END_LF;
		csv_set_term_func(&r->p, r->ends == END_CR ? term_cr :
				  r->ends == END_LF ? term_lf : term_crlf);
	}
	return true;
}

static ar_status parse_error(struct ar_csv_reader *r)
{
	if (field_too_long || r->fatal == 1)
		set_msg(r, "%s:%ld: field longer than %d KiB", r->name,
			r->rec_line, AR_CSV_FIELD_MAX / 1024);
	else if (r->fatal == 2 || csv_error(&r->p) == CSV_ENOMEM)
		set_msg(r, "%s:%ld: out of memory", r->name, r->rec_line);
	else
		set_msg(r, "%s:%ld: malformed quoting (a quote inside an "
			"unquoted field, or text after a closing quote)",
			r->name, r->line);
	field_too_long = false;
	r->finished = true;
	return r->fatal == 2 ? AR_ENOMEM : AR_EINPUT;
}

/* Feed one line (or what is there of it) to libcsv. */
static ar_status feed(struct ar_csv_reader *r, const char *s, size_t len)
{
	if (r->p.pstate == 0 && r->nfields == 0)
		r->rec_line = r->line;
	if (csv_parse(&r->p, s, len, on_field, on_record, r) != len ||
	    r->fatal)
		return parse_error(r);
	return AR_OK;
}

static void check_record(struct ar_csv_reader *r)
{
	if (r->records_done > 1 && !r->row_error)
		r->row_error = "stray line break inside the row";
	if (!r->row_error && r->expect && r->nfields != r->expect) {
		snprintf(r->row_error_buf, sizeof(r->row_error_buf),
			 "expected %zu fields, found %zu", r->expect, r->nfields);
		r->row_error = r->row_error_buf;
	}
}

ar_status ar_csv_next(struct ar_csv_reader *r)
{
	ar_status st = AR_OK;

	if (r->finished)
		return AR_ENOTFOUND;
	/* the previous record is consumed */
	r->nfields = 0;
	r->buf_len = 0;
	r->records_done = 0;
	r->row_error = NULL;

	for (;;) {
		if (r->in_pos == r->in_len && !r->eof && !fill(r, &st) &&
		    st != AR_OK)
			return st;
		if (r->in_pos == r->in_len && r->eof) {
			if (csv_fini(&r->p, on_field, on_record, r) != 0) {
				set_msg(r, "%s:%ld: unterminated quoted field",
					r->name, r->rec_line);
				r->finished = true;
				return AR_EINPUT;
			}
			r->finished = true;
			if (r->fatal)
				return parse_error(r);
			if (r->records_done) {
				check_record(r);
				return AR_OK;
			}
			return AR_ENOTFOUND;
		}
		char term = r->ends == END_CR ? '\r' : '\n';
		const char *start = r->in + r->in_pos;
		size_t avail = r->in_len - r->in_pos;
		const char *nl = memchr(start, term, avail);
		size_t n = nl ? (size_t)(nl - start) + 1 : avail;

		if ((st = feed(r, start, n)) != AR_OK)
			return st;
		r->in_pos += n;
		if (nl)
			r->line++;
		if (r->records_done) {
			check_record(r);
			return AR_OK;
		}
	}
}

ar_status ar_csv_set_delimiter(struct ar_csv_reader *r, char c)
{
	if (c && c != ',' && c != ';' && c != '\t' && c != '|')
		return AR_EUSAGE;
	r->delim = c;
	if (c)
		csv_set_delim(&r->p, (unsigned char)c);
	return AR_OK;
}

char ar_csv_delimiter(const struct ar_csv_reader *r)
{
	return r->delim;
}

void ar_csv_expect_fields(struct ar_csv_reader *r, size_t n)
{
	r->expect = n;
}

size_t ar_csv_nfields(const struct ar_csv_reader *r)
{
	return r->nfields;
}

const char *ar_csv_field(const struct ar_csv_reader *r, size_t i, size_t *len)
{
	if (i >= r->nfields) {
		if (len)
			*len = 0;
		return "";
	}
	size_t end = i + 1 < r->nfields ? r->off[i + 1] : r->buf_len;
	if (len)
		*len = end - r->off[i] - 1;
	return r->buf + r->off[i];
}

long ar_csv_line(const struct ar_csv_reader *r)
{
	return r->rec_line;
}

const char *ar_csv_row_error(const struct ar_csv_reader *r)
{
	return r->row_error;
}

const char *ar_csv_errmsg(const struct ar_csv_reader *r)
{
	return r->msg;
}

const char *ar_csv_name(const struct ar_csv_reader *r)
{
	return r->name;
}

void ar_csv_sha256(struct ar_csv_reader *r, char hex[65])
{
	if (r->prehashed) {
		memcpy(hex, r->prehash, 65);
		return;
	}
	struct ar_sha256 copy = r->sha;
	ar_sha256_hex(&copy, hex);
}

ar_status ar_csv_file_sha256(struct ar_csv_reader *r, char hex[65])
{
	struct ar_sha256 sha;
	off_t off = 0;
	ssize_t n;

	if (!r->regular)
		return AR_ENOTFOUND;
	ar_sha256_init(&sha);
	/* pread leaves the stream's position where the reader has it */
	char *buf = malloc(READ_SIZE);
	if (!buf)
		return AR_ENOMEM;
	while ((n = pread(fileno(r->fp), buf, READ_SIZE, off)) > 0) {
		ar_sha256_update(&sha, buf, (size_t)n);
		off += n;
	}
	free(buf);
	if (n < 0) {
		set_msg(r, "%s: read error: %s", r->name, strerror(errno));
		return AR_ELEDGER;
	}
	ar_sha256_hex(&sha, hex);
	/* the reader need not hash what it reads: the answer is known */
	r->prehashed = true;
	memcpy(r->prehash, hex, 65);
	return AR_OK;
}

uint64_t ar_csv_bytes(const struct ar_csv_reader *r)
{
	return r->bytes;
}

uint64_t ar_csv_size(const struct ar_csv_reader *r)
{
	return r->size;
}

void ar_csv_normalize(const char *name, char *out, size_t outsz)
{
	size_t n = 0;
	for (; *name && n + 1 < outsz; name++) {
		char c = *name;
		/* "Account No.", "E-mail", "Amount ($)": only the letters
		 * and digits of a name tell it */
		if ((unsigned char)c < 0x80 && !(c >= '0' && c <= '9') &&
		    !(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z'))
			continue;
		/* no-break spaces and byte order marks are white space too */
		const unsigned char *u = (const unsigned char *)name;
		if (u[0] == 0xc2 && u[1] == 0xa0) {
			name++;
			continue;
		}
		if (u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf) {
			name += 2;
			continue;
		}
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		out[n++] = c;
	}
	out[n] = '\0';
}
