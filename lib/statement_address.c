/*
 * statement_address.c - a customer's postal address laid out as the post
 * of its country expects it on an envelope.
 *
 * North America (and the default): "Springfield, IL 62704".  Most of
 * Europe: the postcode before the town, no region, "10115 Berlin".  The United
 * Kingdom and Ireland: the town, then the postcode on a line of its own.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "ar/statement.h"

/* Postcode before the town (ISO 3166 alpha-2). */
static const char postcode_first[] =
	" AT BE BG CH CZ DE DK EE ES FI FR GR HR HU IS IT LI LT LU LV NL NO"
	" PL PT RO SE SI SK ";

/* Town, then the postcode on its own line. */
static const char postcode_below[] = " GB UK IE ";

static bool in(const char *list, const char *country)
{
	char key[5];
	if (strlen(country) != 2)
		return false;
	snprintf(key, sizeof(key), " %c%c ", country[0] & ~0x20,
		 country[1] & ~0x20);
	return strstr(list, key) != NULL;
}

int ar_statement_address_lines(const char *address1, const char *address2,
			       const char *city, const char *region,
			       const char *postal, const char *country,
			       char *buf, size_t size, const char *lines[5])
{
	int n = 0;
	size_t used = 0;
	/* each line laid out into buf after the last */
	const char *put[4] = {address1, address2, NULL, NULL};
	char city_line[512], postal_line[128] = "";

	if (in(postcode_first, country)) {
		/* the region is not written there: "3083 HT Rotterdam" */
		snprintf(city_line, sizeof(city_line), "%s%s%s", postal,
			 *postal && *city ? " " : "", city);
	} else if (in(postcode_below, country)) {
		snprintf(city_line, sizeof(city_line), "%s%s%s", city,
			 *city && *region ? ", " : "", region);
		snprintf(postal_line, sizeof(postal_line), "%s", postal);
	} else {
		snprintf(city_line, sizeof(city_line), "%s%s%s%s%s", city,
			 *city && (*region || *postal) ? ", " : "", region,
			 *region && *postal ? " " : "", postal);
	}
	put[2] = city_line;
	put[3] = postal_line;
	for (int i = 0; i < 4; i++) {
		size_t len = strlen(put[i]);
		if (!len || used + len + 1 > size)
			continue;
		memcpy(buf + used, put[i], len + 1);
		lines[n++] = buf + used;
		used += len + 1;
	}
	/* the country last, as the post abroad wants it */
	size_t len = strlen(country);
	if (len && n < 5 && used + len + 1 <= size) {
		memcpy(buf + used, country, len + 1);
		lines[n++] = buf + used;
	}
	return n;
}
