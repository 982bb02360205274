/*
 * pdf.c - letters as PDF pages, drawn with cairo, text set by pango.
 *
 * A letter is kept as a list of blocks (headings, paragraphs, table rows,
 * totals) measured as they come, then laid out on pages at its end, when
 * the number of pages is known, and drawn.  The body of a page has fixed
 * bounds: below the letterhead, the address window and the reference
 * fields on the first page, below a short running head on the others;
 * the remittance slip takes the foot of the last page.
 *
 * Measuring and drawing set each text in the same pango layout with the
 * same width, so what was measured is what is drawn.  Everything is in
 * PDF points (1/72 inch); the context's resolution is 72 so that a font
 * of 9 points is 9 units high.
 */
#include <cairo-pdf.h>
#include <cairo.h>
#include <errno.h>
#include <pango/pangocairo.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ar/pdf.h"
#include "internal.h"

#define MM(x) ((x) * 72.0 / 25.4)
#define NO_TEXT SIZE_MAX

/* ------------------------------------------------------------------ */
/* Paper */

/*
 * Where things go on a sheet.  The window is where the addressee's
 * address must be to show through an envelope: on A4 the address field of
 * DIN 5008 form B (20 mm from the left, 45 mm from the top, 85 x 45 mm;
 * DL and C5/6 window envelopes); on US letter the window of a #10
 * envelope with the sheet folded in three (7/8 in from the left, about 2
 * in from the top).  Fold marks are where the sheet is folded for those.
 */
struct geometry {
	double w, h;
	double left, right, top, bottom;
	double win_x, win_y, win_w, win_h;
	double info_x;		/* the reference fields, to the right margin */
	double fold[2], punch;	/* fold and punch marks; punch 0: none */
	double slip_h;		/* the remittance slip at least, from the
				 * foot */
};

static const struct geometry papers[2] = {
	[AR_PDF_A4] = {
		MM(210), MM(297), MM(20), MM(18), MM(12), MM(14),
		MM(20), MM(45), MM(85), MM(45), MM(118),
		{MM(105), MM(210)}, MM(148.5), MM(55),
	},
	[AR_PDF_LETTER] = {
		612, 792, 54, 54, 36, 40,
		63, 141, 270, 80, 331,
		{264, 528}, 0, MM(55),
	},
};

ar_status ar_pdf_paper_parse(const char *s, enum ar_pdf_paper *out)
{
	if (strcmp(s, "a4") == 0)
		*out = AR_PDF_A4;
	else if (strcmp(s, "letter") == 0)
		*out = AR_PDF_LETTER;
	else
		return AR_EUSAGE;
	return AR_OK;
}

/* ------------------------------------------------------------------ */
/* Fonts and the layout: the assets */

enum font {
	F_BODY, F_SMALL, F_LABEL, F_CELL, F_MUTED, F_HEAD, F_HEADING,
	F_TITLE, F_COMPANY, F_ADDR, F_NAME, F_TO, F_VALUE, F_STRONG,
	F_SENDER, F_TOTAL_LABEL, F_TOTAL, NFONTS
};

static const struct {
	const char *desc;
	double grey;		/* 0 black .. 1 white */
} fonts[NFONTS] = {
	[F_BODY] = {"DejaVu Sans 9", 0.11},
	[F_SMALL] = {"DejaVu Sans 7", 0.33},
	[F_LABEL] = {"DejaVu Sans 8", 0.33},
	[F_CELL] = {"DejaVu Sans 8", 0.11},
	[F_MUTED] = {"DejaVu Sans 7.5", 0.33},
	[F_HEAD] = {"DejaVu Sans Bold 7", 0.33},
	[F_HEADING] = {"DejaVu Sans Bold 10", 0.11},
	[F_TITLE] = {"DejaVu Sans Bold 15", 0.11},
	[F_COMPANY] = {"DejaVu Sans Bold 13", 0.11},
	[F_ADDR] = {"DejaVu Sans 8", 0.33},
	[F_NAME] = {"DejaVu Sans Bold 10", 0.0},
	[F_TO] = {"DejaVu Sans 10", 0.0},
	[F_VALUE] = {"DejaVu Sans 9", 0.11},
	[F_STRONG] = {"DejaVu Sans Bold 11", 0.0},
	[F_SENDER] = {"DejaVu Sans 6.5", 0.33},
	[F_TOTAL_LABEL] = {"DejaVu Sans 10", 0.11},
	[F_TOTAL] = {"DejaVu Sans Bold 12", 0.0},
};

/* the bold variant of each font; fonts-dejavu-core has no italics */
#define V_BOLD 1

struct ar_pdf_assets {
	PangoFontMap *fontmap;
	PangoContext *ctx;
	PangoLayout *layout;
	PangoFontDescription *font[NFONTS][2];
	cairo_surface_t *logo;
	char *logo_path;
	char msg[512];
};

ar_status ar_pdf_assets_new(struct ar_pdf_assets **ap)
{
	struct ar_pdf_assets *a = calloc(1, sizeof(*a));
	*ap = a;
	if (!a)
		return AR_ENOMEM;
	a->fontmap = pango_cairo_font_map_new();
	a->ctx = pango_font_map_create_context(a->fontmap);
	/* 1 point is 1 unit, the metrics are those of the outlines (not of
	 * a screen's pixels), and the language is fixed: the same text is
	 * set the same way whatever the locale */
	pango_cairo_context_set_resolution(a->ctx, 72);
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	pango_cairo_context_set_font_options(a->ctx, fo);
	cairo_font_options_destroy(fo);
	pango_context_set_round_glyph_positions(a->ctx, FALSE);
	pango_context_set_language(a->ctx, pango_language_from_string("en"));
	pango_context_set_base_dir(a->ctx, PANGO_DIRECTION_LTR);
	a->layout = pango_layout_new(a->ctx);
	pango_layout_set_wrap(a->layout, PANGO_WRAP_WORD_CHAR);
	/* no ligatures: "fi" stays two letters of the fonts' Latin subset,
	 * instead of a glyph that needs a font subset of its own in every
	 * file, and copies out of a PDF reader as typed */
	PangoAttrList *attrs = pango_attr_list_new();
	pango_attr_list_insert(attrs, pango_attr_font_features_new("liga 0, clig 0"));
	pango_layout_set_attributes(a->layout, attrs);
	pango_attr_list_unref(attrs);
	for (int f = 0; f < NFONTS; f++)
		for (int v = 0; v < 2; v++) {
			PangoFontDescription *d =
				pango_font_description_from_string(fonts[f].desc);
			if (v & V_BOLD)
				pango_font_description_set_weight(d, PANGO_WEIGHT_BOLD);
			a->font[f][v] = d;
		}
	return AR_OK;
}

ar_status ar_pdf_assets_logo(struct ar_pdf_assets *a, const char *path)
{
	a->msg[0] = '\0';
	if (!path || !*path) {
		if (a->logo)
			cairo_surface_destroy(a->logo);
		a->logo = NULL;
		free(a->logo_path);
		a->logo_path = NULL;
		return AR_OK;
	}
	if (a->logo_path && strcmp(a->logo_path, path) == 0)
		return AR_OK;
	/* cairo tells a damaged PNG from no memory only by the signature */
	static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n',
					     0x1a, '\n'};
	unsigned char head[8];
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		snprintf(a->msg, sizeof(a->msg), "cannot read '%s': %s", path,
			 strerror(errno));
		return AR_EINPUT;
	}
	size_t n = fread(head, 1, sizeof(head), fp);
	fclose(fp);
	if (n != sizeof(head) || memcmp(head, sig, sizeof(sig)) != 0) {
		snprintf(a->msg, sizeof(a->msg), "'%s' is not a PNG image", path);
		return AR_EINPUT;
	}
	cairo_surface_t *s = cairo_image_surface_create_from_png(path);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		snprintf(a->msg, sizeof(a->msg), "cannot read '%s': a damaged "
			 "PNG image (%s)", path,
			 cairo_status_to_string(cairo_surface_status(s)));
		cairo_surface_destroy(s);
		return AR_EINPUT;
	}
	char *copy = strdup(path);
	if (!copy) {
		cairo_surface_destroy(s);
		return AR_ENOMEM;
	}
	if (a->logo)
		cairo_surface_destroy(a->logo);
	free(a->logo_path);
	a->logo = s;
	a->logo_path = copy;
	return AR_OK;
}

const char *ar_pdf_assets_errmsg(const struct ar_pdf_assets *a)
{
	return a ? a->msg : "out of memory";
}

void ar_pdf_assets_free(struct ar_pdf_assets *a)
{
	if (!a)
		return;
	for (int f = 0; f < NFONTS; f++)
		for (int v = 0; v < 2; v++)
			pango_font_description_free(a->font[f][v]);
	if (a->layout)
		g_object_unref(a->layout);
	if (a->ctx)
		g_object_unref(a->ctx);
	if (a->fontmap)
		g_object_unref(a->fontmap);
	if (a->logo)
		cairo_surface_destroy(a->logo);
	free(a->logo_path);
	free(a);
}

/* ------------------------------------------------------------------ */
/* The file and the letter in progress */

enum kind { B_HEADING, B_PARA, B_SPACE, B_HEAD, B_ROW, B_TOTAL };

struct block {
	enum kind kind;
	unsigned flags;
	int table;		/* B_HEAD, B_ROW: which table */
	size_t text, text2;	/* arena offsets; B_ROW: cells from cell0 */
	size_t cell0;
	double h;
};

struct table {
	int n;
	double x[AR_PDF_MAX_COLUMNS], w[AR_PDF_MAX_COLUMNS];
	enum ar_pdf_kind kind[AR_PDF_MAX_COLUMNS];
	size_t head;		/* its head block */
};

/* Where a block goes: its page (1..) and top. */
struct place {
	size_t block;
	int page;
	double y;
};

struct field {
	size_t label, value;
	bool strong;
};

struct ar_pdf {
	FILE *fp;
	struct ar_pdf_assets *a;
	const struct geometry *g;
	cairo_surface_t *surface;
	cairo_t *cr;
	int write_errno;
	int pages;		/* in the file so far */
	bool muted;		/* text is drawn grey */

	/* the letter in progress */
	bool open;
	char *text;		/* the arena: its strings, made safe */
	size_t len, cap;
	bool failed;
	size_t company, company_address, title, to_name, to_address[6];
	size_t running;
	struct field fields[AR_PDF_MAX_FIELDS];
	int nfields;
	struct block *blocks;
	size_t nblocks, blocks_cap;
	size_t *cells;
	size_t ncells, cells_cap;
	struct table *tables;
	int ntables, tables_cap;
	struct place *places;
	size_t nplaces, places_cap;
};

static bool grow(void **p, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return true;
	size_t n = *cap ? *cap * 2 : 64;
	while (n < need)
		n *= 2;
	void *q = realloc(*p, n * size);
	if (!q)
		return false;
	*p = q, *cap = n;
	return true;
}

/*
 * Keep s in the arena, made safe to set: bytes that are not UTF-8 become
 * U+FFFD, control and invisible characters '?', a line break a blank
 * unless lines (then "\n"; a tab is a blank either way).  NULL stays
 * NO_TEXT.
 */
static size_t keep(struct ar_pdf *p, const char *s, bool lines)
{
	if (!s)
		return NO_TEXT;
	size_t n = strlen(s), at = p->len;
	/* U+FFFD is 3 bytes for 1 */
	if (n > (SIZE_MAX - p->len) / 3 - 1 ||
	    !grow((void **)&p->text, &p->cap, p->len + n * 3 + 1, 1)) {
		p->failed = true;
		return NO_TEXT;
	}
	const unsigned char *u = (const unsigned char *)s;
	char *o = p->text + p->len;
	for (size_t i = 0; i < n;) {
		size_t k;
		unsigned c = ar__utf8_decode(u + i, n - i, &k);
		if (c == '\n' || c == 0x2028 || c == 0x2029)
			*o++ = lines ? '\n' : ' ';
		else if (c == '\t' || c == '\r')
			*o++ = ' ';
		else if (ar__unsafe_char(c))
			*o++ = '?';
		else if (c == 0xfffd)
			memcpy(o, "\xef\xbf\xbd", 3), o += 3;
		else
			memcpy(o, u + i, k), o += k;
		i += k;
	}
	*o++ = '\0';
	p->len = (size_t)(o - p->text);
	return at;
}

static const char *txt(const struct ar_pdf *p, size_t off)
{
	return off == NO_TEXT ? NULL : p->text + off;
}

static cairo_status_t write_out(void *closure, const unsigned char *data,
				unsigned int length)
{
	struct ar_pdf *p = closure;
	if (fwrite(data, 1, length, p->fp) != length) {
		if (!p->write_errno)
			p->write_errno = errno ? errno : EIO;
		return CAIRO_STATUS_WRITE_ERROR;
	}
	return CAIRO_STATUS_SUCCESS;
}

ar_status ar_pdf_new(struct ar_pdf **pp, FILE *fp, struct ar_pdf_assets *a,
		     const struct ar_pdf_info *info)
{
	struct ar_pdf *p = calloc(1, sizeof(*p));
	*pp = p;
	if (!p)
		return AR_ENOMEM;
	p->fp = fp, p->a = a;
	p->g = &papers[info->paper == AR_PDF_LETTER ? AR_PDF_LETTER : AR_PDF_A4];
	p->surface = cairo_pdf_surface_create_for_stream(write_out, p, p->g->w,
							 p->g->h);
	if (cairo_surface_status(p->surface) != CAIRO_STATUS_SUCCESS)
		return cairo_surface_status(p->surface) == CAIRO_STATUS_NO_MEMORY
			? AR_ENOMEM : AR_ELEDGER;
	/* the document's dates are the as-of date, never the clock */
	char d[AR_DATE_BUFSZ], iso[32];
	ar_date_format(d, info->created);
	snprintf(iso, sizeof(iso), "%sT00:00:00Z", d);
	cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_CREATE_DATE, iso);
	cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_CREATOR,
				       "arkit");
	if (info->title) {
		size_t t = keep(p, info->title, false);
		if (t != NO_TEXT)
			cairo_pdf_surface_set_metadata(p->surface,
				CAIRO_PDF_METADATA_TITLE, txt(p, t));
	}
	if (info->author && *info->author) {
		size_t t = keep(p, info->author, false);
		if (t != NO_TEXT)
			cairo_pdf_surface_set_metadata(p->surface,
				CAIRO_PDF_METADATA_AUTHOR, txt(p, t));
	}
	p->len = 0;
	if (p->failed)
		return AR_ENOMEM;
	p->cr = cairo_create(p->surface);
	if (cairo_status(p->cr) != CAIRO_STATUS_SUCCESS)
		return AR_ENOMEM;
	return AR_OK;
}

static ar_status cairo_fail(struct ar_pdf *p)
{
	cairo_status_t cs = cairo_surface_status(p->surface);
	if (cs == CAIRO_STATUS_SUCCESS)
		cs = cairo_status(p->cr);
	if (cs == CAIRO_STATUS_SUCCESS)
		return AR_OK;
	if (cs == CAIRO_STATUS_NO_MEMORY)
		return AR_ENOMEM;
	if (!p->write_errno)
		p->write_errno = EIO;
	return AR_ELEDGER;
}

ar_status ar_pdf_finish(struct ar_pdf *p)
{
	cairo_destroy(p->cr);
	p->cr = NULL;
	cairo_surface_finish(p->surface);
	cairo_status_t cs = cairo_surface_status(p->surface);
	if (cs == CAIRO_STATUS_NO_MEMORY)
		return AR_ENOMEM;
	if (cs != CAIRO_STATUS_SUCCESS || fflush(p->fp) != 0 || ferror(p->fp)) {
		if (!p->write_errno)
			p->write_errno = errno ? errno : EIO;
		return AR_ELEDGER;
	}
	return AR_OK;
}

int ar_pdf_errno(const struct ar_pdf *p)
{
	return p ? p->write_errno : 0;
}

int ar_pdf_pages(const struct ar_pdf *p)
{
	return p->pages;
}

void ar_pdf_free(struct ar_pdf *p)
{
	if (!p)
		return;
	if (p->cr)
		cairo_destroy(p->cr);
	if (p->surface)
		cairo_surface_destroy(p->surface);
	free(p->text);
	free(p->blocks);
	free(p->cells);
	free(p->tables);
	free(p->places);
	free(p);
}

/* ------------------------------------------------------------------ */
/* Setting text */

/*
 * Set text in the layout: font f (variant v), wrapped to width (0: one
 * line per line of the text), at most maxlines lines per paragraph with
 * "..." at the end of the last (0: any number).
 */
static PangoLayout *set(struct ar_pdf *p, enum font f, int v, const char *text,
			double width, int maxlines, PangoAlignment align)
{
	PangoLayout *L = p->a->layout;
	pango_layout_set_font_description(L, p->a->font[f][v]);
	pango_layout_set_width(L, width > 0 ? (int)(width * PANGO_SCALE) : -1);
	pango_layout_set_ellipsize(L, maxlines > 0 && width > 0
				   ? PANGO_ELLIPSIZE_END : PANGO_ELLIPSIZE_NONE);
	pango_layout_set_height(L, maxlines > 0 ? -maxlines : -1);
	pango_layout_set_alignment(L, align);
	pango_layout_set_text(L, text ? text : "", -1);
	return L;
}

static void extents(PangoLayout *L, double *w, double *h)
{
	PangoRectangle r;
	pango_layout_get_extents(L, NULL, &r);
	if (w)
		*w = (double)r.width / PANGO_SCALE;
	if (h)
		*h = (double)r.height / PANGO_SCALE;
}

static double height(struct ar_pdf *p, enum font f, int v, const char *text,
		     double width, int maxlines)
{
	double h;
	if (!text || !*text)
		return 0;
	extents(set(p, f, v, text, width, maxlines, PANGO_ALIGN_LEFT), NULL, &h);
	return h;
}

static void grey(struct ar_pdf *p, double g)
{
	cairo_set_source_rgb(p->cr, g, g, g);
}

/* Draw what the layout holds with its top left at x, y (in grey when
 * p->muted). */
static void show(struct ar_pdf *p, PangoLayout *L, enum font f, double x,
		 double y)
{
	grey(p, p->muted && fonts[f].grey < 0.33 ? 0.33 : fonts[f].grey);
	cairo_move_to(p->cr, x, y);
	pango_cairo_show_layout(p->cr, L);
}

/* Draw text; returns its height. */
static double draw(struct ar_pdf *p, enum font f, int v, const char *text,
		   double x, double y, double width, int maxlines,
		   PangoAlignment align)
{
	double h;
	if (!text || !*text)
		return 0;
	PangoLayout *L = set(p, f, v, text, width, maxlines, align);
	extents(L, NULL, &h);
	show(p, L, f, x, y);
	return h;
}

/*
 * One line of text that is never wrapped nor cut (an amount, a date):
 * set smaller when wider than width.  *w its width; returns its height.
 * With draw, drawn right-aligned at x + width (left-aligned when !right).
 */
static double fitted(struct ar_pdf *p, enum font f, int v, const char *text,
		     double x, double y, double width, bool right, bool drawn,
		     double *wp)
{
	double w, h;
	PangoLayout *L = set(p, f, v, text, 0, 0, PANGO_ALIGN_LEFT);
	PangoFontDescription *small = NULL;
	extents(L, &w, &h);
	if (w > width && width > 0) {
		small = pango_font_description_copy(p->a->font[f][v]);
		double size = pango_font_description_get_size(small) * width / w;
		pango_font_description_set_size(small, (gint)size);
		pango_layout_set_font_description(L, small);
		extents(L, &w, NULL);	/* the line keeps its height */
	}
	if (drawn)
		show(p, L, f, right ? x + width - w : x, y);
	if (small) {
		pango_layout_set_font_description(L, p->a->font[f][v]);
		pango_font_description_free(small);
	}
	if (wp)
		*wp = w;
	return h;
}

static void line(struct ar_pdf *p, double x0, double y0, double x1, double y1,
		 double width, double g)
{
	cairo_set_line_width(p->cr, width);
	grey(p, g);
	cairo_move_to(p->cr, x0, y0);
	cairo_line_to(p->cr, x1, y1);
	cairo_stroke(p->cr);
}

/* ------------------------------------------------------------------ */
/* Building a letter */

ar_status ar_pdf_letter_begin(struct ar_pdf *p, const struct ar_pdf_letter *l)
{
	if (p->open)
		return AR_EUSAGE;
	p->open = true;
	p->len = 0;
	p->failed = false;
	p->nblocks = p->ncells = p->nplaces = 0;
	p->ntables = 0;
	p->company = keep(p, l->company_name ? l->company_name : "", false);
	p->company_address = keep(p, l->company_address ? l->company_address : "",
				  true);
	p->title = keep(p, l->title ? l->title : "", false);
	p->to_name = keep(p, l->to_name ? l->to_name : "", false);
	for (int i = 0; i < 6; i++)
		p->to_address[i] = l->to_address[i]
			? keep(p, l->to_address[i], false) : NO_TEXT;
	for (int i = 1; i < 6; i++)	/* none after a NULL */
		if (p->to_address[i - 1] == NO_TEXT)
			p->to_address[i] = NO_TEXT;
	p->nfields = 0;
	for (int i = 0; i < AR_PDF_MAX_FIELDS && l->fields[i].label; i++) {
		p->fields[i].label = keep(p, l->fields[i].label, false);
		p->fields[i].value = keep(p, l->fields[i].value, false);
		p->fields[i].strong = l->fields[i].strong;
		p->nfields++;
	}
	p->running = keep(p, l->running ? l->running : "", false);
	return p->failed ? AR_ENOMEM : AR_OK;
}

static double body_width(const struct ar_pdf *p)
{
	return p->g->w - p->g->left - p->g->right;
}

static struct block *add_block(struct ar_pdf *p, enum kind k, unsigned flags)
{
	if (!p->open || !grow((void **)&p->blocks, &p->blocks_cap,
			      p->nblocks + 1, sizeof(*p->blocks)))
		return NULL;
	struct block *b = &p->blocks[p->nblocks++];
	memset(b, 0, sizeof(*b));
	b->kind = k, b->flags = flags, b->table = -1;
	b->text = b->text2 = NO_TEXT;
	return b;
}

static ar_status added(struct ar_pdf *p, struct block *b)
{
	if (!b)
		return p->open ? AR_ENOMEM : AR_EUSAGE;
	return p->failed ? AR_ENOMEM : AR_OK;
}

#define HEADING_ABOVE 10.0
#define HEADING_BELOW 4.0

static double heading_h(struct ar_pdf *p, const struct block *b, bool drawn,
			double y)
{
	double h = drawn
		? draw(p, F_HEADING, 0, txt(p, b->text), p->g->left,
		       y + HEADING_ABOVE, body_width(p), 3, PANGO_ALIGN_LEFT)
		: height(p, F_HEADING, 0, txt(p, b->text), body_width(p), 3);
	return HEADING_ABOVE + h + HEADING_BELOW;
}

ar_status ar_pdf_heading(struct ar_pdf *p, const char *text)
{
	struct block *b = add_block(p, B_HEADING, AR_PDF_KEEP);
	if (b) {
		b->text = keep(p, text, false);
		b->h = heading_h(p, b, false, 0);
	}
	return added(p, b);
}

#define NOTE_PAD 6.0
#define PARA_BELOW 5.0

static int variant(unsigned flags)
{
	return flags & AR_PDF_STRONG ? V_BOLD : 0;
}

static double para_h(struct ar_pdf *p, const struct block *b, bool drawn,
		     double y)
{
	bool note = b->flags & AR_PDF_NOTE;
	double pad = note ? NOTE_PAD : 0, w = body_width(p) - 2 * pad;
	PangoAlignment al = b->flags & AR_PDF_RIGHT ? PANGO_ALIGN_RIGHT
						    : PANGO_ALIGN_LEFT;
	double h = height(p, F_BODY, variant(b->flags), txt(p, b->text), w, 40);
	if (drawn) {
		if (note) {
			grey(p, 0.95);
			cairo_rectangle(p->cr, p->g->left, y, body_width(p),
					h + 2 * pad);
			cairo_fill(p->cr);
			line(p, p->g->left, y, p->g->left, y + h + 2 * pad, 2, 0.6);
		}
		p->muted = b->flags & AR_PDF_MUTED;
		draw(p, F_BODY, variant(b->flags), txt(p, b->text),
		     p->g->left + pad, y + pad, w, 40, al);
		p->muted = false;
	}
	return h + 2 * pad + PARA_BELOW;
}

ar_status ar_pdf_paragraph(struct ar_pdf *p, const char *text,
			   unsigned flags)
{
	struct block *b = add_block(p, B_PARA, flags);
	if (b) {
		b->text = keep(p, text, true);
		b->h = para_h(p, b, false, 0);
	}
	return added(p, b);
}

ar_status ar_pdf_space(struct ar_pdf *p, double pt)
{
	struct block *b = add_block(p, B_SPACE, 0);
	if (b)
		b->h = pt;
	return added(p, b);
}

/* ------------------------------------------------------------------ */
/* Tables */

#define CELL_PADX 2.5
#define CELL_PADY 2.2
#define CELL_LINES 12		/* a cell is never taller */
#define MUTED_LINES 6

/* The columns a cell covers: from i up to the next non-NULL cell. */
static int span(const struct ar_pdf *p, const struct block *b, int i, int n)
{
	int k = i + 1;
	while (k < n && p->cells[b->cell0 + (size_t)k] == NO_TEXT)
		k++;
	return k - i;
}

/* The height of a row or head; drawn at y when drawn. */
static double row_h(struct ar_pdf *p, const struct block *b, bool drawn,
		    double y)
{
	const struct table *t = &p->tables[b->table];
	bool head = b->kind == B_HEAD;
	int v = variant(b->flags);
	double h = 0;
	p->muted = b->flags & AR_PDF_MUTED;
	for (int i = 0; i < t->n;) {
		const char *s = txt(p, p->cells[b->cell0 + (size_t)i]);
		int k = span(p, b, i, t->n);
		double w = t->x[i + k - 1] + t->w[i + k - 1] - t->x[i];
		double x = t->x[i] + CELL_PADX, cw = w - 2 * CELL_PADX;
		double ch;
		enum ar_pdf_kind kd = t->kind[i];
		enum font f = head ? F_HEAD : kd == AR_PDF_DESC ? F_MUTED : F_CELL;
		if (!s || !*s) {
			ch = 0;
		} else if ((kd == AR_PDF_NUMBER || kd == AR_PDF_FIXED) && !head &&
			   k == 1) {
			ch = fitted(p, f, v, s, x, y + CELL_PADY, cw,
				    kd == AR_PDF_NUMBER, drawn, NULL);
		} else {
			PangoAlignment al = kd == AR_PDF_NUMBER && k == 1
				? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT;
			int max = f == F_MUTED ? MUTED_LINES : CELL_LINES;
			ch = drawn ? draw(p, f, head ? 0 : v, s, x, y + CELL_PADY,
					  cw, max, al)
				   : height(p, f, head ? 0 : v, s, cw, max);
		}
		if (ch > h)
			h = ch;
		i += k;
	}
	p->muted = false;
	if (h == 0)
		h = height(p, F_CELL, 0, "0", 0, 0);
	h += 2 * CELL_PADY;
	if (drawn) {
		double x0 = t->x[0], x1 = t->x[t->n - 1] + t->w[t->n - 1];
		if (head)
			line(p, x0, y + h, x1, y + h, 0.6, 0.45);
		else if (b->flags & AR_PDF_RULE)
			line(p, x0, y, x1, y, 0.9, 0.11);
		else
			line(p, x0, y + h, x1, y + h, 0.3, 0.82);
	}
	return h;
}

ar_status ar_pdf_table(struct ar_pdf *p, const struct ar_pdf_column *cols,
		       int n, unsigned flags)
{
	if (!p->open || n < 1 || n > AR_PDF_MAX_COLUMNS)
		return AR_EUSAGE;
	size_t cap = (size_t)p->tables_cap;
	if (!grow((void **)&p->tables, &cap, (size_t)p->ntables + 1,
		  sizeof(*p->tables)) ||
	    !grow((void **)&p->cells, &p->cells_cap, p->ncells + (size_t)n,
		  sizeof(*p->cells)))
		return AR_ENOMEM;
	p->tables_cap = (int)cap;
	struct table *t = &p->tables[p->ntables];
	double fixed = 0;
	int shares = 0;
	for (int i = 0; i < n; i++) {
		if (cols[i].width > 0)
			fixed += MM(cols[i].width);
		else
			shares++;
	}
	double rest = body_width(p) - fixed, x = p->g->left;
	if (rest < 0)
		rest = 0;
	t->n = n;
	for (int i = 0; i < n; i++) {
		t->x[i] = x;
		t->w[i] = cols[i].width > 0 ? MM(cols[i].width) : rest / shares;
		t->kind[i] = cols[i].kind;
		x += t->w[i];
	}
	size_t c0 = p->ncells;
	for (int i = 0; i < n; i++)
		p->cells[p->ncells++] = keep(p, cols[i].title ? cols[i].title : "",
					     false);
	struct block *b = add_block(p, B_HEAD, flags | AR_PDF_KEEP);
	if (!b)
		return AR_ENOMEM;
	b->table = p->ntables++;
	b->cell0 = c0;
	t->head = p->nblocks - 1;
	b->h = row_h(p, b, false, 0);
	return added(p, b);
}

ar_status ar_pdf_row(struct ar_pdf *p, const char *const *cells,
		     unsigned flags)
{
	if (!p->open || p->ntables == 0)
		return AR_EUSAGE;
	struct table *t = &p->tables[p->ntables - 1];
	if (!grow((void **)&p->cells, &p->cells_cap, p->ncells + (size_t)t->n,
		  sizeof(*p->cells)))
		return AR_ENOMEM;
	size_t c0 = p->ncells;
	for (int i = 0; i < t->n; i++)
		p->cells[p->ncells++] = i == 0 && !cells[i] ? keep(p, "", false)
					: keep(p, cells[i], false);
	struct block *b = add_block(p, B_ROW, flags);
	if (b) {
		b->table = p->ntables - 1;
		b->cell0 = c0;
		b->h = row_h(p, b, false, 0);
	}
	return added(p, b);
}

#define TOTAL_PAD 5.0

static double total_h(struct ar_pdf *p, const struct block *b, bool drawn,
		      double y)
{
	double lw, lh, vw, vh, right = p->g->w - p->g->right;
	fitted(p, F_TOTAL, 0, txt(p, b->text2), 0, 0, body_width(p) / 2, true,
	       false, &vw);
	vh = height(p, F_TOTAL, 0, txt(p, b->text2), 0, 0);
	PangoLayout *L = set(p, F_TOTAL_LABEL, 0, txt(p, b->text),
			     body_width(p) / 2 - 3 * TOTAL_PAD, 2,
			     PANGO_ALIGN_RIGHT);
	extents(L, &lw, &lh);
	double boxh = (vh > lh ? vh : lh) + 2 * TOTAL_PAD;
	if (drawn) {
		double bx = right - vw - 2 * TOTAL_PAD;
		cairo_set_line_width(p->cr, 1.2);
		grey(p, 0.11);
		cairo_rectangle(p->cr, bx, y + 4, vw + 2 * TOTAL_PAD, boxh);
		cairo_stroke(p->cr);
		fitted(p, F_TOTAL, 0, txt(p, b->text2), bx + TOTAL_PAD,
		       y + 4 + TOTAL_PAD, body_width(p) / 2, false, true, NULL);
		draw(p, F_TOTAL_LABEL, 0, txt(p, b->text),
		     bx - body_width(p) / 2 + 2 * TOTAL_PAD,
		     y + 4 + (boxh - lh) / 2, body_width(p) / 2 - 3 * TOTAL_PAD,
		     2, PANGO_ALIGN_RIGHT);
	}
	return boxh + 8;
}

ar_status ar_pdf_total(struct ar_pdf *p, const char *label, const char *value)
{
	struct block *b = add_block(p, B_TOTAL, 0);
	if (b) {
		b->text = keep(p, label, false);
		b->text2 = keep(p, value, false);
		b->h = total_h(p, b, false, 0);
	}
	return added(p, b);
}

/* ------------------------------------------------------------------ */
/* The frame: letterhead, window, fields; running head; slip; marks */

/* The fields, with "Page N of M" after them, from y; returns the bottom. */
static double draw_fields(struct ar_pdf *p, const struct field *fs, int n,
			  double x, double right, double y, double label_w,
			  int page, int pages, bool drawn, bool slip)
{
	char pg[48];
	snprintf(pg, sizeof(pg), "%d of %d", page, pages);
	for (int i = 0; i <= n; i++) {
		if (i == n && slip)
			break;
		const char *label = i < n ? txt(p, fs[i].label) : "Page";
		const char *value = i < n ? txt(p, fs[i].value) : pg;
		bool strong = i < n && fs[i].strong;
		double vw = right - x - label_w, lh, vh;
		enum font vf = strong ? F_STRONG : F_VALUE;
		lh = drawn ? draw(p, F_LABEL, 0, label, x, y + (strong ? 2 : 0),
				  label_w - 4, 2, PANGO_ALIGN_LEFT)
			   : height(p, F_LABEL, 0, label, label_w - 4, 2);
		if (!value) {		/* a blank to write on */
			vh = 18;
			if (drawn)
				line(p, x + label_w, y + lh + 1, right, y + lh + 1,
				     0.6, 0.11);
		} else if (slip || !strong) {
			PangoAlignment al = slip ? PANGO_ALIGN_LEFT : PANGO_ALIGN_RIGHT;
			vh = drawn ? draw(p, vf, 0, value, x + label_w, y, vw, 3, al)
				   : height(p, vf, 0, value, vw, 3);
		} else {
			vh = fitted(p, vf, 0, value, x + label_w, y, vw, true,
				    drawn, NULL);
		}
		y += (lh > vh ? lh : vh) + 3;
	}
	return y;
}

/* Fit the addressee into the window: the largest size of 10, 9, 8, 7
 * points whose lines fit.  Returns the bottom. */
static double draw_window(struct ar_pdf *p, bool drawn)
{
	const struct geometry *g = p->g;
	double x = g->win_x + 2, w = g->win_w - 4, y = g->win_y + 2;
	char sender[1024];
	size_t o = 0;

	/* the sender on one line, as the window shows it */
	const char *parts[2] = {txt(p, p->company), txt(p, p->company_address)};
	for (int i = 0; i < 2; i++)
		for (const char *s = parts[i]; *s && o + 8 < sizeof(sender); s++) {
			if (o && (s == parts[i] || *s == '\n')) {
				memcpy(sender + o, " \xc2\xb7 ", 4);
				o += 4;
				if (*s == '\n')
					continue;
			}
			sender[o++] = *s;
		}
	sender[o] = '\0';
	double sw, sh = 0;
	if (o) {
		sh = fitted(p, F_SENDER, 0, sender, x, y, w, false, drawn, &sw);
		if (drawn)
			line(p, x, y + sh + 0.8, x + sw, y + sh + 0.8, 0.3, 0.33);
		sh += 3;
	}
	y += sh + (g == &papers[AR_PDF_A4] ? MM(4) : MM(1.5));
	double room = g->win_y + g->win_h - y;
	PangoFontDescription *name = NULL, *to = NULL;
	double h = 0;
	for (int size = 10; size >= 7; size--) {
		if (name) {
			pango_font_description_free(name);
			pango_font_description_free(to);
		}
		name = pango_font_description_copy(p->a->font[F_NAME][0]);
		to = pango_font_description_copy(p->a->font[F_TO][0]);
		pango_font_description_set_size(name, size * PANGO_SCALE);
		pango_font_description_set_size(to, size * PANGO_SCALE);
		h = 0;
		for (int i = -1; i < 6; i++) {
			const char *s = i < 0 ? txt(p, p->to_name)
					      : txt(p, p->to_address[i]);
			if (!s)
				break;
			PangoLayout *L = set(p, F_TO, 0, s, w, i < 0 ? 3 : 2,
					     PANGO_ALIGN_LEFT);
			pango_layout_set_font_description(L, i < 0 ? name : to);
			double lh;
			extents(L, NULL, &lh);
			h += lh;
		}
		if (h <= room)
			break;
	}
	if (drawn) {
		double yy = y;
		for (int i = -1; i < 6; i++) {
			const char *s = i < 0 ? txt(p, p->to_name)
					      : txt(p, p->to_address[i]);
			if (!s)
				break;
			PangoLayout *L = set(p, F_TO, 0, s, w, i < 0 ? 3 : 2,
					     PANGO_ALIGN_LEFT);
			pango_layout_set_font_description(L, i < 0 ? name : to);
			double lh;
			extents(L, NULL, &lh);
			show(p, L, F_TO, x, yy);
			yy += lh;
		}
	}
	pango_font_description_free(name);
	pango_font_description_free(to);
	return y + h;
}

/* The first page's head; returns where its body starts. */
static double first_page(struct ar_pdf *p, int pages, bool drawn)
{
	const struct geometry *g = p->g;
	double right = g->w - g->right, y = g->top, bottom = y;
	double cx = g->left;

	if (p->a->logo) {
		cairo_surface_t *s = p->a->logo;
		double iw = cairo_image_surface_get_width(s);
		double ih = cairo_image_surface_get_height(s);
		double maxw = MM(50), maxh = MM(20);
		double k = maxw / iw < maxh / ih ? maxw / iw : maxh / ih;
		if (drawn && iw > 0 && ih > 0) {
			cairo_save(p->cr);
			cairo_translate(p->cr, g->left, y);
			cairo_scale(p->cr, k, k);
			cairo_set_source_surface(p->cr, s, 0, 0);
			cairo_paint(p->cr);
			cairo_restore(p->cr);
		}
		cx += iw * k + MM(5);
		bottom = y + ih * k;
	}
	double cw = g->info_x - MM(6) - cx;
	double h = drawn ? draw(p, F_COMPANY, 0, txt(p, p->company), cx, y, cw, 2,
				PANGO_ALIGN_LEFT)
			 : height(p, F_COMPANY, 0, txt(p, p->company), cw, 2);
	h += drawn ? draw(p, F_ADDR, 0, txt(p, p->company_address), cx, y + h + 1,
			  cw, 5, PANGO_ALIGN_LEFT)
		   : height(p, F_ADDR, 0, txt(p, p->company_address), cw, 5);
	if (y + h > bottom)
		bottom = y + h;
	double tw = right - g->info_x;
	h = drawn ? draw(p, F_TITLE, 0, txt(p, p->title), g->info_x, y, tw, 2,
			 PANGO_ALIGN_RIGHT)
		  : height(p, F_TITLE, 0, txt(p, p->title), tw, 2);
	if (y + h > bottom)
		bottom = y + h;
	double rule = g->win_y - MM(3);
	if (bottom + 2 > rule)
		rule = bottom + 2;
	if (drawn)
		line(p, g->left, rule, right, rule, 1.2, 0.11);

	double wb = draw_window(p, drawn);
	double fy = g->win_y + 2 > rule + MM(3) ? g->win_y + 2 : rule + MM(3);
	double fb = draw_fields(p, p->fields, p->nfields, g->info_x, right, fy,
				(right - g->info_x) * 0.42, 1, pages, drawn, false);
	double start = g->win_y + g->win_h;
	if (wb > start)
		start = wb;
	if (fb > start)
		start = fb;
	return start + MM(6);
}

/* The head of the pages after the first; returns where the body starts. */
static double next_page(struct ar_pdf *p, int page, int pages, bool drawn)
{
	const struct geometry *g = p->g;
	double right = g->w - g->right, w = body_width(p), y = g->top;
	char pg[64];
	snprintf(pg, sizeof(pg), "Page %d of %d", page, pages);
	double hl, hr, pw, rw;
	fitted(p, F_LABEL, 0, pg, right - w / 4, y, w / 4, true, drawn, &pw);
	rw = w * 0.58 - pw - MM(4);
	if (drawn) {
		hl = draw(p, F_BODY, V_BOLD, txt(p, p->company), g->left, y,
			  w * 0.4, 1, PANGO_ALIGN_LEFT);
		hr = draw(p, F_LABEL, 0, txt(p, p->running), g->left + w * 0.42, y,
			  rw, 2, PANGO_ALIGN_RIGHT);
	} else {
		hl = height(p, F_BODY, V_BOLD, txt(p, p->company), w * 0.4, 1);
		hr = height(p, F_LABEL, 0, txt(p, p->running), rw, 2);
	}
	double h = hl > hr ? hl : hr;
	if (h < 11)
		h = 11;
	if (drawn)
		line(p, g->left, y + h + 3, right, y + h + 3, 0.6, 0.45);
	return y + h + 3 + MM(5);
}

#define SLIP_ABOVE MM(8)	/* from the cut line to the slip's title */

/*
 * The slip below a cut line at top; returns its height from the cut line
 * to its last line.  Measured (not drawn) first, so that the slip is only
 * as tall as it needs and sits at the foot of the page.
 */
static double draw_slip(struct ar_pdf *p, const struct ar_pdf_slip *s,
			double top, bool drawn)
{
	const struct geometry *g = p->g;
	double right = g->w - g->right, lw = g->info_x - g->left - MM(6);
	struct field fs[AR_PDF_MAX_FIELDS];
	int n = 0;

	size_t note = keep(p, s->note, false);
	size_t title = keep(p, s->title, false);
	size_t to = keep(p, s->send_to, true);
	for (int i = 0; i < AR_PDF_MAX_FIELDS && s->fields[i].label; i++) {
		fs[n].label = keep(p, s->fields[i].label, false);
		fs[n].value = keep(p, s->fields[i].value, false);
		fs[n].strong = s->fields[i].strong;
		n++;
	}
	if (p->failed)
		return 0;
	if (drawn) {
		/* the cut line across the sheet */
		static const double dash[] = {3, 2};
		cairo_set_dash(p->cr, dash, 2, 0);
		line(p, MM(8), top, g->w - MM(8), top, 0.6, 0.45);
		cairo_set_dash(p->cr, NULL, 0, 0);
		draw(p, F_SMALL, 0, txt(p, note), g->left, top + 3, body_width(p),
		     1, PANGO_ALIGN_CENTER);
	}
	double y = top + SLIP_ABOVE;
	y += (drawn ? draw(p, F_HEADING, 0, txt(p, title), g->left, y, lw, 1,
			   PANGO_ALIGN_LEFT)
		    : height(p, F_HEADING, 0, txt(p, title), lw, 1)) + 6;
	y = draw_fields(p, fs, n, g->left, g->info_x - MM(8), y, MM(36), 0, 0,
			drawn, true);
	if (to != NO_TEXT && *txt(p, to)) {
		double ty = top + SLIP_ABOVE, w = right - g->info_x;
		const char *tl = s->send_to_label ? s->send_to_label
						  : "Please remit to";
		ty += (drawn ? draw(p, F_LABEL, 0, tl, g->info_x, ty, w, 1,
				    PANGO_ALIGN_LEFT)
			     : height(p, F_LABEL, 0, tl, w, 1)) + 3;
		ty += drawn ? draw(p, F_TO, 0, txt(p, to), g->info_x, ty, w, 8,
				   PANGO_ALIGN_LEFT)
			    : height(p, F_TO, 0, txt(p, to), w, 8);
		if (ty > y)
			y = ty;
	}
	return y - top;
}

/* Where the cut line of the slip goes: as low as the slip allows, never
 * higher than the geometry's slip height from the foot. */
static double slip_top(struct ar_pdf *p, const struct ar_pdf_slip *s)
{
	const struct geometry *g = p->g;
	double top = g->h - g->bottom - draw_slip(p, s, 0, false);
	return top < g->h - g->slip_h ? top : g->h - g->slip_h;
}

/* Fold marks (and A4's punch mark) at the left edge. */
static void marks(struct ar_pdf *p)
{
	const struct geometry *g = p->g;
	for (int i = 0; i < 2; i++)
		line(p, MM(4), g->fold[i], MM(8), g->fold[i], 0.4, 0.5);
	if (g->punch > 0)
		line(p, MM(4), g->punch, MM(10), g->punch, 0.4, 0.5);
}

/* ------------------------------------------------------------------ */
/* Pages */

static bool place(struct ar_pdf *p, size_t block, int page, double y)
{
	if (!grow((void **)&p->places, &p->places_cap, p->nplaces + 1,
		  sizeof(*p->places)))
		return false;
	p->places[p->nplaces++] = (struct place){block, page, y};
	return true;
}

/*
 * Put the blocks on pages: each where the last ended, or at the top of
 * the next page when it does not fit, together with what it is kept with
 * (a heading with its table's head, the head with its first row, a row
 * marked KEEP with the next).  A table's head is drawn again above its
 * rows on a new page.  Returns the number of pages; 0 when out of memory.
 */
static int paginate(struct ar_pdf *p, const struct ar_pdf_slip *slip)
{
	const struct geometry *g = p->g;
	double top1 = first_page(p, 1, false), topn = next_page(p, 2, 2, false);
	double bottom = g->h - g->bottom, y = top1, top = top1;
	int page = 1;

	for (size_t i = 0; i < p->nblocks; i++) {
		const struct block *b = &p->blocks[i];
		if (b->kind == B_SPACE && y == top)
			continue;
		double need = b->h;
		for (size_t j = i; j + 1 < p->nblocks &&
		     (p->blocks[j].flags & AR_PDF_KEEP) &&
		     need + p->blocks[j + 1].h <= bottom - topn; j++)
			need += p->blocks[j + 1].h;
		if (y + need > bottom && y > top) {
			page++;
			y = top = topn;
			if (b->kind == B_ROW) {
				size_t head = p->tables[b->table].head;
				if (!place(p, head, page, y))
					return 0;
				y += p->blocks[head].h;
			}
		}
		if (!place(p, i, page, y))
			return 0;
		y += b->h;
	}
	if (slip && y > slip_top(p, slip) - MM(4))
		page++;
	return page;
}

static void draw_block(struct ar_pdf *p, const struct block *b, double y)
{
	switch (b->kind) {
	case B_HEADING: heading_h(p, b, true, y); break;
	case B_PARA: para_h(p, b, true, y); break;
	case B_HEAD:
	case B_ROW: row_h(p, b, true, y); break;
	case B_TOTAL: total_h(p, b, true, y); break;
	case B_SPACE: break;
	}
}

ar_status ar_pdf_letter_end(struct ar_pdf *p, const struct ar_pdf_slip *slip)
{
	if (!p->open)
		return AR_EUSAGE;
	p->open = false;
	if (p->failed)
		return AR_ENOMEM;
	int pages = paginate(p, slip);
	if (pages == 0)
		return AR_ENOMEM;
	size_t k = 0;
	for (int page = 1; page <= pages; page++) {
		if (page == 1)
			first_page(p, pages, true);
		else
			next_page(p, page, pages, true);
		for (; k < p->nplaces && p->places[k].page == page; k++)
			draw_block(p, &p->blocks[p->places[k].block],
				   p->places[k].y);
		if (page == pages && slip)
			draw_slip(p, slip, slip_top(p, slip), true);
		marks(p);
		cairo_show_page(p->cr);
		p->pages++;
		ar_status st = cairo_fail(p);
		if (st != AR_OK)
			return st;
	}
	return p->failed ? AR_ENOMEM : AR_OK;
}
