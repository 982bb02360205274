/*
 * csv.h - reading CSV input strictly, writing csv/tsv/json/table output.
 *
 * The reader sits on libcsv in strict mode and adds what a ledger needs:
 * line numbers for every record, a UTF-8 BOM skipped, LF, CRLF or CR line
 * ends, NUL bytes, invalid UTF-8, fields over 64 KiB, unterminated quotes
 * and short or long rows reported with file and line, and the SHA-256 of
 * the bytes read.
 */
#ifndef AR_CSV_H
#define AR_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ar/date.h"
#include "ar/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The longest field accepted. */
#define AR_CSV_FIELD_MAX (64 * 1024)

struct ar_csv_reader;

/*
 * Open path for reading ("-" or NULL: stdin).  name is what messages call
 * the file (borrowed for the reader's life; NULL: path, or "stdin").
 * @return AR_OK, AR_ELEDGER when the file cannot be opened (the reason is
 *	   in errno), AR_ENOMEM
 */
ar_status ar_csv_reader_open(struct ar_csv_reader **rp, const char *path,
			     const char *name);

/*
 * A reader of one record given as text: spec is KEY=VALUE pairs
 * separated by commas (a comma or backslash in a value written \, or
 * \\), read as a file of a header line of the keys and one line of the
 * values, named name in messages (borrowed).  Like a file, it is hashed:
 * the same record given twice is the same file.
 *	ar_csv_reader_open_record(&r, "credit_no=CM-7,amount=50.00", "--row")
 * @return AR_OK, AR_EUSAGE (a pair without a key and '='), AR_ELEDGER
 *	   (no temporary file: errno says why), AR_ENOMEM
 */
ar_status ar_csv_reader_open_record(struct ar_csv_reader **rp,
				    const char *spec, const char *name);

/* Close and free; NULL is fine. */
void ar_csv_reader_free(struct ar_csv_reader *r);

/*
 * Read the next record.
 * @return AR_OK with a record (which may carry a row error, see
 *	   ar_csv_row_error()); AR_ENOTFOUND at the end of the input;
 *	   AR_EINPUT on an error after which the file cannot be read on
 *	   (unterminated quote, malformed quoting, field over 64 KiB);
 *	   AR_ELEDGER on a read error.  The message is ar_csv_errmsg().
 */
ar_status ar_csv_next(struct ar_csv_reader *r);

/*
 * The field delimiter: ',' (the default), ';', '\t' or '|'; 0 tells it
 * from the file's first line: the one of ',', ';' and '\t' found most
 * often there outside quotes, a tie going in that order, ',' when there
 * is none.  Call before the first ar_csv_next().
 * @return AR_OK, AR_EUSAGE for another character
 */
ar_status ar_csv_set_delimiter(struct ar_csv_reader *r, char c);

/*
 * The input's character encoding: "utf-8" (the default; UTF-16 is told
 * by its byte order mark), "cp1252" (or "windows-1252", what Excel and
 * older accounting packages save on Windows) or "latin1" (or
 * "iso-8859-1"), converted to UTF-8 with iconv(3) as it is read; case
 * does not matter.  The SHA-256 is of the bytes of the file as they are.
 * Call before the first ar_csv_next().
 * @return AR_OK, AR_EUSAGE for another name, AR_ENOMEM
 */
ar_status ar_csv_set_encoding(struct ar_csv_reader *r, const char *name);

/* Is name an encoding ar_csv_set_encoding() takes? */
bool ar_csv_encoding_valid(const char *name);

/* The delimiter in use: once a record has been read, the one told. */
char ar_csv_delimiter(const struct ar_csv_reader *r);

/*
 * Records after this must have n fields (the header's count); a record
 * with another count carries a row error.
 */
void ar_csv_expect_fields(struct ar_csv_reader *r, size_t n);

/* Number of fields of the current record. */
size_t ar_csv_nfields(const struct ar_csv_reader *r);

/* Field i (NUL-terminated; borrowed until the next ar_csv_next()). */
const char *ar_csv_field(const struct ar_csv_reader *r, size_t i, size_t *len);

/* The line the current record starts on (1 = first line of the file). */
long ar_csv_line(const struct ar_csv_reader *r);

/*
 * What is wrong with the current record as a whole (wrong field count,
 * NUL byte, invalid UTF-8), or NULL when nothing is.
 */
const char *ar_csv_row_error(const struct ar_csv_reader *r);

/* The message of the last error (borrowed until the next call). */
const char *ar_csv_errmsg(const struct ar_csv_reader *r);

/* The display name given at open. */
const char *ar_csv_name(const struct ar_csv_reader *r);

/*
 * SHA-256 of every byte read so far, as 64 hex digits; meaningful once
 * ar_csv_next() has returned AR_ENOTFOUND.
 */
void ar_csv_sha256(struct ar_csv_reader *r, char hex[65]);

/*
 * SHA-256 of the whole input, read ahead without moving the reader, when
 * the input is a regular file.
 * @return AR_OK, AR_ENOTFOUND (not a regular file), AR_ELEDGER (read error)
 */
ar_status ar_csv_file_sha256(struct ar_csv_reader *r, char hex[65]);

/* Bytes read so far (for progress). */
uint64_t ar_csv_bytes(const struct ar_csv_reader *r);

/* Size of the input when it is a regular file, else 0. */
uint64_t ar_csv_size(const struct ar_csv_reader *r);

/*
 * Normalise a column name for matching: lower case, without white space
 * (no-break spaces and byte order marks too) and ASCII punctuation
 * ("Account No." is "accountno", "Invoice #" is "invoice").  Writes
 * at most outsz-1 bytes and a NUL; a name of nothing else becomes "".
 * A column named "" has no name.
 */
void ar_csv_normalize(const char *name, char *out, size_t outsz);

/* ------------------------------------------------------------------ */
/* Output */

enum ar_format {
	AR_FMT_CSV,
	AR_FMT_TSV,
	AR_FMT_JSON,
	AR_FMT_TABLE
};

enum ar_coltype {
	AR_COL_TEXT,
	AR_COL_MONEY,	/* int64 minor units with an exponent */
	AR_COL_INT,
	AR_COL_DATE
};

struct ar_column {
	const char *name;
	enum ar_coltype type;
};

/*
 * Make text safe to show on a terminal, in place: each control character
 * (C0, DEL, C1 U+0080..U+009F), each invisible character that reorders
 * or hides text, and each byte that is not UTF-8 becomes '?'.  Table
 * output, statements as text and the commands' messages go through it;
 * csv, tsv and json keep text as it is.
 */
void ar_text_printable(char *s);

/*
 * What fn(fp, ctx) writes, as one string: *out (caller frees; NUL-ended)
 * and, when len is not NULL, its length.  @return what fn returned,
 * AR_ENOMEM, or AR_OK; *out is NULL unless AR_OK
 */
ar_status ar_text_capture(ar_status (*fn)(FILE *fp, const void *ctx),
			  const void *ctx, char **out, size_t *len);

/* Writer flags. */
#define AR_OUT_EXCEL_SAFE 0x1	/* prefix ' to text that a spreadsheet would run */

struct ar_writer;

/*
 * Parse a format name: csv, tsv, json, table.
 * @return AR_OK or AR_EUSAGE
 */
ar_status ar_format_parse(const char *s, enum ar_format *out);

/*
 * Start writing rows of ncols columns to fp (borrowed).  cols is borrowed
 * for the writer's life.  csv, tsv and json write rows as they come;
 * table keeps them to align the columns and writes at ar_writer_finish().
 */
ar_status ar_writer_new(struct ar_writer **wp, FILE *fp, enum ar_format fmt,
			const struct ar_column *cols, size_t ncols,
			unsigned flags);

/*
 * Fit table output to a terminal of width columns (0, the default: as
 * wide as the cells need).  A table wider than that has its name columns
 * cut ("Gulf Coast Elec..."), then its amount columns that are zero in
 * every row, then its text, number and date columns after the first
 * amount (from the right) left out, a caption naming them and saying how
 * the caller shows them all (show_all, e.g. "--wide"; NULL: not said);
 * captions are wrapped at spaces to the width.  Other formats are not
 * affected.  show_all is borrowed until ar_writer_free().
 */
void ar_writer_set_width(struct ar_writer *w, size_t width,
			 const char *show_all);

/* Cells, left to right; each call fills the next column. */
void ar_writer_text(struct ar_writer *w, const char *s);
void ar_writer_money(struct ar_writer *w, int64_t v, int exponent);
void ar_writer_int(struct ar_writer *w, int64_t v);
void ar_writer_date(struct ar_writer *w, ar_date d);
void ar_writer_null(struct ar_writer *w);

/* End the current row. */
ar_status ar_writer_end_row(struct ar_writer *w);

/*
 * The next row is a totals row: shown under a rule in table output,
 * left out of csv, tsv and json (which carry data only).
 */
void ar_writer_totals(struct ar_writer *w);

/*
 * A line of text shown above a table (for example the bucket rule);
 * ignored by the other formats.
 */
ar_status ar_writer_caption(struct ar_writer *w, const char *text);

/* Write what is pending; returns AR_ELEDGER on a write error. */
ar_status ar_writer_finish(struct ar_writer *w);

/*
 * The errno of the write that failed (AR_ELEDGER from ar_writer_end_row()
 * or ar_writer_finish()), or 0 when every write went through; NULL is fine.
 */
int ar_writer_errno(const struct ar_writer *w);

/* Free; NULL is fine. */
void ar_writer_free(struct ar_writer *w);

/*
 * Where a row goes, cell by cell, left to right: a csv/tsv/json/table
 * writer (ar_cells_writer()) or a workbook sheet (ar_cells_xlsx() in
 * ar/xlsx.h).  Each row type has one column table and one put function
 * into cells (ar_age_put_row(), ar_application_put(), ...), so every
 * destination gets the same cells.  highlight (an amount more than 90
 * days past due) and totals (the next row is a totals line) may be NULL.
 */
struct ar_cells {
	void (*text)(void *ctx, const char *s);
	void (*money)(void *ctx, int64_t v, int exponent);
	void (*integer)(void *ctx, int64_t v);
	void (*date)(void *ctx, ar_date d);
	void (*null)(void *ctx);
	void (*highlight)(void *ctx);
	void (*totals)(void *ctx);
	ar_status (*end_row)(void *ctx);
	void *ctx;
};

/* Cells into a writer (borrowed); no highlight. */
void ar_cells_writer(struct ar_cells *c, struct ar_writer *w);

#ifdef __cplusplus
}
#endif

#endif
