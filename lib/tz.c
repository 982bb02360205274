/*
 * tz.c - instants, and their local time in a zone of the system's time
 * zone database.
 *
 * The C library reads a zone only through TZ, so the local time of a
 * zone is localtime_r() with TZ set to it for the call, then TZ as it
 * was.  Zone names are checked against the database's files first: the
 * C library takes an unknown name silently for UTC, which would put a
 * customer's calls at the wrong hour without a word.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ar/tz.h"

bool ar_tz_valid(const char *name)
{
	if (!name || !*name || strlen(name) >= AR_TZ_NAME_MAX ||
	    name[0] == '/' || strstr(name, "..") || strchr(name, ','))
		return false;
	for (const char *p = name; *p; p++)
		if (!(*p == '/' || *p == '_' || *p == '-' || *p == '+' ||
		      (*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= 'a' && *p <= 'z')))
			return false;
	const char *dir = getenv("TZDIR");
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", dir && *dir ? dir
		 : "/usr/share/zoneinfo", name);
	FILE *f = fopen(path, "rb");
	char magic[4] = {0};
	bool ok = f && fread(magic, 1, 4, f) == 4 &&
		  memcmp(magic, "TZif", 4) == 0;
	if (f)
		fclose(f);
	return ok;
}

ar_status ar_tz_local(const char *zone, int64_t t, struct ar_local *out)
{
	if (!ar_tz_valid(zone))
		return AR_EUSAGE;
	const char *old = getenv("TZ");
	char *saved = old ? strdup(old) : NULL;
	if (old && !saved)
		return AR_ENOMEM;
	setenv("TZ", zone, 1);
	tzset();
	time_t tt = (time_t)t;
	struct tm tm;
	bool ok = localtime_r(&tt, &tm) != NULL;
	if (ok) {
		out->date = ar_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1,
					     tm.tm_mday);
		out->minute = tm.tm_hour * 60 + tm.tm_min;
		out->second = tm.tm_sec;
		out->offset = tm.tm_gmtoff;
		snprintf(out->abbr, sizeof(out->abbr), "%s",
			 tm.tm_zone ? tm.tm_zone : "");
	}
	if (saved)
		setenv("TZ", saved, 1);
	else
		unsetenv("TZ");
	tzset();
	free(saved);
	return ok ? AR_OK : AR_EUSAGE;
}

ar_status ar_time_parse(const char *s, int64_t *t)
{
	int y, mo, d, h, mi, sec = 0, n = 0;
	char sep;
	size_t len = strlen(s);
	bool utc = len && s[len - 1] == 'Z';
	if (sscanf(s, "%4d-%2d-%2d%c%2d:%2d%n", &y, &mo, &d, &sep, &h, &mi,
		   &n) != 6 || (sep != 'T' && sep != ' ') || n != 16)
		return AR_EINPUT;
	if (s[n] == ':') {
		int m = 0;
		if (sscanf(s + n, ":%2d%n", &sec, &m) != 1 || m != 3)
			return AR_EINPUT;
		n += m;
	}
	if ((size_t)n + utc != len || !ar_date_valid(y, mo, d) || h > 23 ||
	    mi > 59 || sec > 59 || h < 0 || mi < 0 || sec < 0 ||
	    !ar_date_in_window(ar_date_from_ymd(y, mo, d)))
		return AR_EINPUT;
	struct tm tm = {.tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d,
			.tm_hour = h, .tm_min = mi, .tm_sec = sec,
			.tm_isdst = -1};
	if (utc) {
		*t = (int64_t)ar_date_from_ymd(y, mo, d) * 86400 +
		     h * 3600 + mi * 60 + sec;
		return AR_OK;
	}
	time_t v = mktime(&tm);
	if (v == (time_t)-1)
		return AR_EINPUT;
	*t = v;
	return AR_OK;
}

/* Floor division, for instants before 1970. */
static int64_t fdiv(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

void ar_time_format_utc(char buf[AR_TIME_BUFSZ], int64_t t)
{
	int64_t day = fdiv(t, 86400), s = t - day * 86400;
	int y, m, d;
	ar_date_to_ymd((ar_date)day, &y, &m, &d);
	snprintf(buf, AR_TIME_BUFSZ, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d,
		 (int)(s / 3600), (int)(s / 60 % 60), (int)(s % 60));
}

void ar_local_format(char buf[AR_TIME_BUFSZ], const struct ar_local *lt)
{
	char d[AR_DATE_BUFSZ];
	ar_date_format(d, lt->date);
	snprintf(buf, AR_TIME_BUFSZ, "%s %02d:%02d %s", d, lt->minute / 60,
		 lt->minute % 60, lt->abbr);
}
