/*
 * date.h - calendar dates as day numbers.
 *
 * An ar_date counts days since 1970-01-01 in the proleptic Gregorian
 * calendar; differences are calendar days.  No time zones are involved:
 * a date is a date.
 */
#ifndef AR_DATE_H
#define AR_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ar/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef int32_t ar_date;

/* Bytes needed by ar_date_format(): "YYYY-MM-DD" and NUL. */
#define AR_DATE_BUFSZ 11
/* A value no valid date has. */
#define AR_DATE_NONE INT32_MIN

/*
 * The window of dates taken from input: 1900-01-01..2199-12-31.  Wide
 * enough for any receivable, narrow enough that a date plus any payment
 * terms stays a four-digit year.  The functions below stay exact over
 * years 1..9999; the window is applied where input is read (import rows,
 * command-line options), with AR_DATE_WINDOW in the message.
 */
#define AR_DATE_MIN (-25567)	/* 1900-01-01 */
#define AR_DATE_MAX 84005	/* 2199-12-31 */
#define AR_DATE_WINDOW "1900-01-01..2199-12-31"

/* True when day lies in the window, AR_DATE_MIN..AR_DATE_MAX. */
bool ar_date_in_window(ar_date day);

/* Day number of a civil date; the caller checks validity first. */
ar_date ar_date_from_ymd(int y, int m, int d);

/* Civil date of a day number. */
void ar_date_to_ymd(ar_date day, int *y, int *m, int *d);

/* True when y-m-d exists (1 <= y <= 9999). */
bool ar_date_valid(int y, int m, int d);

/* Days in month m of year y. */
int ar_date_days_in_month(int y, int m);

/*
 * Parse YYYY-MM-DD exactly.
 * @return AR_OK, or AR_EINPUT for anything else or an impossible date
 */
ar_status ar_date_parse_iso(const char *s, size_t len, ar_date *out);

/*
 * Parse with a strftime-like format made of %Y, %y (pivot: 70-99 are
 * 19xx, 00-69 are 20xx), %m, %d and literal characters; day and month may
 * be given without their leading zero.  fmt NULL means ISO.
 * @return AR_OK or AR_EINPUT
 */
ar_status ar_date_parse(const char *s, size_t len, const char *fmt,
			ar_date *out);

/*
 * True when fmt is a format ar_date_parse() understands: it holds each of
 * the day, month and year exactly once.
 */
bool ar_date_format_valid(const char *fmt);

/* Write YYYY-MM-DD and NUL into buf (AR_DATE_BUFSZ bytes); returns 10. */
size_t ar_date_format(char *buf, ar_date day);

/*
 * Write day as fmt says (%Y, %y, %m, %d, %% and literal characters, as
 * ar_date_parse() reads them; NULL or "": ISO) and a NUL into buf
 * (AR_DATE_BUFSZ bytes), cut to fit; returns the length.
 * "%d.%m.%Y" gives 31.10.2026, "%m/%d/%Y" 10/31/2026.
 */
size_t ar_date_format_as(char *buf, ar_date day, const char *fmt);

/* Today's local date (TZ applies, as for any calendar date). */
ar_date ar_date_today(void);

/* The last day of the month holding day. */
ar_date ar_date_month_end(ar_date day);

/* The first day of the month holding day. */
ar_date ar_date_month_start(ar_date day);

/* Payment terms: days to the due date and an early-payment discount. */
struct ar_terms {
	int days;		/* 0..3650 */
	int discount_rate;	/* hundredths of a percent, 1..9999; 0: none */
	int discount_days;	/* 0..days, when discount_rate > 0 */
};

/*
 * Parse payment terms, case aside: "30", "NET30", "Net 30", "N30",
 * "net-30", "n/30", "COD", "Due on receipt" (0 days), and with an
 * early-payment discount "2/10 Net 30", "1% 10 Net 30", "2/10 N30",
 * "1.5/10, n/30" (percent with up to two decimals / days).
 * @param why  set to the reason of a refusal (static; may be NULL)
 * @return AR_OK or AR_EINPUT (negative or over 3650 days, a discount of
 *	   100% or more, or longer than the net days, refused)
 */
ar_status ar_terms_parse(const char *s, size_t len, struct ar_terms *t,
			 const char **why);

#ifdef __cplusplus
}
#endif

#endif
