/*
 * date.c - civil calendar arithmetic on day numbers.
 *
 * Conversions follow the well-known days-from-civil algorithm over 400
 * year eras, exact for the proleptic Gregorian calendar.
 */
#include <string.h>
#include <time.h>

#include "ar/date.h"

ar_date ar_date_from_ymd(int y, int m, int d)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void ar_date_to_ymd(ar_date day, int *y, int *m, int *d)
{
	int z = day + 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp + (mp < 10 ? 3 : -9);
	*y = yoe + era * 400 + (*m <= 2);
}

int ar_date_days_in_month(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return days[m - 1];
}

bool ar_date_valid(int y, int m, int d)
{
	return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 &&
	       d <= ar_date_days_in_month(y, m);
}

bool ar_date_in_window(ar_date day)
{
	return day >= AR_DATE_MIN && day <= AR_DATE_MAX;
}

/* Read between min and max digits; returns the count read or 0. */
static size_t digits(const char *s, size_t len, size_t min, size_t max, int *v)
{
	size_t i = 0;
	*v = 0;
	while (i < len && i < max && s[i] >= '0' && s[i] <= '9')
		*v = *v * 10 + (s[i++] - '0');
	return i >= min ? i : 0;
}

ar_status ar_date_parse_iso(const char *s, size_t len, ar_date *out)
{
	int y, m, d;
	if (len != 10 || s[4] != '-' || s[7] != '-' ||
	    digits(s, 4, 4, 4, &y) != 4 || digits(s + 5, 2, 2, 2, &m) != 2 ||
	    digits(s + 8, 2, 2, 2, &d) != 2 || !ar_date_valid(y, m, d))
		return AR_EINPUT;
	*out = ar_date_from_ymd(y, m, d);
	return AR_OK;
}

ar_status ar_date_parse(const char *s, size_t len, const char *fmt,
			ar_date *out)
{
	int y = -1, m = -1, d = -1, v;
	size_t i = 0, n;
	bool after_field = false;	/* the previous item was a field */

	if (!fmt)
		return ar_date_parse_iso(s, len, out);
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			if (i >= len || s[i] != *fmt)
				return AR_EINPUT;
			i++;
			after_field = false;
			continue;
		}
		/* fields with nothing between them take their full width */
		size_t least = after_field || fmt[2] == '%' ? 2 : 1;
		after_field = true;
		switch (*++fmt) {
		case 'Y':
			if (!(n = digits(s + i, len - i, 4, 4, &v)))
				return AR_EINPUT;
			y = v;
			break;
		case 'y':
			if (!(n = digits(s + i, len - i, 2, 2, &v)))
				return AR_EINPUT;
			y = v >= 70 ? 1900 + v : 2000 + v;
			break;
		case 'm':
			if (!(n = digits(s + i, len - i, least, 2, &v)))
				return AR_EINPUT;
			m = v;
			break;
		case 'd':
			if (!(n = digits(s + i, len - i, least, 2, &v)))
				return AR_EINPUT;
			d = v;
			break;
		case '%':
			if (i >= len || s[i] != '%')
				return AR_EINPUT;
			n = 1;
			break;
		default:
			return AR_EINPUT;
		}
		i += n;
	}
	if (i != len || !ar_date_valid(y, m, d))
		return AR_EINPUT;
	*out = ar_date_from_ymd(y, m, d);
	return AR_OK;
}

bool ar_date_format_valid(const char *fmt)
{
	int y = 0, m = 0, d = 0;
	for (; *fmt; fmt++) {
		if (*fmt != '%')
			continue;
		switch (*++fmt) {
		case 'Y': case 'y': y++; break;
		case 'm': m++; break;
		case 'd': d++; break;
		case '%': break;
		default: return false;
		}
	}
	return y == 1 && m == 1 && d == 1;
}

size_t ar_date_format_as(char *buf, ar_date day, const char *fmt)
{
	int y, m, d;
	size_t n = 0;
	if (!fmt || !*fmt)
		return ar_date_format(buf, day);
	ar_date_to_ymd(day, &y, &m, &d);
	for (; *fmt && n + 1 < AR_DATE_BUFSZ; fmt++) {
		int v = -1, w = 2;
		if (*fmt != '%' || fmt[1] == '\0') {
			buf[n++] = *fmt;
			continue;
		}
		switch (*++fmt) {
		case 'Y': v = y, w = 4; break;
		case 'y': v = y % 100; break;
		case 'm': v = m; break;
		case 'd': v = d; break;
		default: buf[n++] = *fmt; continue;
		}
		if (n + (size_t)w >= AR_DATE_BUFSZ)
			break;
		for (int k = w - 1; k >= 0; k--, v /= 10)
			buf[n + (size_t)k] = (char)('0' + v % 10);
		n += (size_t)w;
	}
	buf[n] = '\0';
	return n;
}

size_t ar_date_format(char *buf, ar_date day)
{
	int y, m, d;
	ar_date_to_ymd(day, &y, &m, &d);
	buf[0] = (char)('0' + y / 1000 % 10);
	buf[1] = (char)('0' + y / 100 % 10);
	buf[2] = (char)('0' + y / 10 % 10);
	buf[3] = (char)('0' + y % 10);
	buf[4] = '-';
	buf[5] = (char)('0' + m / 10);
	buf[6] = (char)('0' + m % 10);
	buf[7] = '-';
	buf[8] = (char)('0' + d / 10);
	buf[9] = (char)('0' + d % 10);
	buf[10] = '\0';
	return 10;
}

ar_date ar_date_today(void)
{
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	return ar_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

ar_date ar_date_month_start(ar_date day)
{
	int y, m, d;
	ar_date_to_ymd(day, &y, &m, &d);
	return day - (d - 1);
}

ar_date ar_date_month_end(ar_date day)
{
	int y, m, d;
	ar_date_to_ymd(day, &y, &m, &d);
	return day + (ar_date_days_in_month(y, m) - d);
}
