/*
 * tz.h - instants and the local time of a place, through the system's
 * time zone database (the files under /usr/share/zoneinfo, named like
 * "America/Los_Angeles").
 *
 * An instant is seconds since 1970-01-01T00:00:00Z.  The local time of a
 * zone is found by setting TZ for the call and restoring it after, so
 * these functions are not for threads that read the local time at the
 * same moment (no arkit command has any).
 */
#ifndef AR_TZ_H
#define AR_TZ_H

#include <stdbool.h>
#include <stdint.h>

#include "ar/date.h"
#include "ar/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Longest zone name taken, with its NUL. */
#define AR_TZ_NAME_MAX 64

/* A ledger timestamp or a local time: "YYYY-MM-DDTHH:MM:SSZ" and NUL. */
#define AR_TIME_BUFSZ 48

/* An instant seen in a zone. */
struct ar_local {
	ar_date date;		/* the local calendar date */
	int minute;		/* minutes since local midnight, 0..1439 */
	int second;		/* 0..60 */
	long offset;		/* seconds east of UTC */
	char abbr[12];		/* "PST", "PDT", "UTC", or "+0530" */
};

/*
 * True when name is a zone of the system's database ("UTC",
 * "America/Los_Angeles"): a file under $TZDIR or /usr/share/zoneinfo,
 * no absolute path and no "..".
 */
bool ar_tz_valid(const char *name);

/*
 * The instant t seen in zone (a name ar_tz_valid() accepts).
 * @return AR_OK, AR_EUSAGE (not a known zone)
 */
ar_status ar_tz_local(const char *zone, int64_t t, struct ar_local *out);

/*
 * Parse a date and time: "YYYY-MM-DDTHH:MM[:SS]" (a space for the T is
 * fine) in the zone of the process (TZ, as the date(1) command reads
 * it), or with a final "Z" in UTC.
 * @return AR_OK or AR_EINPUT
 */
ar_status ar_time_parse(const char *s, int64_t *t);

/* Write t as a ledger timestamp, "YYYY-MM-DDTHH:MM:SSZ". */
void ar_time_format_utc(char buf[AR_TIME_BUFSZ], int64_t t);

/* Write a local time as "YYYY-MM-DD HH:MM ABBR". */
void ar_local_format(char buf[AR_TIME_BUFSZ], const struct ar_local *lt);

#ifdef __cplusplus
}
#endif

#endif
