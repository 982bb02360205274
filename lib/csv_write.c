/*
 * csv_write.c - rows out as csv, tsv, json lines or an aligned table.
 *
 * csv, tsv and json stream; table keeps its cells to size the columns,
 * which is fine for output meant to be read by a person, and shows their
 * control characters as '?' (ar_text_printable()).  A writer is
 * used from one thread, so it uses the unlocked stdio calls.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ar/csv.h"
#include "ar/money.h"
#include "internal.h"

struct cell {
	char *text;		/* NULL: empty */
};

struct ar_writer {
	FILE *fp;
	enum ar_format fmt;
	const struct ar_column *cols;
	size_t ncols, col;
	unsigned flags;
	bool totals_next;
	bool header_done;
	bool failed;
	int write_errno;	/* of the first write that failed, or 0 */

	/* the current row, formatted */
	char **cells;
	bool *quoted_text;	/* the cell is text (for json quoting) */
	/* streamed formats keep the row's text in one buffer, cell i at
	 * off[i] (NO_CELL: empty), rather than a copy per cell */
	char *rowbuf;
	size_t rowlen, rowcap;
	size_t *off;

	/* table only */
	char ***rows;
	bool *row_is_total;
	size_t nrows, rows_cap;
	char **captions;
	size_t ncaptions;
	size_t max_width;	/* 0: as wide as the cells */
	const char *show_all;	/* how the caller shows every column */
};

void ar_writer_set_width(struct ar_writer *w, size_t width,
			 const char *show_all)
{
	w->max_width = width;
	w->show_all = show_all;
}

ar_status ar_format_parse(const char *s, enum ar_format *out)
{
	static const char *names[] = {"csv", "tsv", "json", "table"};
	for (size_t i = 0; i < 4; i++)
		if (strcmp(s, names[i]) == 0) {
			*out = (enum ar_format)i;
			return AR_OK;
		}
	return AR_EUSAGE;
}

ar_status ar_writer_new(struct ar_writer **wp, FILE *fp, enum ar_format fmt,
			const struct ar_column *cols, size_t ncols,
			unsigned flags)
{
	struct ar_writer *w = calloc(1, sizeof(*w));
	*wp = NULL;
	if (!w)
		return AR_ENOMEM;
	w->fp = fp, w->fmt = fmt, w->cols = cols, w->ncols = ncols;
	w->flags = flags;
	w->cells = calloc(ncols, sizeof(*w->cells));
	w->quoted_text = calloc(ncols, sizeof(*w->quoted_text));
	w->off = calloc(ncols, sizeof(*w->off));
	if (!w->cells || !w->quoted_text || !w->off) {
		ar_writer_free(w);
		return AR_ENOMEM;
	}
	*wp = w;
	return AR_OK;
}

#define NO_CELL SIZE_MAX

static void put_cell(struct ar_writer *w, const char *s, bool text)
{
	if (w->col >= w->ncols)
		return;
	if (w->fmt != AR_FMT_TABLE) {
		size_t n = s ? strlen(s) + 1 : 0;
		if (w->rowlen + n > w->rowcap) {
			size_t cap = w->rowcap ? w->rowcap : 256;
			while (cap < w->rowlen + n)
				cap *= 2;
			char *b = realloc(w->rowbuf, cap);
			if (!b) {
				w->failed = true;
				s = NULL, n = 0;
			} else {
				w->rowbuf = b, w->rowcap = cap;
			}
		}
		w->off[w->col] = s ? w->rowlen : NO_CELL;
		if (s)
			memcpy(w->rowbuf + w->rowlen, s, n);
		w->rowlen += n;
		w->quoted_text[w->col++] = text;
		return;
	}
	free(w->cells[w->col]);
	w->cells[w->col] = s ? strdup(s) : NULL;
	if (s && !w->cells[w->col])
		w->failed = true;
	else if (s)		/* a table is for a terminal */
		ar_text_printable(w->cells[w->col]);
	w->quoted_text[w->col] = text;
	w->col++;
}

void ar_writer_text(struct ar_writer *w, const char *s)
{
	put_cell(w, s && *s ? s : NULL, true);
}

void ar_writer_money(struct ar_writer *w, int64_t v, int exponent)
{
	char buf[AR_MONEY_BUFSZ];
	ar_money_format(buf, v, exponent,
			w->fmt == AR_FMT_TABLE ? AR_MONEY_GROUP : 0);
	put_cell(w, buf, false);
}

void ar_writer_int(struct ar_writer *w, int64_t v)
{
	char buf[24];
	snprintf(buf, sizeof(buf), "%lld", (long long)v);
	put_cell(w, buf, false);
}

void ar_writer_date(struct ar_writer *w, ar_date d)
{
	char buf[AR_DATE_BUFSZ];
	if (d == AR_DATE_NONE) {
		put_cell(w, NULL, true);
		return;
	}
	ar_date_format(buf, d);
	put_cell(w, buf, true);
}

void ar_writer_null(struct ar_writer *w)
{
	put_cell(w, NULL, false);
}

void ar_writer_totals(struct ar_writer *w)
{
	w->totals_next = true;
}

static bool excel_risky(const char *s)
{
	return s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' ||
	       s[0] == '\t' || s[0] == '\r';
}

static void write_csv_field(struct ar_writer *w, const char *s, bool text)
{
	FILE *fp = w->fp;
	bool guard;
	if (!s)
		return;
	guard = text && (w->flags & AR_OUT_EXCEL_SAFE) && excel_risky(s);
	if (!strpbrk(s, ",\"\r\n")) {
		if (guard)
			putc_unlocked('\'', fp);
		fputs_unlocked(s, fp);
		return;
	}
	putc_unlocked('"', fp);
	if (guard)		/* inside the quotes, or it is not CSV */
		putc_unlocked('\'', fp);
	for (; *s; s++) {
		if (*s == '"')
			putc_unlocked('"', fp);
		putc_unlocked(*s, fp);
	}
	putc_unlocked('"', fp);
}

/* tsv has no quoting: tab, newline and backslash are escaped. */
static void write_tsv_field(struct ar_writer *w, const char *s, bool text)
{
	FILE *fp = w->fp;
	if (!s)
		return;
	if (text && (w->flags & AR_OUT_EXCEL_SAFE) && excel_risky(s))
		putc_unlocked('\'', fp);
	for (; *s; s++) {
		switch (*s) {
		case '\t': fputs_unlocked("\\t", fp); break;
		case '\n': fputs_unlocked("\\n", fp); break;
		case '\r': fputs_unlocked("\\r", fp); break;
		case '\\': fputs_unlocked("\\\\", fp); break;
		default: putc_unlocked(*s, fp);
		}
	}
}

static void write_json_string(FILE *fp, const char *s)
{
	putc_unlocked('"', fp);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\') {
			putc_unlocked('\\', fp);
			putc_unlocked(c, fp);
		} else if (c == '\n') {
			fputs_unlocked("\\n", fp);
		} else if (c == '\r') {
			fputs_unlocked("\\r", fp);
		} else if (c == '\t') {
			fputs_unlocked("\\t", fp);
		} else if (c < 0x20) {
			fprintf(fp, "\\u%04x", c);
		} else {
			putc_unlocked(c, fp);
		}
	}
	putc_unlocked('"', fp);
}

static void write_header(struct ar_writer *w)
{
	w->header_done = true;
	if (w->fmt != AR_FMT_CSV && w->fmt != AR_FMT_TSV)
		return;
	for (size_t i = 0; i < w->ncols; i++) {
		if (i)
			putc_unlocked(w->fmt == AR_FMT_CSV ? ',' : '\t', w->fp);
		fputs_unlocked(w->cols[i].name, w->fp);
	}
	putc_unlocked('\n', w->fp);
}

static ar_status keep_row(struct ar_writer *w)
{
	if (w->nrows == w->rows_cap) {
		size_t cap = w->rows_cap ? w->rows_cap * 2 : 64;
		char ***rows = realloc(w->rows, cap * sizeof(*rows));
		bool *tot = realloc(w->row_is_total, cap * sizeof(*tot));
		if (rows)
			w->rows = rows;
		if (tot)
			w->row_is_total = tot;
		if (!rows || !tot)
			return AR_ENOMEM;
		w->rows_cap = cap;
	}
	char **row = malloc(w->ncols * sizeof(*row));
	if (!row)
		return AR_ENOMEM;
	memcpy(row, w->cells, w->ncols * sizeof(*row));
	memset(w->cells, 0, w->ncols * sizeof(*row));
	w->row_is_total[w->nrows] = w->totals_next;
	w->rows[w->nrows++] = row;
	return AR_OK;
}

/* The output failed (a full disk): keep why, for the caller to say. */
static ar_status write_failed(struct ar_writer *w)
{
	if (!w->write_errno)
		w->write_errno = errno ? errno : EIO;
	return AR_ELEDGER;
}

ar_status ar_writer_end_row(struct ar_writer *w)
{
	ar_status st = AR_OK;
	bool totals = w->totals_next;

	while (w->col < w->ncols)
		put_cell(w, NULL, false);
	if (!w->header_done)
		write_header(w);
	if (w->fmt != AR_FMT_TABLE)
		for (size_t i = 0; i < w->ncols; i++)
			w->cells[i] = w->off[i] == NO_CELL ? NULL :
				      w->rowbuf + w->off[i];
	if (w->fmt == AR_FMT_TABLE) {
		st = keep_row(w);
	} else if (!totals) {
		for (size_t i = 0; i < w->ncols; i++) {
			switch (w->fmt) {
			case AR_FMT_CSV:
				if (i)
					putc_unlocked(',', w->fp);
				write_csv_field(w, w->cells[i], w->quoted_text[i]);
				break;
			case AR_FMT_TSV:
				if (i)
					putc_unlocked('\t', w->fp);
				write_tsv_field(w, w->cells[i], w->quoted_text[i]);
				break;
			default:
				putc_unlocked(i ? ',' : '{', w->fp);
				write_json_string(w->fp, w->cols[i].name);
				putc_unlocked(':', w->fp);
				if (!w->cells[i])
					fputs_unlocked("null", w->fp);
				else if (w->quoted_text[i])
					write_json_string(w->fp, w->cells[i]);
				else
					fputs_unlocked(w->cells[i], w->fp);
			}
		}
		if (w->fmt == AR_FMT_JSON)
			putc_unlocked('}', w->fp);
		putc_unlocked('\n', w->fp);
	}
	w->totals_next = false;
	w->col = 0;
	if (w->fmt != AR_FMT_TABLE) {
		memset(w->cells, 0, w->ncols * sizeof(*w->cells));
		w->rowlen = 0;
	}
	if (w->failed)
		return AR_ENOMEM;
	if (st == AR_OK && ferror(w->fp))
		st = write_failed(w);
	return st;
}

ar_status ar_writer_caption(struct ar_writer *w, const char *text)
{
	if (w->fmt != AR_FMT_TABLE)
		return AR_OK;
	char **c = realloc(w->captions, (w->ncaptions + 1) * sizeof(*c));
	if (!c)
		return AR_ENOMEM;
	w->captions = c;
	if (!(c[w->ncaptions] = strdup(text)))
		return AR_ENOMEM;
	ar_text_printable(c[w->ncaptions]);
	w->ncaptions++;
	return AR_OK;
}

/* Display width of UTF-8 text: the columns a terminal gives it. */
static size_t width(const char *s)
{
	return ar__text_width(s);
}

/* Write s cut to wid columns ("..." where it is cut; a wide character
 * that would cross the cut leaves a space instead). */
static void put_cut(FILE *fp, const char *s, size_t wid)
{
	if (width(s) <= wid) {
		fputs_unlocked(s, fp);
		return;
	}
	const unsigned char *p = (const unsigned char *)s;
	size_t keep = wid > 3 ? wid - 3 : 0, cols = 0, n = strlen(s);
	for (size_t i = 0; i < n;) {
		size_t len;
		unsigned c = ar__utf8_decode(p + i, n - i, &len);
		size_t cw = ar__unsafe_char(c) || c == 0xfffd ? 1
			: (size_t)ar__char_width(c);
		if (cols + cw > keep)
			break;
		fwrite_unlocked(s + i, 1, len, fp);
		cols += cw;
		i += len;
	}
	for (; cols < keep; cols++)
		putc_unlocked(' ', fp);
	fputs_unlocked(wid > 3 ? "..." : "", fp);
}

/* A caption wrapped at spaces to max columns (0: not wrapped). */
static void put_caption(FILE *fp, const char *s, size_t max)
{
	while (max && width(s) > max) {
		/* the last space within max columns, else the first after */
		const char *cut = NULL, *p = s;
		for (size_t n = 0; *p && (n <= max || !cut);) {
			size_t len;
			unsigned c = ar__utf8_decode((const unsigned char *)p,
						     strlen(p), &len);
			if (*p == ' ')
				cut = p;
			n += ar__unsafe_char(c) ? 1 : (size_t)ar__char_width(c);
			p += len;
		}
		if (!cut)
			break;
		fwrite(s, 1, (size_t)(cut - s), fp);
		putc_unlocked('\n', fp);
		s = cut + 1;
	}
	fprintf(fp, "%s\n", s);
}

static size_t table_width(const size_t *wid, const bool *show, size_t n)
{
	size_t total = 0, shown = 0;
	for (size_t c = 0; c < n; c++)
		if (show[c])
			total += wid[c], shown++;
	return total + (shown ? 2 * (shown - 1) : 0);
}

static bool is_name(const struct ar_column *c)
{
	return c->type == AR_COL_TEXT && strstr(c->name, "name");
}

/* Every cell of column c, totals included, is a zero amount. */
static bool all_zero(const struct ar_writer *w, size_t c)
{
	if (w->cols[c].type != AR_COL_MONEY)
		return false;
	for (size_t r = 0; r < w->nrows; r++)
		for (const char *p = w->rows[r][c]; p && *p; p++)
			if (!strchr("0.,-", *p))
				return false;
	return true;
}

/*
 * Fit the table to max_width columns: names cut to what fits (never
 * narrower than 12 columns or their header), then amounts that are zero
 * in every row left out, then the text, number and date columns after
 * the first amount (the currency aside), from the right.  What is left
 * out is said in a
 * caption; a table that still does not fit is shown as it then is.
 */
static void fit(struct ar_writer *w, size_t *wid, bool *show, char *note,
		size_t notesz)
{
	size_t max = w->max_width, n = w->ncols, first_money = n;
	for (size_t c = 0; c < n; c++)
		if (w->cols[c].type == AR_COL_MONEY && first_money == n)
			first_money = c;
	for (size_t c = 0; c < n; c++) {
		size_t t = table_width(wid, show, n);
		size_t floor = width(w->cols[c].name);
		if (floor < 12)
			floor = 12;
		if (t <= max || !is_name(&w->cols[c]) || wid[c] <= floor)
			continue;
		wid[c] -= t - max < wid[c] - floor ? t - max : wid[c] - floor;
	}
	for (size_t c = 0; c < n && table_width(wid, show, n) > max; c++)
		if (all_zero(w, c))
			show[c] = false;
	for (size_t c = n; c-- > first_money + 1 &&
	     table_width(wid, show, n) > max;)
		/* an amount is not read without its currency */
		if (w->cols[c].type != AR_COL_MONEY &&
		    strcmp(w->cols[c].name, "currency") != 0)
			show[c] = false;
	size_t len = 0;
	bool first = true;
	for (size_t c = 0; c < n && len + 1 < notesz; c++) {
		if (show[c])
			continue;
		if (first)
			len = (size_t)snprintf(note, notesz, "Left out to fit "
					       "the terminal%s%s%s: ",
					       w->show_all ? " (" : "",
					       w->show_all ? w->show_all : "",
					       w->show_all ? " shows them)" : "");
		if (len + 1 < notesz)
			len += (size_t)snprintf(note + len, notesz - len, "%s%s",
						first ? "" : ", ", w->cols[c].name);
		first = false;
	}
	if (len >= notesz)
		note[notesz - 1] = '\0';
}

static void write_table(struct ar_writer *w)
{
	size_t *wid = calloc(w->ncols, sizeof(*wid));
	bool *show = calloc(w->ncols, sizeof(*show));
	char note[512] = "";
	if (!wid || !show) {
		free(wid);
		free(show);
		w->failed = true;
		return;
	}
	for (size_t c = 0; c < w->ncols; c++) {
		show[c] = true;
		wid[c] = width(w->cols[c].name);
		for (size_t r = 0; r < w->nrows; r++)
			if (width(w->rows[r][c]) > wid[c])
				wid[c] = width(w->rows[r][c]);
	}
	if (w->max_width && table_width(wid, show, w->ncols) > w->max_width)
		fit(w, wid, show, note, sizeof(note));
	for (size_t i = 0; i < w->ncaptions; i++)
		put_caption(w->fp, w->captions[i], w->max_width);
	if (*note)
		put_caption(w->fp, note, w->max_width);
	for (size_t r = 0; r <= w->nrows; r++) {
		bool header = r == 0;
		char **row = header ? NULL : w->rows[r - 1];
		if (!header && w->row_is_total[r - 1]) {
			bool any = false;
			for (size_t c = 0; c < w->ncols; c++) {
				if (!show[c])
					continue;
				if (any)
					fputs_unlocked("  ", w->fp);
				any = true;
				for (size_t k = 0; k < wid[c]; k++)
					putc_unlocked('-', w->fp);
			}
			putc_unlocked('\n', w->fp);
		}
		/* spaces are owed, and paid only before more text, so no
		 * line ends in blanks */
		size_t owed = 0;
		for (size_t c = 0; c < w->ncols; c++) {
			if (!show[c])
				continue;
			const char *s = header ? w->cols[c].name : row[c];
			bool right = w->cols[c].type == AR_COL_MONEY ||
				     w->cols[c].type == AR_COL_INT;
			size_t sw = width(s) < wid[c] ? width(s) : wid[c];
			size_t gap = wid[c] - sw;
			if (right)
				owed += gap;
			if (s && *s) {
				for (; owed; owed--)
					putc_unlocked(' ', w->fp);
				put_cut(w->fp, s, wid[c]);
			}
			if (!right)
				owed += gap;
			owed += 2;
		}
		putc_unlocked('\n', w->fp);
	}
	free(wid);
	free(show);
}

ar_status ar_writer_finish(struct ar_writer *w)
{
	if (!w->header_done)
		write_header(w);
	if (w->fmt == AR_FMT_TABLE)
		write_table(w);
	if (fflush(w->fp) != 0 || ferror(w->fp))
		return write_failed(w);
	return w->failed ? AR_ENOMEM : AR_OK;
}

int ar_writer_errno(const struct ar_writer *w)
{
	return w ? w->write_errno : 0;
}

void ar_writer_free(struct ar_writer *w)
{
	if (!w)
		return;
	/* streamed formats' cells point into rowbuf */
	for (size_t i = 0; w->cells && w->fmt == AR_FMT_TABLE && i < w->ncols;
	     i++)
		free(w->cells[i]);
	for (size_t r = 0; r < w->nrows; r++) {
		for (size_t c = 0; c < w->ncols; c++)
			free(w->rows[r][c]);
		free(w->rows[r]);
	}
	for (size_t i = 0; i < w->ncaptions; i++)
		free(w->captions[i]);
	free(w->captions);
	free(w->rows);
	free(w->row_is_total);
	free(w->cells);
	free(w->quoted_text);
	free(w->off);
	free(w->rowbuf);
	free(w);
}

/* ------------------------------------------------------------------ */
/* Cells into a writer */

static void w_text(void *c, const char *s) { ar_writer_text(c, s); }
static void w_money(void *c, int64_t v, int e) { ar_writer_money(c, v, e); }
static void w_int(void *c, int64_t v) { ar_writer_int(c, v); }
static void w_date(void *c, ar_date d) { ar_writer_date(c, d); }
static void w_null(void *c) { ar_writer_null(c); }
static void w_totals(void *c) { ar_writer_totals(c); }
static ar_status w_end(void *c) { return ar_writer_end_row(c); }

void ar_cells_writer(struct ar_cells *c, struct ar_writer *w)
{
	*c = (struct ar_cells){
		.text = w_text, .money = w_money, .integer = w_int,
		.date = w_date, .null = w_null, .totals = w_totals,
		.end_row = w_end, .ctx = w,
	};
}
