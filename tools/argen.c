/*
 * argen -- generate a realistic, reproducible accounts-receivable data set
 *
 * Writes customers.csv, invoices.csv, credits.csv, payments.csv and
 * activities.csv (the record types of SPEC section 4) into one directory.
 * Everything derives from one 64-bit seed through a private generator and
 * integer arithmetic only: no rand(), no floating point, no time zone, so
 * the same options give the same bytes on every machine.
 *
 * The data is meant to exercise the toolkit the way a real receivables
 * book does: customers who pay on time and customers who never do, check
 * runs paying several invoices at once, partial and short payments,
 * remittance text that names the wrong invoice or none at all, credit
 * memos settling disputes, a returned check, collection notes and promises.
 *
 * Build: cc -std=c11 -O2 -Wall -Wextra -o tools/argen tools/argen.c
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>

#define EXIT_USAGE 2
#define EXIT_IO    4

static void
usage(FILE *fp)
{
	fputs("usage: argen [-s SEED] [--customers N] [--invoices N] [--payments N]\n"
	    "             [--credits N] [--activities N] [--start YYYY-MM-DD] [--days N]\n"
	    "             [--samples] [--habits] [-v] -o DIR\n"
	    "       argen [options above] --day YYYY-MM-DD [--day-invoices N]\n"
	    "             [--day-payments N] [--day-credits N] [-v] -o DIR\n", fp);
}

/* The long help (-h, --help): the usage and what the day mode is. */
static void
help(void)
{
	usage(stdout);
	fputs("\n"
	    "Without --day: write customers.csv, invoices.csv, credits.csv,\n"
	    "payments.csv and activities.csv into DIR (defaults: 50,000 customers,\n"
	    "1,000,000 invoices, 800,000 payments, 20,000 credit memos and\n"
	    "activities over the 730 days from 2024-11-01; seed 42).\n"
	    "\n"
	    "--day DATE: write one further business day of the data set that the\n"
	    "other options describe (give the same seed and sizes as for it), dated\n"
	    "DATE, which must come after its last day: invoices.csv with new\n"
	    "numbers after the data set's (--day-invoices, default 2000),\n"
	    "payments.csv paying invoices the data set leaves unpaid, in the same\n"
	    "reference styles (--day-payments, default 1600; exactly that many, on\n"
	    "account when too few invoices are left unpaid) and credits.csv, credit\n"
	    "memos naming other unpaid invoices (--day-credits, default 40).  The\n"
	    "data set itself is generated again in memory, not read and not written,\n"
	    "so DIR should be a directory of its own, not the data set's.\n"
	    "\n"
	    "--habits: customers pay by one of four habits in turn (early, on\n"
	    "time, late, erratic) and pay every invoice (as many payments as that\n"
	    "takes unless --payments is given), for the back-test of the forecast\n"
	    "(ar-report backtest).\n", stdout);
}

static void
die(int status, const char *fmt, ...)
{
	va_list ap;

	fputs("argen: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(status);
}

static void *
xcalloc(size_t n, size_t size)
{
	void *p;

	if (n == 0)
		n = 1;
	if (size && n > SIZE_MAX / size)
		die(EXIT_IO, "out of memory");
	if ((p = calloc(n, size)) == NULL)
		die(EXIT_IO, "out of memory");
	return p;
}

/* Grow *p so that it holds at least need elements (amortised doubling). */
static void
xgrow(void *pp, size_t *cap, size_t need, size_t size)
{
	void **p = pp, *q;
	size_t ncap = *cap ? *cap : 1024;

	if (need <= *cap)
		return;
	while (ncap < need)
		ncap *= 2;
	if (ncap > SIZE_MAX / size)
		die(EXIT_IO, "out of memory");
	if ((q = realloc(*p, ncap * size)) == NULL)
		die(EXIT_IO, "out of memory");
	*p = q;
	*cap = ncap;
}

/* ------------------------------------------------------------------ */
/* Random numbers: splitmix64, one independent stream per purpose, so a
 * change in how (say) descriptions are drawn does not move the payments. */

struct rng {
	uint64_t s;
};

static uint64_t
mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t
rng_next(struct rng *r)
{
	return mix64(r->s += 0x9e3779b97f4a7c15ULL);
}

static void
rng_init(struct rng *r, uint64_t seed, uint64_t stream)
{
	r->s = mix64(seed ^ mix64(stream * 0xd1b54a32d192ed03ULL + 1));
}

/* Uniform in [0, n); n < 2^32.  The tiny bias of the multiply-shift is
 * irrelevant here and the result is the same everywhere. */
static uint32_t
rng_below(struct rng *r, uint32_t n)
{
	return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

/* Uniform in [lo, hi], hi - lo < 2^32 - 1. */
static int64_t
rng_range(struct rng *r, int64_t lo, int64_t hi)
{
	if (hi <= lo)
		return lo;
	return lo + (int64_t)rng_below(r, (uint32_t)(hi - lo + 1));
}

/* True with probability pm per mille. */
static int
rng_pm(struct rng *r, unsigned pm)
{
	return rng_below(r, 1000) < pm;
}

/* Index drawn from a table of integer weights. */
static int
rng_pick(struct rng *r, const unsigned *w, int n)
{
	unsigned total = 0, x;
	int i;

	for (i = 0; i < n; i++)
		total += w[i];
	x = rng_below(r, total);
	for (i = 0; i < n - 1; i++) {
		if (x < w[i])
			return i;
		x -= w[i];
	}
	return n - 1;
}

#define PICK(r, w) rng_pick((r), (w), (int)(sizeof(w) / sizeof((w)[0])))
#define NELEM(a) ((int)(sizeof(a) / sizeof((a)[0])))
#define ONE_OF(r, a) ((a)[rng_below((r), (uint32_t)NELEM(a))])

/* ------------------------------------------------------------------ */
/* Civil dates as day numbers since 1970-01-01 (H. Hinnant's algorithms). */

static int32_t
days_from_civil(int y, int m, int d)
{
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(int32_t z, int *yp, int *mp, int *dp)
{
	int era, doe, yoe, y, doy, mq, d, m;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mq = (5 * doy + 2) / 153;
	d = doy - (153 * mq + 2) / 5 + 1;
	m = mq < 10 ? mq + 3 : mq - 9;
	*yp = y + (m <= 2);
	*mp = m;
	*dp = d;
}

/* 0 = Sunday ... 6 = Saturday */
static int
weekday(int32_t z)
{
	int w = (int)((z + 4) % 7);

	return w < 0 ? w + 7 : w;
}

static int
days_in_month(int y, int m)
{
	static const int dim[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dim[m - 1];
}

/* Next Monday to Friday on or after z: banks post on business days. */
static int32_t
business_day(int32_t z)
{
	int w = weekday(z);

	return w == 6 ? z + 2 : w == 0 ? z + 1 : z;
}

/* Latest Monday to Friday on or before z. */
static int32_t
business_day_before(int32_t z)
{
	int w = weekday(z);

	return w == 6 ? z - 1 : w == 0 ? z - 2 : z;
}

static int
parse_date(const char *s, int32_t *z)
{
	int y, m, d, i;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return -1;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1900 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return -1;
	*z = days_from_civil(y, m, d);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Formatting by hand: fixed digits, no locale. */

static size_t
fmt_u(char *p, uint64_t v, int width)
{
	char t[24];
	size_t n = 0, i;

	do {
		t[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while ((int)n < width)
		t[n++] = '0';
	for (i = 0; i < n; i++)
		p[i] = t[n - 1 - i];
	return n;
}

/* Dates of the period and a while after it, formatted once. */
static char *date_tab;
static int32_t date_lo, date_n;

static size_t
fmt_date(char *p, int32_t z)
{
	int y, m, d;

	if (z - date_lo >= 0 && z - date_lo < date_n) {
		memcpy(p, date_tab + (size_t)(z - date_lo) * 10, 10);
		return 10;
	}
	civil_from_days(z, &y, &m, &d);
	fmt_u(p, (uint64_t)y, 4);
	p[4] = '-';
	fmt_u(p + 5, (uint64_t)m, 2);
	p[7] = '-';
	fmt_u(p + 8, (uint64_t)d, 2);
	return 10;
}

/* Minor units (cents) as 1234.50; sep adds thousands separators. */
static size_t
fmt_amount(char *p, int64_t cents, int sep)
{
	char t[32];
	size_t n = 0, i;
	uint64_t v, units;
	int digits = 0;

	if (cents < 0) {
		p[0] = '-';
		return 1 + fmt_amount(p + 1, -cents, sep);
	}
	v = (uint64_t)cents;
	units = v / 100;
	t[n++] = (char)('0' + v % 10);
	t[n++] = (char)('0' + v / 10 % 10);
	t[n++] = '.';
	do {
		if (sep && digits && digits % 3 == 0)
			t[n++] = ',';
		t[n++] = (char)('0' + units % 10);
		units /= 10;
		digits++;
	} while (units);
	for (i = 0; i < n; i++)
		p[i] = t[n - 1 - i];
	return n;
}

/* A small string builder for composed fields (names, references, text). */
#define SBCAP 512

struct sb {
	char b[SBCAP];
	size_t n;
};

static void
sb_mem(struct sb *s, const char *p, size_t n)
{
	if (s->n + n >= SBCAP)
		n = SBCAP - 1 - s->n;
	memcpy(s->b + s->n, p, n);
	s->n += n;
	s->b[s->n] = '\0';
}

static void
sb_s(struct sb *s, const char *p)
{
	sb_mem(s, p, strlen(p));
}

static void
sb_c(struct sb *s, char c)
{
	sb_mem(s, &c, 1);
}

static void
sb_u(struct sb *s, uint64_t v, int width)
{
	char t[24];

	sb_mem(s, t, fmt_u(t, v, width));
}

static void
sb_date(struct sb *s, int32_t z)
{
	char t[16];

	sb_mem(s, t, fmt_date(t, z));
}

static void
sb_amt(struct sb *s, int64_t cents, int sep)
{
	char t[40];

	sb_mem(s, t, fmt_amount(t, cents, sep));
}

static void
sb_reset(struct sb *s)
{
	s->n = 0;
	s->b[0] = '\0';
}

/* Buffered CSV output: one big buffer per file, flushed with fwrite. */
#define OUTBUF (1u << 20)

struct out {
	FILE *fp;
	char path[4096];
	char *buf;
	size_t len;
};

/* dir NULL: the output is made but thrown away (the data set under a
 * --day, which is generated again only for its state). */
static void
out_open(struct out *o, const char *dir, const char *name)
{
	if (dir == NULL) {
		o->fp = NULL;
		o->path[0] = '\0';
		o->buf = xcalloc(OUTBUF, 1);
		o->len = 0;
		return;
	}
	if ((size_t)snprintf(o->path, sizeof o->path, "%s/%s", dir, name) >= sizeof o->path)
		die(EXIT_USAGE, "path too long: '%s'", dir);
	if ((o->fp = fopen(o->path, "w")) == NULL)
		die(EXIT_IO, "cannot create '%s': %s", o->path, strerror(errno));
	o->buf = xcalloc(OUTBUF, 1);
	o->len = 0;
}

static void
out_flush(struct out *o)
{
	if (o->fp == NULL) {
		o->len = 0;
		return;
	}
	if (o->len && fwrite(o->buf, 1, o->len, o->fp) != o->len)
		die(EXIT_IO, "cannot write '%s': %s", o->path, strerror(errno));
	o->len = 0;
}

static void
out_close(struct out *o)
{
	out_flush(o);
	if (o->fp && fclose(o->fp) != 0)
		die(EXIT_IO, "cannot write '%s': %s", o->path, strerror(errno));
	free(o->buf);
	o->buf = NULL;
}

/* Room for n more bytes (n is small: fields are bounded by SBCAP). */
static char *
out_room(struct out *o, size_t n)
{
	if (o->len + n > OUTBUF)
		out_flush(o);
	return o->buf + o->len;
}

static void
out_mem(struct out *o, const char *p, size_t n)
{
	memcpy(out_room(o, n), p, n);
	o->len += n;
}

static void
out_s(struct out *o, const char *p)
{
	out_mem(o, p, strlen(p));
}

static void
out_c(struct out *o, char c)
{
	*out_room(o, 1) = c;
	o->len++;
}

/* A text field, RFC 4180: quoted only when it holds , " CR or LF. */
static void
out_field(struct out *o, const char *p, size_t n)
{
	size_t i;
	char *w;

	for (i = 0; i < n; i++)
		if (p[i] == ',' || p[i] == '"' || p[i] == '\n' || p[i] == '\r')
			break;
	if (i == n) {
		out_mem(o, p, n);
		return;
	}
	w = out_room(o, 2 * n + 2);
	*w++ = '"';
	for (i = 0; i < n; i++) {
		if (p[i] == '"')
			*w++ = '"';
		*w++ = p[i];
	}
	*w++ = '"';
	o->len = (size_t)(w - o->buf);
}

static void
out_sb(struct out *o, const struct sb *s)
{
	out_field(o, s->b, s->n);
}

static void
out_doc(struct out *o, const char *prefix, uint64_t no, int width)
{
	size_t pl = strlen(prefix);
	char *w = out_room(o, pl + 24);

	memcpy(w, prefix, pl);
	o->len += pl + fmt_u(w + pl, no, width);
}

static void
out_date(struct out *o, int32_t z)
{
	o->len += fmt_date(out_room(o, 10), z);
}

static void
out_amt(struct out *o, int64_t cents)
{
	o->len += fmt_amount(out_room(o, 32), cents, 0);
}

static void
out_u(struct out *o, uint64_t v)
{
	o->len += fmt_u(out_room(o, 24), v, 0);
}

/* ------------------------------------------------------------------ */
/* Word lists. */

static const char *const surnames[] = {
	"Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis",
	"Garcia", "Rodriguez", "Wilson", "Martinez", "Anderson", "Taylor",
	"Thomas", "Moore", "Jackson", "Martin", "Lee", "Thompson", "White",
	"Harris", "Clark", "Lewis", "Robinson", "Walker", "Hall", "Allen",
	"Young", "King", "Wright", "Scott", "Green", "Baker", "Adams", "Nelson",
	"Hill", "Campbell", "Mitchell", "Carter", "Roberts", "Turner",
	"Phillips", "Parker", "Evans", "Edwards", "Collins", "Stewart",
	"Morris", "Murphy", "Cook", "Rogers", "Morgan", "Cooper", "Peterson",
	"Reed", "Bailey", "Bell", "Kelly", "Howard", "Ward", "Cox",
	"Richardson", "Wood", "Watson", "Brooks", "Bennett", "Gray", "Hughes",
	"Price", "Sanders", "Myers", "Long", "Ross", "Foster", "O'Brien",
	"O'Neill", "O'Connor", "McAllister", "McKenzie", "D'Angelo",
	"Fitzgerald", "Kowalski", "Nguyen", "Patel", "Schmidt", "Larsen",
	"Lindqvist", "Hartley", "Whitmore", "Ashford", "Caldwell", "Donovan",
	"Prescott", "Thornton", "Vance", "Delgado", "Okafor", "Yamamoto",
	"Novak", "Brennan", "Galloway", "Hendricks", "Mercer", "Sutton",
};

static const char *const adjectives[] = {
	"Summit", "Pinnacle", "Keystone", "Blue Ridge", "Great Lakes",
	"Pacific", "Atlantic", "Northern", "Southern", "Midwest", "Prairie",
	"Cascade", "Granite", "Ironwood", "Evergreen", "Liberty", "Frontier",
	"Heritage", "Patriot", "Eagle", "Redwood", "Silver Creek", "Riverbend",
	"Lakeside", "Harbor", "Coastal", "Tri-County", "Metro", "Capitol",
	"Sunbelt", "Gulf Coast", "Rocky Mountain", "Bayside", "Highland",
	"Valley", "Oakridge", "Maple Leaf", "Cedar", "Willow Creek", "Pioneer",
	"Allied", "United", "Precision", "Apex", "Vertex", "Sterling",
	"Premier", "Reliable", "Superior", "Quality", "Advanced", "Integrated",
	"Dynamic", "Crescent", "Horizon", "Red Oak", "Iron Horse", "Lone Star",
	"Bluegrass", "Empire", "Golden State", "Twin Cities", "Copper Canyon",
	"North Star", "Three Rivers", "Blackhawk", "Clearwater", "Benchmark",
};

static const char *const industries[] = {
	"Supply", "Industrial Supply", "Manufacturing", "Logistics",
	"Distribution", "Plumbing", "Electric", "Electrical Contractors",
	"Mechanical", "HVAC", "Construction", "Builders", "Tool & Die",
	"Machine Works", "Fabrication", "Packaging", "Foods", "Farms", "Dairy",
	"Hardware", "Lumber", "Paper", "Printing", "Office Products",
	"Auto Parts", "Equipment Rental", "Medical Supply", "Dental Group",
	"Hospitality", "Hotels", "Restaurant Group", "Marine", "Aviation",
	"Trucking", "Freight", "Steel", "Plastics", "Chemicals", "Coatings",
	"Landscaping", "Janitorial", "Facilities Services", "Technologies",
	"Systems", "Solutions", "Engineering", "Controls", "Fasteners",
	"Hydraulics", "Welding Supply", "Pipe & Valve", "Millwork", "Signs",
};

static const char *const suffixes[] = {
	"Inc.", "LLC", "Co.", "Corp.", "Ltd.", "Company", "Group", "Inc",
	"L.L.C.", "", "", "", "Corporation", "Enterprises",
};

static const char *const firstnames[] = {
	"Linda", "Mike", "Sarah", "David", "Karen", "Jose", "Patricia", "Tom",
	"Jennifer", "Robert", "Lisa", "Kevin", "Angela", "Brian", "Michelle",
	"Steve", "Donna", "Carlos", "Rachel", "Gary", "Megan", "Raj", "Ana",
	"Greg", "Tanya", "Luis", "Heather", "Wei", "Janet", "Marcus", "Denise",
	"Paul", "Kim", "Omar", "Beth", "Scott", "Nicole", "Frank", "Joyce",
};

static const char *const streets[] = {
	"Main", "Oak", "Maple", "Cedar", "Elm", "Washington", "Lake", "Hill",
	"Park", "Pine", "Industrial", "Commerce", "Enterprise", "Airport",
	"Railroad", "River", "Market", "Center", "Madison", "Jefferson",
	"Lincoln", "Franklin", "Church", "Mill", "Spring", "Ridge", "Union",
	"Harbor", "Distribution", "Technology", "Corporate", "Executive",
	"Westgate", "Northpoint", "Fox Run", "Quarry", "Canal", "Depot",
	"1st", "2nd", "3rd", "5th", "12th", "Martin Luther King Jr",
};

static const char *const street_types[] = {
	"St", "Ave", "Blvd", "Rd", "Dr", "Way", "Pkwy", "Ln", "Ct", "Hwy",
	"Street", "Avenue", "Road", "Drive", "Circle", "Pl",
};

struct uscity {
	const char *city, *state, *zip3, *area;
};

static const struct uscity uscities[] = {
	{ "New York", "NY", "100", "212" }, { "Brooklyn", "NY", "112", "718" },
	{ "Buffalo", "NY", "142", "716" }, { "Newark", "NJ", "071", "973" },
	{ "Edison", "NJ", "088", "732" }, { "Philadelphia", "PA", "191", "215" },
	{ "Pittsburgh", "PA", "152", "412" }, { "Allentown", "PA", "181", "610" },
	{ "Boston", "MA", "021", "617" }, { "Worcester", "MA", "016", "508" },
	{ "Hartford", "CT", "061", "860" }, { "Providence", "RI", "029", "401" },
	{ "Portland", "ME", "041", "207" }, { "Baltimore", "MD", "212", "410" },
	{ "Richmond", "VA", "232", "804" }, { "Charlotte", "NC", "282", "704" },
	{ "Raleigh", "NC", "276", "919" }, { "Winston-Salem", "NC", "271", "336" },
	{ "Atlanta", "GA", "303", "404" }, { "Savannah", "GA", "314", "912" },
	{ "Jacksonville", "FL", "322", "904" }, { "Miami", "FL", "331", "305" },
	{ "Tampa", "FL", "336", "813" }, { "Orlando", "FL", "328", "407" },
	{ "Nashville", "TN", "372", "615" }, { "Memphis", "TN", "381", "901" },
	{ "Louisville", "KY", "402", "502" }, { "Birmingham", "AL", "352", "205" },
	{ "New Orleans", "LA", "701", "504" }, { "Houston", "TX", "770", "713" },
	{ "Dallas", "TX", "752", "214" }, { "Austin", "TX", "787", "512" },
	{ "San Antonio", "TX", "782", "210" }, { "Fort Worth", "TX", "761", "817" },
	{ "El Paso", "TX", "799", "915" }, { "Oklahoma City", "OK", "731", "405" },
	{ "Tulsa", "OK", "741", "918" }, { "Kansas City", "MO", "641", "816" },
	{ "St. Louis", "MO", "631", "314" }, { "Omaha", "NE", "681", "402" },
	{ "Minneapolis", "MN", "554", "612" }, { "Saint Paul", "MN", "551", "651" },
	{ "Milwaukee", "WI", "532", "414" }, { "Madison", "WI", "537", "608" },
	{ "Chicago", "IL", "606", "312" }, { "Elk Grove Village", "IL", "600", "847" },
	{ "Peoria", "IL", "616", "309" }, { "Indianapolis", "IN", "462", "317" },
	{ "Fort Wayne", "IN", "468", "260" }, { "Detroit", "MI", "482", "313" },
	{ "Grand Rapids", "MI", "495", "616" }, { "Columbus", "OH", "432", "614" },
	{ "Cleveland", "OH", "441", "216" }, { "Cincinnati", "OH", "452", "513" },
	{ "Toledo", "OH", "436", "419" }, { "Des Moines", "IA", "503", "515" },
	{ "Denver", "CO", "802", "303" }, { "Colorado Springs", "CO", "809", "719" },
	{ "Salt Lake City", "UT", "841", "801" }, { "Boise", "ID", "837", "208" },
	{ "Coeur d'Alene", "ID", "838", "208" }, { "Phoenix", "AZ", "850", "602" },
	{ "Tucson", "AZ", "857", "520" }, { "Albuquerque", "NM", "871", "505" },
	{ "Las Vegas", "NV", "891", "702" }, { "Reno", "NV", "895", "775" },
	{ "Los Angeles", "CA", "900", "213" }, { "San Diego", "CA", "921", "619" },
	{ "San Jose", "CA", "951", "408" }, { "Sacramento", "CA", "958", "916" },
	{ "Fresno", "CA", "937", "559" }, { "Oakland", "CA", "946", "510" },
	{ "Portland", "OR", "972", "503" }, { "Eugene", "OR", "974", "541" },
	{ "Seattle", "WA", "981", "206" }, { "Spokane", "WA", "992", "509" },
	{ "Tacoma", "WA", "984", "253" }, { "Anchorage", "AK", "995", "907" },
	{ "Honolulu", "HI", "968", "808" }, { "Burlington", "VT", "054", "802" },
};

/* European customers invoice in EUR. */
enum { EU_DE, EU_AT, EU_FR, EU_NL, EU_IE, EU_IT, EU_ES, EU_N };

struct eucity {
	int country;
	const char *city, *region, *pc, *phone;
};

static const char *const eu_codes[EU_N] = { "DE", "AT", "FR", "NL", "IE", "IT", "ES" };
static const char *const eu_tlds[EU_N] = { "de", "at", "fr", "nl", "ie", "it", "es" };

static const struct eucity eucities[] = {
	{ EU_DE, "Berlin", "Berlin", "10", "+49 30" },
	{ EU_DE, "M\303\274nchen", "Bayern", "80", "+49 89" },
	{ EU_DE, "Hamburg", "Hamburg", "20", "+49 40" },
	{ EU_DE, "K\303\266ln", "Nordrhein-Westfalen", "50", "+49 221" },
	{ EU_DE, "Stuttgart", "Baden-W\303\274rttemberg", "70", "+49 711" },
	{ EU_DE, "Frankfurt am Main", "Hessen", "60", "+49 69" },
	{ EU_AT, "Wien", "Wien", "1", "+43 1" },
	{ EU_AT, "Graz", "Steiermark", "8", "+43 316" },
	{ EU_FR, "Paris", "\303\216le-de-France", "75", "+33 1" },
	{ EU_FR, "Lyon", "Auvergne-Rh\303\264ne-Alpes", "69", "+33 4" },
	{ EU_FR, "Lille", "Hauts-de-France", "59", "+33 3" },
	{ EU_NL, "Amsterdam", "Noord-Holland", "10", "+31 20" },
	{ EU_NL, "Rotterdam", "Zuid-Holland", "30", "+31 10" },
	{ EU_NL, "Eindhoven", "Noord-Brabant", "56", "+31 40" },
	{ EU_IE, "Dublin", "Co. Dublin", "D12", "+353 1" },
	{ EU_IE, "Cork", "Co. Cork", "T12", "+353 21" },
	{ EU_IT, "Milano", "Lombardia", "201", "+39 02" },
	{ EU_IT, "Torino", "Piemonte", "101", "+39 011" },
	{ EU_ES, "Madrid", "Madrid", "280", "+34 91" },
	{ EU_ES, "Barcelona", "Catalu\303\261a", "080", "+34 93" },
};

static const char *const de_sur[] = {
	"M\303\274ller", "Schneider", "Fischer", "Weber", "Becker", "Hoffmann",
	"Sch\303\244fer", "Koch", "Wagner", "Bauer", "Gruber", "Huber",
	"Kr\303\274ger",
};
static const char *const de_ind[] = {
	"Maschinenbau", "Industrietechnik", "Logistik", "Metallbau",
	"Antriebstechnik", "Elektrotechnik", "Verpackung",
};
static const char *const de_suf[] = { "GmbH", "GmbH", "AG", "GmbH & Co. KG", "KG" };
static const char *const de_str[] = {
	"Hauptstra\303\237e", "Industriestra\303\237e", "Bahnhofstra\303\237e",
	"Gewerbering", "Daimlerstra\303\237e", "Siemensstra\303\237e", "Am Hafen",
};
static const char *const fr_sur[] = {
	"Dubois", "Lef\303\250vre", "Moreau", "Laurent", "Girard", "Bonnet",
	"Dupont", "Lambert", "Fontaine", "Rousseau",
};
static const char *const fr_ind[] = {
	"Fournitures Industrielles", "Logistique", "\303\211quipements",
	"M\303\251canique", "Emballages", "Distribution",
};
static const char *const fr_suf[] = { "SARL", "SAS", "SA" };
static const char *const fr_str[] = {
	"rue de la R\303\251publique", "avenue Jean Jaur\303\250s",
	"boulevard Voltaire", "rue Pasteur", "rue de l'Industrie",
};
static const char *const nl_sur[] = {
	"de Vries", "van Dijk", "Bakker", "Janssen", "Visser", "Smit",
	"Meijer", "de Boer", "Mulder", "van den Berg",
};
static const char *const nl_ind[] = {
	"Techniek", "Logistiek", "Groothandel", "Installatietechniek", "Verpakkingen",
};
static const char *const nl_str[] = {
	"Industrieweg", "Havenstraat", "Kerkstraat", "Stationsweg", "Marconistraat",
};
static const char *const ie_sur[] = {
	"O'Connor", "Murphy", "Kelly", "O'Sullivan", "Walsh", "Byrne", "Ryan",
	"McCarthy", "Doyle",
};
static const char *const ie_ind[] = {
	"Engineering", "Supplies", "Distribution", "Logistics", "Fabrication",
};
static const char *const ie_suf[] = { "Ltd.", "Limited", "DAC" };
static const char *const ie_est[] = {
	"Ballymount Industrial Estate", "Park West Business Park",
	"Little Island Business Park", "Greenogue Business Park",
};
static const char *const it_sur[] = {
	"Rossi", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco",
	"Bruno", "Conti", "Gallo",
};
static const char *const it_ind[] = {
	"Forniture Industriali", "Meccanica", "Logistica", "Imballaggi", "Componenti",
};
static const char *const it_suf[] = { "S.r.l.", "S.r.l.", "S.p.A." };
static const char *const it_str[] = {
	"Via Roma", "Via Garibaldi", "Viale Europa", "Via dell'Industria",
};
static const char *const es_sur[] = {
	"Garc\303\255a", "Fern\303\241ndez", "L\303\263pez", "Mart\303\255nez",
	"S\303\241nchez", "P\303\251rez", "G\303\263mez", "Ruiz", "Moreno",
};
static const char *const es_ind[] = {
	"Suministros Industriales", "Log\303\255stica", "Componentes", "Embalajes",
	"Maquinaria",
};
static const char *const es_suf[] = { "S.L.", "S.L.", "S.A." };
static const char *const es_str[] = {
	"Calle Mayor", "Avenida de la Constituci\303\263n", "Calle de Alcal\303\241",
	"Pol\303\255gono Industrial Las Mercedes",
};

static const char *const collectors[] = {
	"Maria Gonzalez", "James Whitaker", "Priya Raman", "Tom Kowalski",
	"Dana Brooks",
};

static const char *const months[] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December",
};

/* ------------------------------------------------------------------ */
/* The model. */

enum { ST_ACTIVE, ST_HOLD, ST_CLOSED, ST_BANKRUPT };
enum { CT_OK, CT_NOCALLS, CT_CEASE };
enum { PR_PROMPT, PR_NORMAL, PR_SLOW, PR_CHRONIC, PR_PROBLEM };
enum { M_CHECK, M_ACH, M_WIRE, M_CARD };
enum { SZ_SMALL, SZ_MEDIUM, SZ_LARGE, SZ_KEY };

static const char *const status_names[] = { "active", "hold", "closed", "bankrupt" };
static const char *const contact_names[] = { "ok", "no_calls", "cease" };
static const char *const method_names[] = { "check", "ach", "wire", "card" };

struct cust {
	int32_t inv_from;       /* invoiced only on days [inv_from, inv_to] */
	int32_t inv_to;
	int32_t stop_pay;       /* pays nothing dated on or after this day */
	int32_t event_day;      /* credit hold or bankruptcy filing */
	uint32_t next_check;
	uint32_t po_base;
	int16_t late_mu;        /* days paid after due, on average */
	int16_t late_sd;
	int16_t amt_shift;      /* invoice size, in 1/16 octaves */
	uint16_t terms;
	uint16_t nonpay_bp;     /* invoices never paid, per 10,000 */
	uint8_t eur, status, contact, profile, method, batch, habit;
	uint8_t collector, po, pofmt, size, ap_first;
};

struct inv {
	int64_t amount;
	int32_t date, due, cust;
	int32_t credit;         /* credit memo naming this invoice, or -1 */
};

enum { CR_RETURN, CR_PRICING, CR_DAMAGED, CR_SHORT, CR_BILLING,
    CR_REBATE, CR_FREIGHT, CR_GOODWILL, CR_PROMO };

struct credit {
	int64_t amount;
	int32_t date, cust, inv;  /* inv: the invoice it names, or -1 */
	int32_t rma;
	uint8_t reason, deduct, disputed;
};

/* A payment; "group" because it pays a group of invoices. */
enum { G_NONE, G_FULL, G_PART, G_REST, G_SHORT, G_OVER, G_DUP, G_NSF,
    G_REPL, G_ACCT };
enum { R_EXACT, R_VARIANT, R_LOOSE, R_NONE, R_CHECK, R_PO, R_TYPO,
    R_MULTI_COMMA, R_MULTI_SLASH, R_MULTI_SPACE, R_MULTI_NONE, R_REMIT,
    R_LESSCM, R_PARTIAL, R_BALANCE, R_REPL, R_SHORTFEE, R_ACCT };

#define GF_PROT   1       /* chosen on purpose: never dropped or split */
#define GF_DROP   2
#define GF_NOCUST 4
#define GF_CHKMEMO 8      /* samples: the check number written in the memo */

struct grp {
	int64_t amount;
	int32_t date, cust;
	int32_t mem;            /* members[mem .. mem + n) are invoice indices */
	int32_t aux;            /* typo number, credit, linked payment */
	int32_t no;             /* payment number, from 1 in date order */
	uint32_t checkno;
	uint8_t n, kind, ref, method, flags;
};

enum { A_CALL, A_EMAIL, A_LETTER, A_NOTE, A_PROMISE, A_DISPUTE };
static const char *const kind_names[] = { "call", "email", "letter", "note", "promise", "dispute" };

struct act {
	int64_t amount;         /* -1 = none */
	int32_t date, cust;
	int32_t doc;            /* invoice index, or -1 */
	int32_t pay;            /* payment (group) index, or -1 */
	int32_t promise, follow;/* -1 = none */
	uint32_t text, tlen;    /* in the text arena */
	const char *outcome;
	uint8_t kind;
};

/* The customer (number) of the samples who is a consumer. */
#define SAMPLE_CONSUMER 23

struct opts {
	uint64_t seed;
	long customers, invoices, payments, credits, activities, days;
	int32_t start;
	int samples, verbose, habits;
	int natural;            /* --habits without --payments: as many
	                         * payments as the habits make */
	const char *dir;
	int32_t day;            /* --day: the day written, or -1 */
	long day_invoices, day_payments, day_credits;
};

struct gen {
	struct opts o;
	int32_t start, end;     /* first and last day of the period */
	int cw, iw, pw, mw;     /* digits in customer, invoice, payment, credit numbers */

	struct cust *cu;
	uint64_t *cumw;         /* cumulative invoicing weight */
	int32_t *guide;         /* guide[k]: first customer with cumw > k/nguide of the total */
	long nguide;
	char (*bank)[24];       /* the name as a bank statement shows it */
	int32_t (*win)[2];      /* inv_from, inv_to, kept apart for speed */
	uint8_t *eur;           /* invoices in EUR, kept apart for speed */
	long ncu;
	uint64_t totalw;

	struct inv *inv;
	long ninv;
	int32_t *cust_off;      /* where each customer's invoices start, in
	                         * an array of invoices ordered by customer */
	int32_t *first_pay;     /* per invoice: date of its first payment, or -1 */
	int32_t broken;         /* the samples' customer of two broken promises, + 1 */
	int32_t *due_pay;       /* --day only: per invoice, the day its customer
	                         * pays it, even after the period; -1 never */

	struct credit *cr;
	long ncr;

	struct grp *grp;
	size_t ngrp, grpcap;
	int32_t *mem;
	size_t nmem, memcap;
	long npay, natural;
	long unident;           /* samples: the number of the unidentified payment */

	struct act *act;
	long nact;
	char *text;
	size_t ntext, textcap;

	/* counts for -v and the sample README */
	long cnt[32];
	int32_t ex[32][3];      /* example payments of each kind */
};

/* ------------------------------------------------------------------ */
/* Customers. */

static void
slug_add(struct sb *s, const char *w)
{
	const unsigned char *p = (const unsigned char *)w;

	for (; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'))
			sb_c(s, (char)*p);
		else if (*p >= 'A' && *p <= 'Z')
			sb_c(s, (char)(*p - 'A' + 'a'));
		else if (*p == 0xc3 && p[1]) {
			switch (*++p) {
			case 0xa4: case 0x84: sb_s(s, "ae"); break;
			case 0xb6: case 0x96: sb_s(s, "oe"); break;
			case 0xbc: case 0x9c: sb_s(s, "ue"); break;
			case 0x9f: sb_s(s, "ss"); break;
			case 0xa9: case 0xa8: case 0xaa: case 0x89: sb_c(s, 'e'); break;
			case 0xa1: sb_c(s, 'a'); break;
			case 0xad: case 0x8e: sb_c(s, 'i'); break;
			case 0xb3: case 0xb4: sb_c(s, 'o'); break;
			case 0xb1: sb_c(s, 'n'); break;
			case 0xa7: sb_c(s, 'c'); break;
			default: break;
			}
		}
	}
}

/* The payer as a bank statement shows it: upper-case ASCII, whole words,
 * at most 22 characters. */
static void
bank_name(struct sb *s, const char *name)
{
	struct sb w, t;
	const char *p;

	sb_reset(&t);
	for (p = name; *p; ) {
		const char *e = p;

		while (*e && *e != ' ')
			e++;
		sb_reset(&w);
		for (; p < e; p++) {
			unsigned char ch = (unsigned char)*p;

			if (ch >= 'a' && ch <= 'z')
				sb_c(&w, (char)(ch - 'a' + 'A'));
			else if (ch < 0x80)
				sb_c(&w, (char)ch);
			else if (ch == 0xc3 && p + 1 < e) {
				struct sb x;
				char one[3] = { p[0], p[1], 0 };
				size_t i;

				sb_reset(&x);
				slug_add(&x, one);
				for (i = 0; i < x.n; i++)
					sb_c(&w, (char)(x.b[i] - 'a' + 'A'));
				p++;
			}
		}
		if (t.n && t.n + 1 + w.n > 22)
			break;
		if (t.n)
			sb_c(&t, ' ');
		sb_mem(&t, w.b, w.n > 22 ? 22 : w.n);
		while (*p == ' ')
			p++;
	}
	sb_mem(s, t.b, t.n);
}

/* Set flag[i] = to for k distinct i where flag[i] == from (and !skip[i]). */
static void
mark_some(struct rng *r, uint8_t *flag, long n, long k, uint8_t from,
    uint8_t to, const uint8_t *skip)
{
	long done = 0, tries = 0;

	while (done < k && tries < 64 * (k + n)) {
		long i = (long)rng_below(r, (uint32_t)n);

		tries++;
		if (flag[i] != from || (skip && skip[i]))
			continue;
		flag[i] = to;
		done++;
	}
}

static long
atleast(long v, long min, long n, long need)
{
	return n >= need && v < min ? min : v;
}

static void
cust_name(struct rng *r, int eu, const char *city, struct sb *name, struct sb *dom)
{
	static const unsigned pat_w[] = { 330, 240, 50, 80, 40, 70, 50, 30, 30, 50, 30 };
	const char *a, *b, *ind, *suf;
	int pat;

	if (eu >= 0) {
		const char *sur;

		switch (eu) {
		case EU_DE: case EU_AT:
			sur = ONE_OF(r, de_sur);
			ind = ONE_OF(r, de_ind);
			suf = ONE_OF(r, de_suf);
			if (rng_pm(r, 200)) {
				b = ONE_OF(r, de_sur);
				sb_s(name, sur); sb_s(name, " & "); sb_s(name, b);
			} else {
				sb_s(name, sur); sb_c(name, ' '); sb_s(name, ind);
			}
			sb_c(name, ' '); sb_s(name, suf);
			slug_add(dom, sur);
			slug_add(dom, ind);
			break;
		case EU_FR:
			sur = ONE_OF(r, fr_sur);
			ind = ONE_OF(r, fr_ind);
			if (rng_pm(r, 300)) {
				sb_s(name, sur); sb_s(name, " et Fils");
			} else {
				sb_s(name, ind); sb_c(name, ' '); sb_s(name, sur);
			}
			sb_c(name, ' '); sb_s(name, ONE_OF(r, fr_suf));
			slug_add(dom, sur);
			break;
		case EU_NL:
			sur = ONE_OF(r, nl_sur);
			ind = ONE_OF(r, nl_ind);
			sb_s(name, sur); sb_c(name, ' '); sb_s(name, ind);
			sb_s(name, rng_pm(r, 800) ? " B.V." : " N.V.");
			slug_add(dom, sur);
			slug_add(dom, ind);
			break;
		case EU_IE:
			sur = ONE_OF(r, ie_sur);
			ind = ONE_OF(r, ie_ind);
			sb_s(name, sur); sb_c(name, ' '); sb_s(name, ind);
			sb_c(name, ' '); sb_s(name, ONE_OF(r, ie_suf));
			slug_add(dom, sur);
			slug_add(dom, ind);
			break;
		case EU_IT:
			sur = ONE_OF(r, it_sur);
			ind = ONE_OF(r, it_ind);
			sb_s(name, ind); sb_c(name, ' '); sb_s(name, sur);
			sb_c(name, ' '); sb_s(name, ONE_OF(r, it_suf));
			slug_add(dom, sur);
			break;
		default:
			sur = ONE_OF(r, es_sur);
			ind = ONE_OF(r, es_ind);
			sb_s(name, ind); sb_c(name, ' '); sb_s(name, sur);
			sb_c(name, ' '); sb_s(name, ONE_OF(r, es_suf));
			slug_add(dom, sur);
			break;
		}
		sb_c(dom, '.');
		sb_s(dom, eu_tlds[eu]);
		return;
	}

	a = ONE_OF(r, surnames);
	b = ONE_OF(r, surnames);
	while (b == a)
		b = ONE_OF(r, surnames);
	ind = ONE_OF(r, industries);
	suf = ONE_OF(r, suffixes);
	pat = PICK(r, pat_w);
	switch (pat) {
	case 0:         /* Summit Industrial Supply LLC */
		a = ONE_OF(r, adjectives);
		sb_s(name, a); sb_c(name, ' '); sb_s(name, ind);
		slug_add(dom, a); slug_add(dom, ind);
		break;
	case 1:         /* O'Brien Supply */
		sb_s(name, a); sb_c(name, ' '); sb_s(name, ind);
		slug_add(dom, a); slug_add(dom, ind);
		break;
	case 2:         /* Smith, Jones & Co */
		sb_s(name, a); sb_s(name, ", "); sb_s(name, b);
		sb_s(name, rng_pm(r, 500) ? " & Co" : " & Associates");
		suf = "";
		slug_add(dom, a); slug_add(dom, b);
		break;
	case 3:         /* Baker & Hughes Plumbing */
		sb_s(name, a); sb_s(name, " & "); sb_s(name, b);
		sb_c(name, ' '); sb_s(name, ind);
		slug_add(dom, a); slug_add(dom, b);
		break;
	case 4:         /* Walker & Sons Hardware */
		sb_s(name, a); sb_s(name, rng_pm(r, 600) ? " & Sons " : " Bros. ");
		sb_s(name, ind);
		slug_add(dom, a); slug_add(dom, ind);
		break;
	case 5:         /* Tacoma Fasteners Co. */
		sb_s(name, city); sb_c(name, ' '); sb_s(name, ind);
		slug_add(dom, city); slug_add(dom, ind);
		break;
	case 6:         /* Apex Coatings, Inc. */
		a = ONE_OF(r, adjectives);
		sb_s(name, a); sb_c(name, ' '); sb_s(name, ind);
		sb_s(name, rng_pm(r, 700) ? ", Inc." : ", LLC");
		suf = "";
		slug_add(dom, a); slug_add(dom, ind);
		break;
	case 7:         /* The Hartley Group */
		sb_s(name, "The "); sb_s(name, a); sb_s(name, " Group");
		suf = "";
		slug_add(dom, a); sb_s(dom, "group");
		break;
	case 8:         /* A-1 Plumbing, J&M Electric */
		sb_c(name, (char)('A' + rng_below(r, 26)));
		if (rng_pm(r, 500)) {
			sb_s(name, "-1 ");
		} else {
			sb_c(name, '&');
			sb_c(name, (char)('A' + rng_below(r, 26)));
			sb_c(name, ' ');
		}
		sb_s(name, ind);
		slug_add(dom, name->b);
		break;
	case 9:         /* Great Lakes Freight Lines */
		a = ONE_OF(r, adjectives);
		sb_s(name, a); sb_c(name, ' '); sb_s(name, ind);
		sb_s(name, ONE_OF(r, ((const char *const[]){ " Partners", " of America",
		    " International", " Holdings", " Services" })));
		suf = "";
		slug_add(dom, a); slug_add(dom, ind);
		break;
	default:        /* Lee's Hardware, Roberts' Lumber */
		sb_s(name, a);
		sb_s(name, a[strlen(a) - 1] == 's' ? "' " : "'s ");
		sb_s(name, ind);
		slug_add(dom, a); slug_add(dom, ind);
		break;
	}
	if (*suf) {
		sb_c(name, ' ');
		sb_s(name, suf);
	}
	if (dom->n > 24)
		dom->n = 24;
	dom->b[dom->n] = '\0';
	sb_s(dom, ONE_OF(r, ((const char *const[]){ ".com", ".com", ".com", ".com",
	    ".net", ".us", ".biz", ".co" })));
}

/* email, phone, address1, address2, city, region, postal_code, country */
static void
cust_contact(struct rng *r, struct out *o, const struct cust *c, const struct eucity *ec,
    const struct uscity *uc, const char *domain)
{
	int eu = ec ? ec->country : -1;
	struct sb f;

	/* email */
	if (!rng_pm(r, 40)) {
		sb_reset(&f);
		if (rng_pm(r, 250)) {
			slug_add(&f, firstnames[c->ap_first]);
			sb_c(&f, '.');
			slug_add(&f, ONE_OF(r, surnames));
		} else {
			sb_s(&f, ONE_OF(r, ((const char *const[]){ "ap", "ap",
			    "accounts.payable", "accountspayable", "invoices",
			    "billing", "finance", "ap.invoices", "payables" })));
		}
		sb_c(&f, '@');
		sb_s(&f, domain);
		out_sb(o, &f);
	}
	out_c(o, ',');

	/* phone: 555-01xx numbers are reserved for fiction */
	if (!rng_pm(r, 30)) {
		sb_reset(&f);
		if (ec) {
			sb_s(&f, ec->phone);
			sb_s(&f, " 555 ");
			sb_u(&f, rng_range(r, 0, 9999), 4);
		} else {
			unsigned x = (unsigned)rng_range(r, 0, 99);

			switch (rng_below(r, 4)) {
			case 0:
				sb_c(&f, '('); sb_s(&f, uc->area); sb_s(&f, ") 555-01");
				break;
			case 1:
				sb_s(&f, uc->area); sb_s(&f, "-555-01");
				break;
			case 2:
				sb_s(&f, "+1 "); sb_s(&f, uc->area); sb_s(&f, " 555 01");
				break;
			default:
				sb_s(&f, uc->area); sb_s(&f, ".555.01");
				break;
			}
			sb_u(&f, x, 2);
			if (rng_pm(r, 80)) {
				sb_s(&f, " x");
				sb_u(&f, rng_range(r, 100, 499), 0);
			}
		}
		out_sb(o, &f);
	}
	out_c(o, ',');

	/* address1, address2, city, region, postal_code, country */
	sb_reset(&f);
	if (ec) {
		unsigned num = (unsigned)rng_range(r, 1, 180);

		switch (eu) {
		case EU_DE: case EU_AT:
			sb_s(&f, ONE_OF(r, de_str)); sb_c(&f, ' '); sb_u(&f, num, 0);
			break;
		case EU_FR:
			sb_u(&f, num, 0); sb_c(&f, ' '); sb_s(&f, ONE_OF(r, fr_str));
			break;
		case EU_NL:
			sb_s(&f, ONE_OF(r, nl_str)); sb_c(&f, ' '); sb_u(&f, num, 0);
			break;
		case EU_IE:
			sb_s(&f, "Unit "); sb_u(&f, num % 40 + 1, 0); sb_s(&f, ", ");
			sb_s(&f, ONE_OF(r, ie_est));
			break;
		case EU_IT:
			sb_s(&f, ONE_OF(r, it_str)); sb_c(&f, ' '); sb_u(&f, num, 0);
			break;
		default:
			sb_s(&f, ONE_OF(r, es_str)); sb_s(&f, ", "); sb_u(&f, num, 0);
			break;
		}
	} else if (rng_pm(r, 60)) {
		sb_s(&f, "PO Box ");
		sb_u(&f, rng_range(r, 100, 99999), 0);
	} else {
		static const unsigned numw[] = { 20, 30, 30, 20 };
		static const int64_t numhi[] = { 99, 999, 9999, 29999 };

		sb_u(&f, rng_range(r, 1, numhi[PICK(r, numw)]), 0);
		sb_c(&f, ' ');
		if (rng_pm(r, 150))
			sb_s(&f, ONE_OF(r, ((const char *const[]){ "N. ", "S. ", "E. ", "W. " })));
		sb_s(&f, ONE_OF(r, streets));
		sb_c(&f, ' ');
		sb_s(&f, ONE_OF(r, street_types));
	}
	out_sb(o, &f);
	out_c(o, ',');
	if (!ec && rng_pm(r, 280)) {
		sb_reset(&f);
		switch (rng_below(r, 7)) {
		case 0: sb_s(&f, "Suite "); sb_u(&f, rng_range(r, 1, 19) * 50, 0); break;
		case 1: sb_s(&f, "Unit "); sb_c(&f, (char)('A' + rng_below(r, 6)));
			sb_u(&f, rng_range(r, 1, 12), 0); break;
		case 2: sb_s(&f, "Bldg "); sb_u(&f, rng_range(r, 1, 9), 0); break;
		case 3: sb_s(&f, "Floor "); sb_u(&f, rng_range(r, 2, 30), 0); break;
		case 4: sb_s(&f, "Attn: Accounts Payable"); break;
		case 5: sb_s(&f, "Suite "); sb_u(&f, rng_range(r, 100, 950), 0);
			sb_s(&f, ", Attn: AP"); break;
		default: sb_s(&f, "Dock "); sb_u(&f, rng_range(r, 1, 12), 0); break;
		}
		out_sb(o, &f);
	}
	out_c(o, ',');
	sb_reset(&f);
	sb_s(&f, ec ? ec->city : uc->city);
	out_sb(o, &f);
	out_c(o, ',');
	sb_reset(&f);
	sb_s(&f, ec ? ec->region : uc->state);
	out_sb(o, &f);
	out_c(o, ',');
	sb_reset(&f);
	if (!ec) {
		sb_s(&f, uc->zip3);
		sb_u(&f, rng_range(r, 1, 99), 2);
		if (rng_pm(r, 120)) {
			sb_c(&f, '-');
			sb_u(&f, rng_range(r, 1, 9999), 4);
		}
	} else {
		switch (eu) {
		case EU_AT:
			sb_s(&f, ec->pc);
			sb_u(&f, rng_range(r, 1, 23) * 10, 3);
			break;
		case EU_NL:
			sb_s(&f, ec->pc);
			sb_u(&f, rng_range(r, 11, 99), 2);
			sb_c(&f, ' ');
			sb_c(&f, (char)('A' + rng_below(r, 26)));
			sb_c(&f, (char)('B' + rng_below(r, 24)));
			break;
		case EU_IE:
			sb_s(&f, ec->pc);
			sb_c(&f, ' ');
			sb_c(&f, (char)('A' + rng_below(r, 8)));
			sb_u(&f, rng_range(r, 10, 99), 2);
			sb_c(&f, (char)('C' + rng_below(r, 20)));
			break;
		case EU_FR:
			sb_s(&f, ec->pc);
			sb_u(&f, rng_range(r, 1, 20), 3);
			break;
		case EU_IT: case EU_ES:
			sb_s(&f, ec->pc);
			sb_u(&f, rng_range(r, 10, 99), 2);
			break;
		default:
			sb_s(&f, ec->pc);
			sb_u(&f, rng_range(r, 100, 999), 3);
			break;
		}
	}
	out_sb(o, &f);
	out_c(o, ',');
	out_s(o, ec ? eu_codes[eu] : "US");
	out_c(o, ',');
}

static void
gen_customers(struct gen *g)
{
	static const unsigned size_w[] = { 600, 300, 90, 10 };
	static const unsigned prof_w[] = { 250, 450, 220, 60, 20 };
	static const unsigned method_w[] = { 380, 420, 80, 120 };
	static const unsigned terms_w[] = { 690, 60, 80, 60, 70, 20, 10, 10 };
	static const uint16_t terms_days[] = { 30, 15, 45, 60, 30, 45, 60, 15 };
	static const unsigned eterms_w[] = { 500, 0, 100, 350, 50, 0, 0, 0 };
	struct rng r, rs;
	struct out o;
	struct sb name, dom, f;
	long n = g->ncu, i, k;
	int32_t days = (int32_t)g->o.days;
	uint8_t *eur, *status, *contact;
	uint64_t cum = 0;

	g->cu = xcalloc((size_t)n, sizeof *g->cu);
	g->cumw = xcalloc((size_t)n, sizeof *g->cumw);
	g->bank = xcalloc((size_t)n, sizeof *g->bank);
	g->win = xcalloc((size_t)n, sizeof *g->win);
	rng_init(&r, g->o.seed, 1);
	rng_init(&rs, g->o.seed, 2);

	/* Exact counts of the rare kinds, so small data sets still have them. */
	eur = xcalloc((size_t)n + 1, 1);
	status = xcalloc((size_t)n + 1, 1);
	contact = xcalloc((size_t)n + 1, 1);
	mark_some(&rs, eur, n, atleast(n * 3 / 100, 2, n, 20), 0, 1, NULL);
	mark_some(&rs, status, n, atleast(n / 100, 1, n, 20), ST_ACTIVE, ST_BANKRUPT, eur);
	mark_some(&rs, status, n, atleast(n * 2 / 100, 1, n, 20), ST_ACTIVE, ST_CLOSED, eur);
	mark_some(&rs, status, n, atleast(n * 3 / 100, 1, n, 20), ST_ACTIVE, ST_HOLD, eur);
	for (i = 0; i < n; i++)
		if (status[i] == ST_BANKRUPT)
			contact[i] = CT_CEASE;
	mark_some(&rs, contact, n, atleast(n * 3 / 100, 1, n, 20), CT_OK, CT_NOCALLS, NULL);
	mark_some(&rs, contact, n, n / 200, CT_OK, CT_CEASE, NULL);
	g->eur = eur;
	for (i = 0; i < n; i++) {
		g->cu[i].eur = eur[i];
		g->cu[i].status = status[i];
		g->cu[i].contact = contact[i];
	}
	free(status);
	free(contact);

	out_open(&o, g->o.dir, "customers.csv");
	out_s(&o, "customer_id,name,email,phone,address1,address2,city,region,"
	    "postal_code,country,terms,credit_limit,currency,collector,status,contact,"
	    "timezone,kind\n");

	for (i = 0; i < n; i++) {
		struct cust *c = &g->cu[i];
		int eu = -1, t, city = 0;
		const struct eucity *ec = NULL;
		const struct uscity *uc = NULL;
		uint32_t w;
		int64_t limit = 0;

		if (c->eur) {
			ec = &eucities[rng_below(&r, NELEM(eucities))];
			eu = ec->country;
		} else {
			city = (int)rng_below(&r, NELEM(uscities));
			uc = &uscities[city];
		}
		sb_reset(&name);
		sb_reset(&dom);
		cust_name(&r, eu, ec ? ec->city : uc->city, &name, &dom);
		sb_reset(&f);
		bank_name(&f, name.b);
		memcpy(g->bank[i], f.b, f.n + 1);

		c->size = (uint8_t)PICK(&r, size_w);
		switch (c->size) {
		case SZ_SMALL:
			w = (uint32_t)rng_range(&r, 1, 4);
			c->amt_shift = -20;
			limit = rng_range(&r, 5, 30) * 50000;
			break;
		case SZ_MEDIUM:
			w = (uint32_t)rng_range(&r, 5, 20);
			limit = rng_range(&r, 4, 30) * 250000;
			break;
		case SZ_LARGE:
			w = (uint32_t)rng_range(&r, 20, 80);
			c->amt_shift = 12;
			limit = rng_range(&r, 10, 60) * 500000;
			break;
		default:
			w = (uint32_t)rng_range(&r, 100, 400);
			c->amt_shift = 20;
			limit = rng_range(&r, 10, 40) * 2500000;
			break;
		}
		c->amt_shift = (int16_t)(c->amt_shift + rng_range(&r, -8, 8));

		/* Invoicing window and payment behaviour follow the status. */
		c->inv_from = g->start;
		c->inv_to = g->end;
		c->stop_pay = g->end + 1;
		c->event_day = -1;
		if (rng_pm(&r, 150) && c->status != ST_CLOSED)
			c->inv_from = g->start + (int32_t)rng_range(&r, 0, days * 8 / 10);
		switch (c->status) {
		case ST_BANKRUPT:
			c->profile = PR_PROBLEM;
			c->event_day = business_day_before(g->start +
			    (int32_t)rng_range(&r, days * 55 / 100, days * 92 / 100));
			c->inv_to = c->event_day - 1 - (int32_t)rng_range(&r, 0, 30);
			c->stop_pay = c->event_day - (int32_t)rng_range(&r, 45, 120);
			break;
		case ST_CLOSED:
			c->profile = rng_pm(&r, 500) ? PR_PROMPT : PR_NORMAL;
			c->inv_to = g->start + (int32_t)rng_range(&r, days * 25 / 100, days * 85 / 100);
			break;
		case ST_HOLD:
			c->profile = rng_pm(&r, 500) ? PR_SLOW : PR_CHRONIC;
			c->event_day = business_day_before(g->end - (int32_t)rng_range(&r, 15, 90));
			c->inv_to = c->event_day;
			break;
		default:
			c->profile = (uint8_t)PICK(&r, prof_w);
			break;
		}
		if (c->inv_to < g->start)
			c->inv_to = g->start;
		if (c->inv_from > c->inv_to)
			c->inv_from = g->start;

		switch (c->profile) {
		case PR_PROMPT:
			c->late_mu = (int16_t)rng_range(&r, -4, 1);
			c->late_sd = 2;
			c->nonpay_bp = (uint16_t)rng_range(&r, 0, 20);
			break;
		case PR_NORMAL:
			c->late_mu = (int16_t)rng_range(&r, 2, 10);
			c->late_sd = 4;
			c->nonpay_bp = (uint16_t)rng_range(&r, 20, 60);
			break;
		case PR_SLOW:
			c->late_mu = (int16_t)rng_range(&r, 10, 40);
			c->late_sd = 8;
			c->nonpay_bp = (uint16_t)rng_range(&r, 60, 150);
			break;
		case PR_CHRONIC:
			c->late_mu = (int16_t)rng_range(&r, 40, 90);
			c->late_sd = 20;
			c->nonpay_bp = (uint16_t)rng_range(&r, 200, 600);
			break;
		default:
			c->late_mu = (int16_t)rng_range(&r, 60, 150);
			c->late_sd = 30;
			c->nonpay_bp = (uint16_t)rng_range(&r, 1000, 2000);
			break;
		}
		if (g->o.habits) {
			/* --habits: four kinds in turn, every invoice paid,
			 * from a generator of their own (the rest unchanged) */
			struct rng h;

			rng_init(&h, g->o.seed, 0x68616269ULL + (uint64_t)i);
			switch (i % 4) {
			case 0:         /* early */
				c->late_mu = (int16_t)rng_range(&h, -12, -4);
				c->late_sd = 1;
				break;
			case 1:         /* on time */
				c->late_mu = 0;
				c->late_sd = 1;
				break;
			case 2:         /* late */
				c->late_mu = (int16_t)rng_range(&h, 15, 45);
				c->late_sd = 3;
				break;
			default:        /* erratic */
				c->late_mu = (int16_t)rng_range(&h, 5, 25);
				c->late_sd = 25;
				break;
			}
			c->nonpay_bp = 0;
		}

		g->cumw[i] = cum += w;
		g->win[i][0] = c->inv_from;
		g->win[i][1] = c->inv_to;
		c->method = (uint8_t)(eu >= 0 ? M_WIRE : PICK(&r, method_w));
		if (c->method == M_CARD && c->size > SZ_SMALL)
			c->method = M_ACH;
		c->batch = 0;
		if (eu < 0 && c->method <= M_ACH && rng_pm(&r, 120))
			c->batch = rng_pm(&r, 600) ? 1 : 2;
		c->habit = (uint8_t)(rng_pm(&r, 750) ? 0 : rng_pm(&r, 840) ? 1 : 2);
		c->po = (uint8_t)rng_pm(&r, c->size >= SZ_LARGE ? 700 : 300);
		c->pofmt = (uint8_t)rng_below(&r, 4);
		c->po_base = (uint32_t)rng_range(&r, 10000, 899999);
		c->next_check = (uint32_t)rng_range(&r, 1001, 9800);
		c->ap_first = (uint8_t)rng_below(&r, NELEM(firstnames));
		t = eu >= 0 ? PICK(&r, eterms_w) : PICK(&r, terms_w);
		c->terms = terms_days[t];
		if (eu >= 0)
			c->collector = 4;
		else if (c->size >= SZ_LARGE)
			c->collector = 0;
		else
			c->collector = (uint8_t)(1 + city % 4);

		/* customer_id */
		out_doc(&o, "C", (uint64_t)i + 1, g->cw);
		out_c(&o, ',');
		out_sb(&o, &name);
		out_c(&o, ',');

		cust_contact(&r, &o, c, ec, uc, dom.b);

		/* terms, credit_limit, currency, collector, status, contact */
		if (t >= 4)
			out_s(&o, "NET");
		out_u(&o, c->terms);
		out_c(&o, ',');
		if (!rng_pm(&r, 40))
			out_amt(&o, limit);
		out_c(&o, ',');
		out_s(&o, c->eur ? "EUR" : "USD");
		out_c(&o, ',');
		out_s(&o, collectors[c->collector]);
		out_c(&o, ',');
		out_s(&o, status_names[c->status]);
		out_c(&o, ',');
		out_s(&o, contact_names[c->contact]);
		/* timezone, kind: the samples' one consumer, in Los Angeles
		 * (the contact rules of ar-note); every other a business */
		out_s(&o, g->o.samples && i + 1 == SAMPLE_CONSUMER
		      ? ",America/Los_Angeles,consumer\n" : ",,business\n");
	}
	g->totalw = cum;
	g->nguide = 2 * n;
	g->guide = xcalloc((size_t)g->nguide + 1, sizeof *g->guide);
	for (i = 0, k = 0; i < g->nguide; i++) {
		uint64_t x = (uint64_t)i * cum / (uint64_t)g->nguide;

		while (g->cumw[k] <= x)
			k++;
		g->guide[i] = (int32_t)k;
	}
	out_close(&o);
}

/* ------------------------------------------------------------------ */
/* Invoices. */

/* 2^(i/16) in Q16, for integer log-normal amounts. */
static const uint32_t pow2_16[16] = {
	65536, 68438, 71468, 74632, 77936, 81386, 84990, 88752,
	92682, 96785, 101070, 105545, 110218, 115098, 120194, 125515,
};

static int64_t
draw_amount(struct rng *r, const struct cust *c)
{
	int e = 78 + c->amt_shift, oct, i;
	int64_t cents;

	for (i = 0; i < 4; i++)
		e += (int)rng_range(r, -20, 20);
	if (e < 0)
		e = 0;
	if (e > 160)
		e = 160;
	oct = e / 16;
	cents = (int64_t)(((uint64_t)5000 << oct) * pow2_16[e % 16] >> 16);
	cents = cents * (1000 + rng_range(r, -31, 31)) / 1000;
	switch (rng_below(r, 20)) {
	case 0: case 1:         /* round dollars */
		cents -= cents % 100;
		break;
	case 2:                 /* service fees in 25.00 steps */
		if (cents >= 10000)
			cents -= cents % 2500;
		break;
	default:
		break;
	}
	return cents < 100 ? 100 : cents;
}

static int
has_po(const struct gen *g, long i)
{
	const struct cust *c = &g->cu[g->inv[i].cust];

	return c->po || mix64(g->o.seed ^ ((uint64_t)i * 0x9e3779b97f4a7c15ULL)) % 100 < 8;
}

static void
po_text(const struct gen *g, long i, struct sb *s)
{
	const struct cust *c = &g->cu[g->inv[i].cust];
	uint64_t h = mix64(g->o.seed + 7 + (uint64_t)i * 0xd1b54a32d192ed03ULL);

	switch (c->po ? c->pofmt : 0) {
	case 0:
		sb_s(s, "PO-");
		sb_u(s, h % 1000000, 6);
		break;
	case 1:
		sb_s(s, "4500");
		sb_u(s, (c->po_base + (uint64_t)i / 97) % 1000000, 6);
		break;
	case 2:
		sb_c(s, 'P');
		sb_u(s, (c->po_base + h % 5000) % 100000, 5);
		break;
	default:
		sb_s(s, ((const char *const[]){ "MRO", "FAC", "OPS", "WH" })[h % 4]);
		sb_c(s, '-');
		sb_u(s, h / 4 % 100000, 5);
		break;
	}
}

static void
description(struct rng *r, int32_t date, struct sb *s)
{
	int y, m, d;

	civil_from_days(date, &y, &m, &d);
	switch (rng_below(r, 24)) {
	case 0: sb_s(s, "Product order"); break;
	case 1: sb_s(s, "Parts and supplies"); break;
	case 2: sb_s(s, "Monthly service - "); sb_s(s, months[m - 1]);
		sb_c(s, ' '); sb_u(s, (uint64_t)y, 0); break;
	case 3: sb_s(s, "Maintenance contract Q"); sb_u(s, (uint64_t)(m - 1) / 3 + 1, 0);
		sb_c(s, ' '); sb_u(s, (uint64_t)y, 0); break;
	case 4: sb_s(s, "Freight and handling"); break;
	case 5: sb_s(s, "Equipment rental, "); sb_s(s, months[m - 1]);
		sb_c(s, ' '); sb_u(s, (uint64_t)y, 0); break;
	case 6: sb_s(s, "Consulting services - "); sb_s(s, months[m - 1]); break;
	case 7: sb_s(s, "Replacement parts per quote Q-"); sb_u(s, rng_range(r, 10000, 99999), 0); break;
	case 8: sb_u(s, rng_range(r, 2, 24), 0); sb_s(s, "\" steel flanges (qty ");
		sb_u(s, rng_range(r, 2, 200), 0); sb_c(s, ')'); break;
	case 9: sb_s(s, "Pallets, 48x40, grade A"); break;
	case 10: sb_s(s, "Field service call #"); sb_u(s, rng_range(r, 10000, 99999), 0); break;
	case 11: sb_s(s, "Installation labor"); break;
	case 12: sb_s(s, "Custom fabrication per drawing "); sb_u(s, rng_range(r, 1000, 9999), 0);
		sb_c(s, '-'); sb_c(s, (char)('A' + rng_below(r, 6))); break;
	case 13: sb_s(s, "Office supplies"); break;
	case 14: sb_s(s, "Safety equipment"); break;
	case 15: sb_s(s, "Janitorial services "); sb_s(s, months[m - 1]); break;
	case 16: sb_s(s, "Software subscription "); sb_s(s, months[m - 1]);
		sb_c(s, ' '); sb_u(s, (uint64_t)y, 0); break;
	case 17: sb_s(s, "Lumber and millwork"); break;
	case 18: sb_s(s, "Electrical components"); break;
	case 19: sb_s(s, "Packaging materials"); break;
	case 20: sb_s(s, "Hydraulic hose assemblies"); break;
	case 21: sb_s(s, "Order "); sb_u(s, rng_range(r, 100000, 999999), 0);
		sb_s(s, " - shipped complete"); break;
	case 22: sb_s(s, "Fasteners & fittings"); break;
	default:
		if (rng_pm(r, 10)) {
			sb_s(s, "Parts per attached list\nsee packing slip ");
			sb_u(s, rng_range(r, 10000, 99999), 0);
		}
		break;
	}
}

/* A customer drawn by invoicing weight: big accounts come up more often. */
static int32_t
weighted_customer(const struct gen *g, struct rng *r)
{
	/* totalw < 2^32: at most 9,999,999 customers of weight 400 or less */
	uint64_t u = rng_next(r) >> 32, x = u * g->totalw >> 32;
	int32_t c = g->guide[u * (uint64_t)g->nguide >> 32];

	while (g->cumw[c] <= x)
		c++;
	return c;
}

/* Customer for an invoice dated z: by weight, among those invoiced then. */
static int32_t
pick_customer(struct gen *g, struct rng *r, int32_t z)
{
	int32_t c = 0;
	int tries;

	for (tries = 0; tries < 24; tries++) {
		c = weighted_customer(g, r);
		if (z >= g->win[c][0] && z <= g->win[c][1])
			break;
	}
	return c;
}

#define INVOICES_HEADER "invoice_no,customer_id,invoice_date,due_date,amount,currency," \
	"po_number,description\n"

/* One row of invoices.csv: invoice i, its description drawn from rt. */
static void
invoice_row(struct gen *g, struct out *o, long i, struct rng *rt)
{
	const struct inv *v = &g->inv[i];
	struct sb s;

	out_doc(o, "INV-", (uint64_t)i + 1, g->iw);
	out_c(o, ',');
	out_doc(o, "C", (uint64_t)v->cust + 1, g->cw);
	out_c(o, ',');
	out_date(o, v->date);
	out_c(o, ',');
	out_date(o, v->due);
	out_c(o, ',');
	out_amt(o, v->amount);
	out_c(o, ',');
	out_s(o, g->cu[v->cust].eur ? "EUR" : "USD");
	out_c(o, ',');
	if (has_po(g, i)) {
		sb_reset(&s);
		po_text(g, i, &s);
		out_sb(o, &s);
	}
	out_c(o, ',');
	sb_reset(&s);
	description(rt, v->date, &s);
	out_sb(o, &s);
	out_c(o, '\n');
}

static void
gen_invoices(struct gen *g)
{
	struct rng r, rt;
	struct out o;
	int32_t days = (int32_t)g->o.days, d;
	uint64_t *cumday, total = 0;
	long i = 0, k;

	g->inv = xcalloc((size_t)g->ninv, sizeof *g->inv);
	rng_init(&r, g->o.seed, 3);
	rng_init(&rt, g->o.seed, 4);

	/* Billing volume per day: weekdays, a month-end run, slow holidays and
	 * 30% growth over the period. */
	cumday = xcalloc((size_t)days + 1, sizeof *cumday);
	for (d = 0; d < days; d++) {
		int32_t z = g->start + d;
		int y, m, dd, w = weekday(z);
		uint64_t wt;

		civil_from_days(z, &y, &m, &dd);
		wt = w == 0 ? 2 : w == 6 ? 6 : 100;
		if (w != 0 && w != 6 && dd >= days_in_month(y, m) - 3)
			wt += 40;
		if ((m == 1 && dd == 1) || (m == 7 && dd == 4) || (m == 12 && dd == 25))
			wt = 3;
		else if (m == 12 && (dd == 24 || dd == 31))
			wt /= 2;
		wt = wt * (uint64_t)(1000 + 300 * (int64_t)d / days);
		cumday[d + 1] = total += wt;
	}

	out_open(&o, g->o.dir, "invoices.csv");
	out_s(&o, INVOICES_HEADER);
	for (d = 0; d < days && g->ninv; d++) {
		uint64_t a = (uint64_t)g->ninv * cumday[d] / total;
		uint64_t b = (uint64_t)g->ninv * cumday[d + 1] / total;
		int32_t z = g->start + d;

		for (k = 0; k < (long)(b - a); k++, i++) {
			struct inv *v = &g->inv[i];
			const struct cust *c;

			v->date = z;
			v->cust = pick_customer(g, &r, z);
			c = &g->cu[v->cust];
			v->due = z + c->terms;
			v->amount = draw_amount(&r, c);
			v->credit = -1;
			invoice_row(g, &o, i, &rt);
		}
	}
	out_close(&o);
	free(cumday);

	g->cust_off = xcalloc((size_t)g->ncu + 1, sizeof *g->cust_off);
	for (i = 0; i < g->ninv; i++)
		g->cust_off[g->inv[i].cust + 1]++;
	for (k = 0; k < g->ncu; k++)
		g->cust_off[k + 1] += g->cust_off[k];
}

/* ------------------------------------------------------------------ */
/* Credit memos: half settle a dispute or return on a named invoice, the
 * rest are rebates and allowances on account. */

/* Why a credit memo naming an invoice was issued: CR_RETURN .. CR_BILLING. */
static const unsigned named_w[] = { 350, 300, 150, 150, 50 };

/* How much of the invoice a credit memo naming it gives back, in %. */
static int64_t
credit_pct(struct rng *r, int reason)
{
	switch (reason) {
	case CR_RETURN:
		return rng_pm(r, 150) ? 100 : rng_range(r, 10, 90);
	case CR_PRICING:
		return rng_range(r, 3, 15);
	case CR_DAMAGED:
		return rng_range(r, 5, 50);
	case CR_SHORT:
		return rng_range(r, 5, 30);
	default:
		return 100;
	}
}

#define CREDITS_HEADER "credit_no,customer_id,credit_date,amount,currency,invoice_no,reason\n"

/* One row of credits.csv: credit memo c as number no. */
static void
credit_row(struct gen *g, struct out *o, const struct credit *c, long no, struct rng *r)
{
	struct sb s;
	int y, m, dd;

	out_doc(o, "CM-", (uint64_t)no, g->mw);
	out_c(o, ',');
	out_doc(o, "C", (uint64_t)c->cust + 1, g->cw);
	out_c(o, ',');
	out_date(o, c->date);
	out_c(o, ',');
	out_amt(o, c->amount);
	out_c(o, ',');
	out_s(o, g->cu[c->cust].eur ? "EUR" : "USD");
	out_c(o, ',');
	if (c->inv >= 0)
		out_doc(o, "INV-", (uint64_t)c->inv + 1, g->iw);
	out_c(o, ',');
	sb_reset(&s);
	civil_from_days(c->date, &y, &m, &dd);
	switch (c->reason) {
	case CR_RETURN:
		sb_s(&s, "Returned goods - RMA ");
		sb_u(&s, (uint64_t)c->rma, 0);
		break;
	case CR_PRICING:
		sb_s(&s, rng_pm(r, 500) ? "Pricing dispute: billed list, contract price applies"
		    : "Price adjustment per quote");
		break;
	case CR_DAMAGED:
		sb_s(&s, "Damaged in transit");
		break;
	case CR_SHORT:
		sb_s(&s, "Short shipment");
		break;
	case CR_BILLING:
		sb_s(&s, "Billing error - duplicate invoice");
		break;
	case CR_REBATE:
		sb_s(&s, "Volume rebate Q");
		sb_u(&s, (uint64_t)(m - 1) / 3 + 1, 0);
		sb_c(&s, ' ');
		sb_u(&s, (uint64_t)y, 0);
		break;
	case CR_FREIGHT:
		sb_s(&s, "Freight allowance");
		break;
	case CR_GOODWILL:
		sb_s(&s, "Goodwill credit, late delivery");
		break;
	default:
		sb_s(&s, "Co-op advertising allowance");
		break;
	}
	out_sb(o, &s);
	out_c(o, '\n');
}

static void
gen_credits(struct gen *g)
{
	static const unsigned other_w[] = { 400, 250, 200, 150 };
	struct rng r;
	struct out o;
	struct credit *tmp;
	long n = g->ncr, i, named = (n + 1) / 2;
	int32_t days = (int32_t)g->o.days;
	int32_t *cnt, d;

	tmp = xcalloc((size_t)n, sizeof *tmp);
	rng_init(&r, g->o.seed, 5);
	for (i = 0; i < n; i++) {
		struct credit *c = &tmp[i];
		int tries;

		c->inv = -1;
		c->rma = (int32_t)rng_range(&r, 10000, 99999);
		c->deduct = 0;
		for (tries = 0; i < named && g->ninv && tries < 64; tries++) {
			int32_t k = (int32_t)rng_below(&r, (uint32_t)g->ninv);
			struct inv *v = &g->inv[k];
			int64_t a = v->amount, pct;
			int32_t span;

			if (v->credit != -1 || v->date + 3 > g->end)
				continue;
			v->credit = -2;         /* taken; the index comes after sorting */
			c->inv = k;
			c->cust = v->cust;
			c->reason = (uint8_t)PICK(&r, named_w);
			span = g->cu[v->cust].terms + 10;
			if (span > 45)
				span = 45;
			c->date = v->date + (int32_t)rng_range(&r, 2, span);
			if (c->date > g->end)
				c->date = g->end;
			c->date = business_day_before(c->date);
			if (c->date <= v->date)
				c->date = v->date + 1;
			pct = credit_pct(&r, c->reason);
			c->amount = a * pct / 100;
			if (c->amount < 100)
				c->amount = a < 100 ? a : 100;
			break;
		}
		if (c->inv >= 0)
			continue;
		/* on account */
		c->cust = 0;
		for (tries = 0; tries < 24; tries++) {
			c->cust = weighted_customer(g, &r);
			if (g->cu[c->cust].status != ST_BANKRUPT)
				break;
		}
		{
			const struct cust *cu = &g->cu[c->cust];
			int32_t hi = cu->inv_to + 30 > g->end ? g->end : cu->inv_to + 30;

			c->date = business_day_before((int32_t)rng_range(&r, cu->inv_from, hi));
			if (c->date < g->start)
				c->date = business_day(g->start) <= g->end ? business_day(g->start) : g->start;
		}
		c->reason = (uint8_t)(CR_REBATE + PICK(&r, other_w));
		switch (c->reason) {
		case CR_REBATE:
			c->amount = rng_range(&r, 50, 2500) * 100 + rng_range(&r, 0, 99);
			break;
		case CR_FREIGHT:
			c->amount = rng_range(&r, 1500, 30000);
			break;
		case CR_GOODWILL:
			c->amount = rng_range(&r, 25, 500) * 100;
			break;
		default:
			c->amount = rng_range(&r, 2500, 150000);
			break;
		}
		c->deduct = (uint8_t)rng_pm(&r, 500);
	}

	/* number them in date order (counting sort keeps creation order) */
	cnt = xcalloc((size_t)days + 1, sizeof *cnt);
	for (i = 0; i < n; i++)
		cnt[tmp[i].date - g->start + 1]++;
	for (d = 0; d < days; d++)
		cnt[d + 1] += cnt[d];
	g->cr = xcalloc((size_t)n, sizeof *g->cr);
	for (i = 0; i < n; i++) {
		int32_t k = cnt[tmp[i].date - g->start]++;

		g->cr[k] = tmp[i];
		if (tmp[i].inv >= 0)
			g->inv[tmp[i].inv].credit = k;
	}
	free(cnt);
	free(tmp);

	out_open(&o, g->o.dir, "credits.csv");
	out_s(&o, CREDITS_HEADER);
	for (i = 0; i < n; i++)
		credit_row(g, &o, &g->cr[i], i + 1, &r);
	out_close(&o);
}

/* ------------------------------------------------------------------ */
/* Payments. */

struct ev {
	int64_t amount;
	int32_t pay, inv;
};

static int
ev_cmp(const void *a, const void *b)
{
	const struct ev *x = a, *y = b;

	if (x->pay != y->pay)
		return x->pay < y->pay ? -1 : 1;
	return (x->inv > y->inv) - (x->inv < y->inv);
}

static int32_t
new_group(struct gen *g, int32_t cust, int32_t date, int kind, int n)
{
	struct grp *p;

	xgrow(&g->grp, &g->grpcap, g->ngrp + 1, sizeof *g->grp);
	p = &g->grp[g->ngrp];
	memset(p, 0, sizeof *p);
	p->cust = cust;
	p->date = date;
	p->kind = (uint8_t)kind;
	p->n = (uint8_t)n;
	p->mem = (int32_t)g->nmem;
	p->aux = -1;
	p->method = g->cu[cust].method;
	return (int32_t)g->ngrp++;
}

static void
add_member(struct gen *g, int32_t inv)
{
	xgrow(&g->mem, &g->memcap, g->nmem + 1, sizeof *g->mem);
	g->mem[g->nmem++] = inv;
}

/* A mistyped invoice number: two adjacent digits swapped, never one of
 * the payer's own invoices, so it cannot quietly pay the wrong item. */
static int32_t
typo_number(struct gen *g, struct rng *r, int32_t inv, int32_t cust)
{
	char d[24];
	int n = (int)fmt_u(d, (uint64_t)inv + 1, g->iw), p, t;

	for (t = 0; t < 8; t++) {
		char e[24];
		long v = 0;
		int i;

		p = n - 2 - (int)rng_below(r, 3);
		if (p < 0 || d[p] == d[p + 1])
			continue;
		memcpy(e, d, (size_t)n);
		e[p] = d[p + 1];
		e[p + 1] = d[p];
		for (i = 0; i < n; i++)
			v = v * 10 + (e[i] - '0');
		if (v < 1 || v == inv + 1)
			continue;
		if (v <= g->ninv && g->inv[v - 1].cust == cust)
			continue;
		return (int32_t)v;
	}
	/* no two different digits to swap: a wrong last digit instead */
	for (t = 1; t < 10; t++) {
		long v = (inv + 1) - (inv + 1) % 10 + ((inv + 1) % 10 + t) % 10;

		if (v >= 1 && (v > g->ninv || g->inv[v - 1].cust != cust))
			return (int32_t)v;
	}
	return inv + 1 + 10 * (int32_t)g->ninv;
}

static int
single_ref(struct rng *r, const struct cust *c, int method)
{
	static const unsigned w0[] = { 870, 50, 20, 30, 15, 10, 5 };
	static const unsigned w1[] = { 680, 80, 60, 100, 40, 30, 10 };
	static const unsigned w2[] = { 300, 30, 60, 400, 120, 80, 10 };
	static const int kinds[] = { R_EXACT, R_VARIANT, R_LOOSE, R_NONE, R_CHECK, R_PO, R_TYPO };
	int k = kinds[c->habit == 0 ? PICK(r, w0) : c->habit == 1 ? PICK(r, w1) : PICK(r, w2)];

	if (k == R_CHECK && method != M_CHECK)
		k = R_NONE;
	return k;
}

static int
multi_ref(struct rng *r, int method)
{
	static const unsigned w[] = { 450, 200, 150, 150, 50 };
	static const int kinds[] = { R_MULTI_COMMA, R_MULTI_SLASH, R_MULTI_SPACE, R_MULTI_NONE, R_REMIT };
	int k = kinds[PICK(r, w)];

	if (k == R_MULTI_NONE && method == M_CHECK && rng_pm(r, 500))
		k = R_CHECK;
	return k;
}

static int
pay_method(struct rng *r, const struct cust *c, int64_t amount)
{
	int m = c->method;

	if (!rng_pm(r, 120))
		return m == M_CARD && amount > 1000000 ? M_ACH : m;
	if (c->eur)
		return M_WIRE;
	m = (int)rng_below(r, 4);
	return m == M_CARD && amount > 1000000 ? M_CHECK : m;
}

/* Next Friday, or the 15th / last of the month, for customers paying in
 * check runs. */
static int32_t
run_day(int batch, int32_t z)
{
	int y, m, d, last;

	if (batch == 1)
		return z + (5 - weekday(z) + 7) % 7;
	civil_from_days(z, &y, &m, &d);
	last = days_in_month(y, m);
	return business_day_before(d <= 15 ? z + 15 - d : z + last - d);
}

/* When each invoice gets paid, if it does, from its customer's habits.
 * Invoices are read in order and the answers filed by customer into
 * ev[cust_off[c] ..], ne[c] of them. */
static void
pay_days(struct gen *g, struct ev *ev, int32_t *ne)
{
	struct rng rr, *r = &rr;
	long i;

	rng_init(r, g->o.seed, 9);
	for (i = 0; i < g->ninv && g->due_pay; i++)
		g->due_pay[i] = -1;
	for (i = 0; i < g->ninv; i++) {
		const struct inv *v = &g->inv[i];
		const struct cust *c = &g->cu[v->cust];
		int64_t payable = v->amount;
		int32_t pay, late;
		struct ev *e;

		if (v->credit >= 0)
			payable -= g->cr[v->credit].amount;
		if (payable <= 0)
			continue;
		if (rng_below(r, 10000) < c->nonpay_bp)
			continue;
		late = c->late_mu + (int32_t)(rng_range(r, -c->late_sd, c->late_sd) +
		    rng_range(r, -c->late_sd, c->late_sd)) / 2;
		if (rng_pm(r, 20))
			late += (int32_t)rng_range(r, 0, 3 * c->late_sd + 10);
		pay = v->due + late;
		if (v->credit >= 0) {
			/* a dispute holds the payment until the credit is issued */
			int32_t cd = g->cr[v->credit].date + (int32_t)rng_range(r, 2, 10);

			if (pay < cd)
				pay = cd;
		}
		if (pay < v->date + 2)
			pay = v->date + 2;
		if (c->batch)
			pay = run_day(c->batch, pay);
		if (pay <= v->date)
			pay = v->date + 1;
		pay = business_day(pay);
		if (g->due_pay && (pay < c->stop_pay || c->stop_pay > g->end))
			g->due_pay[i] = pay;
		if (pay >= c->stop_pay || pay > g->end)
			continue;
		e = &ev[g->cust_off[v->cust] + ne[v->cust]++];
		e->pay = pay;
		e->inv = (int32_t)i;
		e->amount = payable;
	}
}

/* Turn one customer's paid invoices into payments. */
static void
plan_customer(struct gen *g, struct rng *r, int32_t ci, struct ev *ev, long ne,
    const int32_t *cr_off, const int32_t *cr_by)
{
	const struct cust *c = &g->cu[ci];
	long k, a, b;
	size_t first = g->ngrp, j;

	if (ne > 1)
		qsort(ev, (size_t)ne, sizeof *ev, ev_cmp);

	for (a = 0; a < ne; a = b) {
		int32_t gi, inv0 = ev[a].inv;
		struct grp *p;
		int64_t amt = 0;

		b = a + 1;
		if (c->batch) {
			long cap = 3 + (long)rng_below(r, 4);

			while (b < ne && ev[b].pay == ev[a].pay && b - a < cap)
				b++;
		} else if (rng_pm(r, 40)) {
			while (b < ne && b - a < 3 && ev[b].pay - ev[a].pay <= 3)
				b++;
		}
		gi = new_group(g, ci, ev[b - 1].pay, G_FULL, (int)(b - a));
		for (k = a; k < b; k++) {
			add_member(g, ev[k].inv);
			amt += ev[k].amount;
		}
		p = &g->grp[gi];
		p->amount = amt;
		p->method = (uint8_t)pay_method(r, c, amt);
		if (b - a > 1) {
			p->ref = (uint8_t)multi_ref(r, p->method);
		} else {
			unsigned x = rng_below(r, 1000);

			p->ref = (uint8_t)single_ref(r, c, p->method);
			if (p->ref == R_PO && !has_po(g, inv0))
				p->ref = R_EXACT;
			if (p->ref == R_TYPO)
				p->aux = typo_number(g, r, inv0, ci);
			if (x < 30 && amt >= 2000) {
				/* partial now, the balance later (or never) */
				int64_t part = amt * rng_range(r, 25, 75) / 100;
				int32_t rest = business_day(p->date + (int32_t)rng_range(r, 14, 45));

				part -= part % (part >= 500000 ? 10000 : 100);
				if (part <= 0)
					part = 100;
				p->kind = G_PART;
				p->amount = part;
				p->ref = rng_pm(r, 300) ? R_PARTIAL : R_EXACT;
				if (rest <= g->end && rest < c->stop_pay) {
					int32_t ri = new_group(g, ci, rest, G_REST, 1);

					add_member(g, inv0);
					p = &g->grp[ri];
					p->amount = amt - part;
					p->aux = gi;
					p->ref = rng_pm(r, 300) ? R_BALANCE : R_EXACT;
				}
			} else if (x < 40 && amt > 5000) {
				/* short: bank charges on a wire, or an unearned discount */
				if (p->method == M_WIRE) {
					p->amount -= rng_range(r, 1500, 4500);
					p->ref = rng_pm(r, 500) ? R_SHORTFEE : R_EXACT;
				} else {
					p->amount -= amt * 2 / 100;
					p->ref = R_EXACT;
				}
				p->kind = G_SHORT;
			} else if (x < 46) {
				p->kind = G_OVER;
				p->amount = amt - amt % 10000 + 10000;
				p->ref = R_EXACT;
			} else if (x < 49) {
				int32_t dup = business_day(p->date + (int32_t)rng_range(r, 5, 30));

				p->ref = R_EXACT;
				if (dup <= g->end && dup < c->stop_pay) {
					int32_t di = new_group(g, ci, dup, G_DUP, 1);

					add_member(g, inv0);
					g->grp[di].amount = amt;
					g->grp[di].aux = gi;
					g->grp[di].ref = R_EXACT;
					g->grp[di].method = g->grp[gi].method;
				}
			}
		}
		p = &g->grp[gi];
		if ((p->ref == R_EXACT || p->ref == R_MULTI_COMMA || p->ref == R_MULTI_SPACE) &&
		    rng_pm(r, 10))
			p->flags |= GF_NOCUST;
	}

	/* credits on account that the customer deducts from a later payment */
	for (k = cr_off[ci]; k < cr_off[ci + 1]; k++) {
		struct credit *cr = &g->cr[cr_by[k]];

		if (!cr->deduct)
			continue;
		for (j = first; j < g->ngrp; j++) {
			struct grp *p = &g->grp[j];

			if (p->kind == G_FULL && p->n == 1 && p->ref == R_EXACT &&
			    p->date >= cr->date + 3 && p->amount > cr->amount + 10000 &&
			    !(p->flags & GF_NOCUST)) {
				p->amount -= cr->amount;
				p->ref = R_LESSCM;
				p->aux = cr_by[k];
				break;
			}
		}
	}
}

/* A plain payment: one invoice, exact reference, nothing special yet. */
static int
plain(const struct gen *g, size_t k)
{
	const struct grp *p = &g->grp[k];

	return p->kind == G_FULL && p->n == 1 && p->ref == R_EXACT &&
	    !(p->flags & (GF_PROT | GF_DROP | GF_NOCUST));
}

static long
find_plain(struct gen *g, struct rng *r, int32_t min_gap, int32_t max_date,
    int want_check)
{
	long t, k;

	if (!g->ngrp)
		return -1;
	for (t = 0; t < 4000; t++) {
		k = (long)rng_below(r, (uint32_t)g->ngrp);
		if (!plain(g, (size_t)k) || g->grp[k].date > max_date ||
		    g->grp[k].date - g->inv[g->mem[g->grp[k].mem]].date < min_gap)
			continue;
		if (want_check && g->cu[g->grp[k].cust].method != M_CHECK && t < 3000)
			continue;
		return k;
	}
	for (k = 0; k < (long)g->ngrp; k++)
		if (plain(g, (size_t)k) && g->grp[k].date <= max_date &&
		    g->grp[k].date - g->inv[g->mem[g->grp[k].mem]].date >= min_gap)
			return k;
	return -1;
}

/* Make sure each kind of remittance a cash applier meets is present. */
static void
ensure_specials(struct gen *g, struct rng *r)
{
	long have[32] = { 0 }, k, nsf, t;
	size_t j;

	for (j = 0; j < g->ngrp; j++) {
		const struct grp *p = &g->grp[j];

		if (p->n > 1 && (p->ref == R_MULTI_COMMA || p->ref == R_MULTI_SPACE))
			have[0]++;
		if (p->kind == G_PART)
			have[1]++;
		if (p->ref == R_NONE || p->ref == R_MULTI_NONE)
			have[2]++;
		if (p->ref == R_TYPO)
			have[3]++;
		if (p->kind == G_OVER)
			have[4]++;
	}
	if (g->ngrp < 20)
		return;

	/* several invoices named in one payment: merge two of one customer */
	for (t = 0; !have[0] && t < 4000; t++) {
		size_t a = rng_below(r, (uint32_t)g->ngrp), b;

		if (!plain(g, a))
			continue;
		for (b = a + 1; b < g->ngrp && g->grp[b].cust == g->grp[a].cust; b++) {
			struct grp *p = &g->grp[a], *q = &g->grp[b];
			int32_t i0 = g->mem[p->mem], i1 = g->mem[q->mem];

			if (!plain(g, b) || q->date - p->date > 14 || q->date < p->date)
				continue;
			p->mem = (int32_t)g->nmem;
			add_member(g, i0);
			add_member(g, i1);
			p->n = 2;
			p->amount += q->amount;
			p->date = q->date;
			p->ref = R_MULTI_COMMA;
			p->flags |= GF_PROT;
			q->kind = G_NONE;
			have[0]++;
			break;
		}
	}
	/* partial payments, the balance following later */
	while (have[1] < 2 && (k = find_plain(g, r, 0, g->end - 20, 0)) >= 0) {
		struct grp *p = &g->grp[k];
		int64_t amt = p->amount, part = amt / 2 - amt / 2 % 100;
		int32_t ri, inv0 = g->mem[p->mem];

		if (part <= 0)
			part = amt / 2;
		p->kind = G_PART;
		p->amount = part;
		p->flags |= GF_PROT;
		ri = new_group(g, p->cust, business_day_before(p->date + 14 + (int32_t)rng_below(r, 6)),
		    G_REST, 1);
		add_member(g, inv0);
		g->grp[ri].amount = amt - part;
		g->grp[ri].aux = (int32_t)k;
		g->grp[ri].ref = R_EXACT;
		g->grp[ri].flags |= GF_PROT;
		have[1]++;
	}
	if (!have[2] && (k = find_plain(g, r, 0, g->end, 0)) >= 0) {
		g->grp[k].ref = R_NONE;
		g->grp[k].flags |= GF_PROT;
	}
	if (!have[3] && (k = find_plain(g, r, 0, g->end, 0)) >= 0) {
		g->grp[k].ref = R_TYPO;
		g->grp[k].aux = typo_number(g, r, g->mem[g->grp[k].mem], g->grp[k].cust);
		g->grp[k].flags |= GF_PROT;
	}
	if (!have[4] && (k = find_plain(g, r, 0, g->end, 0)) >= 0) {
		struct grp *p = &g->grp[k];

		p->kind = G_OVER;
		p->amount = p->amount - p->amount % 10000 + 10000;
		p->flags |= GF_PROT;
	}

	/* returned checks: a check that bounced, then a wire replacing it */
	nsf = g->o.activities >= 1 ? (g->o.activities / 200 > 0 ? g->o.activities / 200 : 1) : 0;
	for (t = 0; t < nsf; t++) {
		int32_t bi, bd;
		struct grp *p;

		if ((k = find_plain(g, r, 28, g->end, 1)) < 0)
			break;
		p = &g->grp[k];
		bd = business_day_before(p->date - 14 - (int32_t)rng_below(r, 5));
		bi = new_group(g, p->cust, bd, G_NSF, 1);
		p = &g->grp[k];
		g->grp[bi].mem = p->mem;
		g->grp[bi].amount = p->amount;
		g->grp[bi].ref = R_CHECK;
		g->grp[bi].method = M_CHECK;
		g->grp[bi].aux = (int32_t)k;
		g->grp[bi].flags |= GF_PROT;
		p->kind = G_REPL;
		p->ref = R_REPL;
		p->method = M_WIRE;
		p->aux = bi;
		p->flags |= GF_PROT;
	}
}

/* k-th smallest of distinct keys, in place (quickselect, deterministic). */
static void
select_smallest(uint64_t *a, long n, long k)
{
	long lo = 0, hi = n - 1;

	while (lo < hi) {
		uint64_t pivot, t;
		long i = lo, j = hi, mid = lo + (hi - lo) / 2;

		/* median of three */
		if (a[mid] < a[lo]) { t = a[mid]; a[mid] = a[lo]; a[lo] = t; }
		if (a[hi] < a[lo]) { t = a[hi]; a[hi] = a[lo]; a[lo] = t; }
		if (a[hi] < a[mid]) { t = a[hi]; a[hi] = a[mid]; a[mid] = t; }
		pivot = a[mid];
		while (i <= j) {
			while (a[i] < pivot)
				i++;
			while (a[j] > pivot)
				j--;
			if (i <= j) {
				t = a[i]; a[i] = a[j]; a[j] = t;
				i++;
				j--;
			}
		}
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			return;
	}
}

static long
live_payments(const struct gen *g)
{
	long q = 0;
	size_t j;

	for (j = 0; j < g->ngrp; j++)
		if (g->grp[j].kind != G_NONE && !(g->grp[j].flags & GF_DROP))
			q++;
	return q;
}

/* Bring the number of payments to exactly what was asked: too many, and
 * some go unpaid (recent ones and late payers' more likely); too few, and
 * some invoices are paid in two instalments, then payments on account. */
static void
adjust_count(struct gen *g, struct rng *r)
{
	long q = live_payments(g), want = g->o.payments, n, k;
	uint64_t *keys;
	size_t j;
	int pass;

	keys = xcalloc(g->ngrp + 1, sizeof *keys);
	for (pass = 0; q > want && pass < 2; pass++) {
		n = 0;
		for (j = 0; j < g->ngrp; j++) {
			const struct grp *p = &g->grp[j];
			uint64_t age, f;

			if (p->kind == G_NONE || (p->flags & GF_DROP) ||
			    (pass == 0 && (p->flags & GF_PROT)))
				continue;
			age = (uint64_t)(g->end - p->date);
			f = (8 + age / 7) * (8 + age / 7) *
			    (g->cu[p->cust].profile <= PR_NORMAL ? 2 : 1);
			if (f > 32767)
				f = 32767;
			keys[n++] = ((rng_next(r) >> 44) * f) << 28 | j;
		}
		k = q - want < n ? q - want : n;
		if (k < n)
			select_smallest(keys, n, k);
		for (j = 0; j < (size_t)k; j++)
			g->grp[keys[j] & ((1u << 28) - 1)].flags |= GF_DROP;
		q -= k;
	}
	while (q < want) {
		long before = q;

		n = 0;
		for (j = 0; j < g->ngrp; j++)
			if (plain(g, j) && g->grp[j].date <= g->end - 14 && g->grp[j].amount >= 200)
				keys[n++] = (rng_next(r) >> 36) << 28 | j;
		k = want - q < n ? want - q : n;
		if (k < n)
			select_smallest(keys, n, k);
		for (j = 0; j < (size_t)k; j++) {
			size_t gi = keys[j] & ((1u << 28) - 1);
			struct grp *p = &g->grp[gi];
			int64_t amt = p->amount, part = amt / 2;
			int32_t ri, inv0 = g->mem[p->mem];
			int32_t rest = business_day(p->date + 14 + (int32_t)rng_below(r, 17));

			if (rest > g->end)
				rest = business_day_before(g->end);
			if (rest <= p->date)
				continue;
			p->kind = G_PART;
			p->amount = part;
			ri = new_group(g, p->cust, rest, G_REST, 1);
			add_member(g, inv0);
			g->grp[ri].amount = amt - part;
			g->grp[ri].aux = (int32_t)gi;
			g->grp[ri].ref = R_EXACT;
			q++;
		}
		if (q == before)
			break;
	}
	free(keys);
	/* whatever is still missing: money on account, no invoice named */
	for (; q < want && g->ncu; q++) {
		int32_t gi, z, c = weighted_customer(g, r);

		z = business_day_before(g->start + (int32_t)rng_below(r, (uint32_t)g->o.days));
		if (z < g->start)
			z = g->start;
		gi = new_group(g, c, z, G_ACCT, 0);
		g->grp[gi].amount = rng_range(r, 100, 5000) * 100;
		g->grp[gi].ref = R_ACCT;
	}
}

static void
ref_invoice(struct gen *g, struct sb *s, int32_t i)
{
	sb_s(s, "INV-");
	sb_u(s, (uint64_t)i + 1, g->iw);
}

static void
payment_ref(struct gen *g, const struct grp *p, size_t gi, struct sb *s)
{
	struct rng r;
	const int32_t *m = g->mem + p->mem;
	int i;

	rng_init(&r, g->o.seed ^ (uint64_t)gi, 7);
	switch (p->ref) {
	case R_EXACT:
		if (p->flags & GF_CHKMEMO) {
			sb_s(s, "CHK #");
			sb_u(s, (uint64_t)p->checkno, 0);
			sb_s(s, " ");
		}
		ref_invoice(g, s, m[0]);
		break;
	case R_VARIANT:
		switch (rng_below(&r, 4)) {
		case 0:
			sb_s(s, "Invoice ");
			ref_invoice(g, s, m[0]);
			break;
		case 1:
			sb_s(s, "Payment for ");
			ref_invoice(g, s, m[0]);
			break;
		case 2:
			ref_invoice(g, s, m[0]);
			if (has_po(g, m[0])) {
				sb_s(s, " PO ");
				po_text(g, m[0], s);
			}
			break;
		default:
			sb_s(s, "REF ");
			ref_invoice(g, s, m[0]);
			sb_s(s, " ACCT ");
			sb_c(s, 'C');
			sb_u(s, (uint64_t)p->cust + 1, g->cw);
			break;
		}
		break;
	case R_LOOSE:
		switch (rng_below(&r, 4)) {
		case 0:
			sb_u(s, (uint64_t)m[0] + 1, g->iw);
			break;
		case 1:
			sb_s(s, "Inv ");
			sb_u(s, (uint64_t)m[0] + 1, 0);
			break;
		case 2:
			sb_s(s, "Invoice #");
			sb_u(s, (uint64_t)m[0] + 1, 0);
			break;
		default:
			sb_s(s, "INV");
			sb_u(s, (uint64_t)m[0] + 1, g->iw);
			break;
		}
		break;
	case R_MULTI_NONE:
	case R_NONE:
		switch (rng_below(&r, 6)) {
		case 0: case 1:
			break;
		case 2:
			sb_s(s, "PAYMENT THANK YOU");
			break;
		case 3:
			if (p->method == M_CARD) {
				sb_s(s, "CARD PAYMENT");
			} else {
				sb_s(s, p->method == M_WIRE ? "WIRE FROM " : "ACH CREDIT ");
				sb_s(s, g->bank[p->cust]);
			}
			break;
		case 4:
			sb_s(s, "ACCT ");
			sb_c(s, 'C');
			sb_u(s, (uint64_t)p->cust + 1, g->cw);
			break;
		default:
			sb_s(s, "REMITTANCE");
			break;
		}
		break;
	case R_CHECK:
		sb_s(s, "CHECK ");
		sb_u(s, p->checkno, 0);
		break;
	case R_PO:
		sb_s(s, "PO ");
		po_text(g, m[0], s);
		break;
	case R_TYPO:
		sb_s(s, "INV-");
		sb_u(s, (uint64_t)p->aux, g->iw);
		break;
	case R_MULTI_COMMA:
	case R_MULTI_SPACE:
		for (i = 0; i < p->n; i++) {
			if (i)
				sb_s(s, p->ref == R_MULTI_COMMA ? ", " : " ");
			ref_invoice(g, s, m[i]);
		}
		break;
	case R_MULTI_SLASH:
		sb_s(s, "Invoices ");
		for (i = 0; i < p->n; i++) {
			if (i)
				sb_c(s, '/');
			sb_u(s, (uint64_t)m[i] + 1, g->iw);
		}
		break;
	case R_REMIT:
		sb_s(s, "SEE REMITTANCE ADVICE");
		break;
	case R_LESSCM:
		ref_invoice(g, s, m[0]);
		sb_s(s, " less CM-");
		sb_u(s, (uint64_t)p->aux + 1, g->mw);
		break;
	case R_PARTIAL:
		if (rng_pm(&r, 500)) {
			sb_s(s, "PARTIAL PMT ");
			ref_invoice(g, s, m[0]);
		} else {
			ref_invoice(g, s, m[0]);
			sb_s(s, " partial payment");
		}
		break;
	case R_BALANCE:
		ref_invoice(g, s, m[0]);
		sb_s(s, " balance");
		break;
	case R_REPL:
		ref_invoice(g, s, m[0]);
		if (p->aux >= 0) {
			sb_s(s, " REPLACES RETURNED CHECK ");
			sb_u(s, g->grp[p->aux].checkno, 0);
		}
		break;
	case R_SHORTFEE:
		ref_invoice(g, s, m[0]);
		sb_s(s, " LESS BANK CHARGES");
		break;
	case R_ACCT:
		sb_s(s, rng_pm(&r, 500) ? "PREPAYMENT" : "DEPOSIT ON ORDER");
		break;
	default:
		break;
	}
}

static void
note_example(struct gen *g, int kind, int32_t gi)
{
	int i;

	g->cnt[kind]++;
	for (i = 0; i < 3; i++) {
		if (g->ex[kind][i] < 0) {
			g->ex[kind][i] = gi;
			return;
		}
	}
}

/* what the README and -v report; indices into cnt/ex */
enum { X_MULTI, X_PART, X_NOREF, X_TYPO, X_OVER, X_DUP, X_SHORT, X_NSF,
    X_REPL, X_NOCUST, X_LESSCM, X_LOOSE, X_ACCT, X_REST, X_PO, X_CHKMEMO, X_N };

#define PAYMENTS_HEADER "payment_no,customer_id,payment_date,amount,currency,method," \
	"reference,check_no\n"

static void payment_row(struct gen *g, struct out *o, int32_t gi);
static void note_kinds(struct gen *g, int32_t gi);

static void
gen_payments(struct gen *g)
{
	struct rng r;
	struct out o;
	struct ev *ev;
	int32_t *cr_off, *cr_by, *cnt, *remap, *ne, d;
	struct grp *sorted;
	int32_t days = (int32_t)g->o.days;
	long ci, i, k;
	size_t j;

	rng_init(&r, g->o.seed, 6);
	ev = xcalloc((size_t)g->ninv + 1, sizeof *ev);
	ne = xcalloc((size_t)g->ncu + 1, sizeof *ne);
	pay_days(g, ev, ne);

	/* credits by customer, in date order */
	cr_off = xcalloc((size_t)g->ncu + 1, sizeof *cr_off);
	cr_by = xcalloc((size_t)g->ncr + 1, sizeof *cr_by);
	for (i = 0; i < g->ncr; i++)
		cr_off[g->cr[i].cust + 1]++;
	for (ci = 0; ci < g->ncu; ci++)
		cr_off[ci + 1] += cr_off[ci];
	{
		int32_t *pos = xcalloc((size_t)g->ncu + 1, sizeof *pos);

		memcpy(pos, cr_off, (size_t)g->ncu * sizeof *pos);
		for (i = 0; i < g->ncr; i++)
			cr_by[pos[g->cr[i].cust]++] = (int32_t)i;
		free(pos);
	}

	for (ci = 0; ci < g->ncu; ci++)
		plan_customer(g, &r, (int32_t)ci, ev + g->cust_off[ci], ne[ci], cr_off, cr_by);
	free(ev);
	free(ne);
	free(cr_off);
	free(cr_by);
	ensure_specials(g, &r);
	g->natural = live_payments(g);
	if (!g->o.natural)
		adjust_count(g, &r);

	/* date order; number them; check numbers rise with time per customer */
	cnt = xcalloc((size_t)days + 1, sizeof *cnt);
	g->npay = 0;
	for (j = 0; j < g->ngrp; j++)
		if (g->grp[j].kind != G_NONE && !(g->grp[j].flags & GF_DROP)) {
			cnt[g->grp[j].date - g->start + 1]++;
			g->npay++;
		}
	for (d = 0; d < days; d++)
		cnt[d + 1] += cnt[d];
	g->first_pay = xcalloc((size_t)g->ninv + 1, sizeof *g->first_pay);
	for (i = 0; i < g->ninv; i++)
		g->first_pay[i] = -1;

	/* move them into date order, so writing walks memory in sequence */
	remap = xcalloc(g->ngrp + 1, sizeof *remap);
	for (j = 0; j < g->ngrp; j++)
		remap[j] = g->grp[j].kind != G_NONE && !(g->grp[j].flags & GF_DROP) ?
		    cnt[g->grp[j].date - g->start]++ : -1;
	free(cnt);
	sorted = xcalloc((size_t)g->npay + 1, sizeof *sorted);
	for (j = 0; j < g->ngrp; j++) {
		struct grp *p;

		if (remap[j] < 0)
			continue;
		p = &sorted[remap[j]];
		*p = g->grp[j];
		if (p->kind == G_REST || p->kind == G_DUP || p->kind == G_NSF || p->kind == G_REPL)
			p->aux = remap[p->aux];
	}
	free(remap);
	free(g->grp);
	g->grp = sorted;
	g->ngrp = g->grpcap = (size_t)g->npay;

	for (i = 0; i < g->npay; i++) {
		struct grp *p = &g->grp[i];

		p->no = (int32_t)i + 1;
		if (p->method == M_CHECK) {
			struct cust *c = &g->cu[p->cust];

			p->checkno = c->next_check;
			c->next_check += 1 + rng_below(&r, 12);
			if (c->next_check > 999999)
				c->next_check = 1001;
		}
		for (k = 0; k < p->n && p->kind != G_NSF; k++) {
			int32_t *fp = &g->first_pay[g->mem[p->mem + k]];

			if (*fp < 0)
				*fp = p->date;
		}
	}

	/* samples: one check payment gives its check number in the memo, as
	 * lockbox memos do; chosen in order, so no draw changes */
	for (i = 0; g->o.samples && i < g->npay; i++) {
		struct grp *p = &g->grp[i];

		if (p->method == M_CHECK && p->kind == G_FULL && p->n == 1 &&
		    p->ref == R_EXACT && !(p->flags & GF_NOCUST) && p->no >= 400) {
			p->flags |= GF_CHKMEMO;
			break;
		}
	}

	out_open(&o, g->o.dir, "payments.csv");
	out_s(&o, PAYMENTS_HEADER);
	for (i = 0; i < g->npay; i++) {
		payment_row(g, &o, (int32_t)i);
		note_kinds(g, (int32_t)i);
	}
	/* samples: a wire from nobody the ledger knows, naming no invoice
	 * (unidentified cash), after every other payment */
	if (g->o.samples) {
		g->unident = g->npay + 1;
		out_doc(&o, "PMT-", (uint64_t)g->unident, g->pw);
		out_s(&o, ",,");
		out_date(&o, g->end - 11);
		out_s(&o, ",1250.00,USD,wire,WIRE NORTHWIND TRADING REF 88213,\n");
	}
	out_close(&o);
}

/* One row of payments.csv: payment grp[gi]. */
static void
payment_row(struct gen *g, struct out *o, int32_t gi)
{
	const struct grp *p = &g->grp[gi];
	struct sb s;

	out_doc(o, "PMT-", (uint64_t)p->no, g->pw);
	out_c(o, ',');
	if (!(p->flags & GF_NOCUST))
		out_doc(o, "C", (uint64_t)p->cust + 1, g->cw);
	out_c(o, ',');
	out_date(o, p->date);
	out_c(o, ',');
	out_amt(o, p->amount);
	out_c(o, ',');
	out_s(o, g->eur[p->cust] ? "EUR" : "USD");
	out_c(o, ',');
	out_s(o, method_names[p->method]);
	out_c(o, ',');
	sb_reset(&s);
	payment_ref(g, p, (size_t)gi, &s);
	out_sb(o, &s);
	out_c(o, ',');
	if (p->method == M_CHECK)
		out_u(o, p->checkno);
	out_c(o, '\n');
}

/* Count payment grp[gi] by its kinds, for -v and the sample README. */
static void
note_kinds(struct gen *g, int32_t gi)
{
	const struct grp *p = &g->grp[gi];

	if (p->n > 1 && (p->ref == R_MULTI_COMMA || p->ref == R_MULTI_SPACE))
		note_example(g, X_MULTI, gi);
	if (p->kind == G_PART)
		note_example(g, X_PART, gi);
	if (p->kind == G_REST)
		note_example(g, X_REST, gi);
	if (p->ref == R_NONE || p->ref == R_MULTI_NONE || p->ref == R_REMIT ||
	    (p->ref == R_CHECK && p->kind != G_NSF))
		note_example(g, X_NOREF, gi);
	if (p->ref == R_TYPO)
		note_example(g, X_TYPO, gi);
	if (p->kind == G_OVER)
		note_example(g, X_OVER, gi);
	if (p->kind == G_DUP)
		note_example(g, X_DUP, gi);
	if (p->kind == G_SHORT)
		note_example(g, X_SHORT, gi);
	if (p->kind == G_NSF)
		note_example(g, X_NSF, gi);
	if (p->kind == G_REPL)
		note_example(g, X_REPL, gi);
	if (p->flags & GF_NOCUST)
		note_example(g, X_NOCUST, gi);
	if (p->ref == R_LESSCM)
		note_example(g, X_LESSCM, gi);
	if (p->ref == R_LOOSE || p->ref == R_MULTI_SLASH)
		note_example(g, X_LOOSE, gi);
	if (p->ref == R_PO)
		note_example(g, X_PO, gi);
	if (p->kind == G_ACCT)
		note_example(g, X_ACCT, gi);
	if (p->flags & GF_CHKMEMO)
		note_example(g, X_CHKMEMO, gi);
}

/* ------------------------------------------------------------------ */
/* One further business day (--day): the data set is generated again in
 * memory, with what its customers would pay after its end (due_pay), and
 * the day continues it: new invoices numbered after its last, payments of
 * invoices it leaves unpaid, planned as the data set plans its own, and
 * credit memos naming other unpaid invoices.  Everything is drawn from
 * streams of its own, seeded by the seed and the day, so the data set's
 * bytes do not move and two days differ. */

/* A customer for an invoice of the day: by weight, among those still
 * invoiced at the end of the period. */
static int32_t
day_customer(const struct gen *g, struct rng *r)
{
	int32_t c = 0;
	int tries;

	for (tries = 0; tries < 64; tries++) {
		c = weighted_customer(g, r);
		if (g->win[c][1] >= g->end && g->cu[c].status == ST_ACTIVE)
			break;
	}
	return c;
}

static int
u64_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

/* The keys[0 .. k) smallest of keys[0 .. n), sorted. */
static void
smallest_sorted(uint64_t *keys, long n, long k)
{
	if (k < n)
		select_smallest(keys, n, k);
	if (k > 1)
		qsort(keys, (size_t)k, sizeof *keys, u64_cmp);
}

struct due_item {
	int32_t cust, due, inv;
};

static int
due_cmp(const void *a, const void *b)
{
	const struct due_item *x = a, *y = b;

	if (x->cust != y->cust)
		return x->cust < y->cust ? -1 : 1;
	if (x->due != y->due)
		return x->due < y->due ? -1 : 1;
	return (x->inv > y->inv) - (x->inv < y->inv);
}

/* Mark (taken[i] = 2) the unpaid invoices a ledger of the data set most
 * likely has closed all the same: cash application gives credit no
 * invoice claims (credit memos on account, the excess of overpayments,
 * payments on account) to the customer's oldest due open items, so each
 * customer's unpaid invoices, oldest due first, up to that amount. */
static long
mark_spilled(struct gen *g, uint8_t *taken)
{
	int64_t *spill = xcalloc((size_t)g->ncu + 1, sizeof *spill);
	struct due_item *it = xcalloc((size_t)g->ninv + 1, sizeof *it);
	long i, n = 0, marked = 0;

	for (i = 0; i < g->ncr; i++)
		if (g->cr[i].inv < 0)
			spill[g->cr[i].cust] += g->cr[i].amount;
	for (i = 0; i < g->npay; i++) {
		const struct grp *p = &g->grp[i];

		if (p->kind == G_ACCT)
			spill[p->cust] += p->amount;
		else if (p->kind == G_OVER) {
			const struct inv *v = &g->inv[g->mem[p->mem]];

			spill[p->cust] += p->amount - v->amount +
			    (v->credit >= 0 ? g->cr[v->credit].amount : 0);
		}
	}
	for (i = 0; i < g->ninv; i++)
		if (g->first_pay[i] < 0 && spill[g->inv[i].cust] > 0) {
			it[n].cust = g->inv[i].cust;
			it[n].due = g->inv[i].due;
			it[n++].inv = (int32_t)i;
		}
	if (n > 1)
		qsort(it, (size_t)n, sizeof *it, due_cmp);
	for (i = 0; i < n; i++) {
		const struct inv *v = &g->inv[it[i].inv];
		int64_t open = v->amount - (v->credit >= 0 ? g->cr[v->credit].amount : 0);

		if (open <= 0 || spill[v->cust] <= 0)
			continue;
		taken[it[i].inv] = 2;
		spill[v->cust] -= open;
		marked++;
	}
	free(it);
	free(spill);
	return marked;
}

#define IDX_BITS 27             /* invoice indices: --invoices < 2^27 */
#define IDX(key) ((long)((key) & ((1u << IDX_BITS) - 1)))

static void
gen_day(struct gen *g)
{
	const struct opts *o = &g->o;
	const int32_t z = o->day;
	const long nbase = g->ninv, nd = o->day_invoices;
	const uint64_t seed = o->seed ^ mix64(0x646179ULL << 40 ^ (uint64_t)(uint32_t)z);
	struct rng ri, rt, rp, rc;
	struct out out;
	uint64_t *keys;
	uint8_t *taken;
	int32_t *zero;
	struct ev *ev;
	size_t g0 = g->ngrp, j, nlive;
	long i, k, n, nopen = 0, npaid, want, nacct = 0, nspill;

	rng_init(&ri, seed, 1);
	rng_init(&rt, seed, 2);
	rng_init(&rp, seed, 3);
	rng_init(&rc, seed, 4);

	/* the day's invoices, numbered after the data set's */
	if ((size_t)(nbase + nd) + 1 > SIZE_MAX / sizeof *g->inv ||
	    (g->inv = realloc(g->inv, ((size_t)(nbase + nd) + 1) * sizeof *g->inv)) == NULL)
		die(EXIT_IO, "out of memory");
	out_open(&out, o->dir, "invoices.csv");
	out_s(&out, INVOICES_HEADER);
	for (i = nbase; i < nbase + nd; i++) {
		struct inv *v = &g->inv[i];
		const struct cust *c;

		v->date = z;
		v->cust = day_customer(g, &ri);
		c = &g->cu[v->cust];
		v->due = z + c->terms;
		v->amount = draw_amount(&ri, c);
		v->credit = -1;
		invoice_row(g, &out, i, &rt);
	}
	out_close(&out);

	/* Which unpaid invoices the day pays: those whose customers would pay
	 * them nearest the day (late ones whose payment the data set dropped,
	 * and ones due about now), half as many again as payments are asked
	 * for, since a check run pays several at once; the surplus is dropped
	 * below. */
	keys = xcalloc((size_t)nbase + 1, sizeof *keys);
	taken = xcalloc((size_t)nbase + 1, 1);
	nspill = mark_spilled(g, taken);
	for (i = 0, n = 0; i < nbase; i++) {
		int64_t d;

		if (g->first_pay[i] >= 0)
			continue;
		nopen++;
		if (g->due_pay[i] < 0 || taken[i])
			continue;
		d = g->due_pay[i] - z;
		d = d < 0 ? -d : d;
		if (d > 0xffff)
			d = 0xffff;
		keys[n++] = (uint64_t)d << 47 | (rng_next(&rp) >> 44) << IDX_BITS | (uint64_t)i;
	}
	want = o->day_payments + o->day_payments / 2;
	npaid = want < n ? want : n;
	smallest_sorted(keys, n, npaid);
	/* by customer, then invoice */
	for (k = 0; k < npaid; k++) {
		i = IDX(keys[k]);
		taken[i] = 1;
		keys[k] = (uint64_t)g->inv[i].cust << 32 | (uint64_t)i;
	}
	if (npaid > 1)
		qsort(keys, (size_t)npaid, sizeof *keys, u64_cmp);
	ev = xcalloc((size_t)npaid + 1, sizeof *ev);
	for (k = 0; k < npaid; k++) {
		const struct inv *v;

		i = (long)(keys[k] & 0xffffffffu);
		v = &g->inv[i];
		ev[k].pay = z;
		ev[k].inv = (int32_t)i;
		ev[k].amount = v->amount - (v->credit >= 0 ? g->cr[v->credit].amount : 0);
	}
	zero = xcalloc((size_t)g->ncu + 2, sizeof *zero);
	g->ninv = nbase + nd;   /* while planning: a mistyped number avoids these too */
	for (k = 0; k < npaid; k = n) {
		int32_t ci = g->inv[ev[k].inv].cust;

		for (n = k + 1; n < npaid && g->inv[ev[n].inv].cust == ci; n++)
			;
		plan_customer(g, &rp, ci, ev + k, n - k, zero, zero);
	}
	g->ninv = nbase;
	free(zero);
	free(ev);

	/* exactly the payments asked for: drop some at random, or make up
	 * the rest with money on account */
	nlive = g->ngrp - g0;
	if (nlive > (size_t)o->day_payments) {
		for (j = 0; j < nlive; j++)
			keys[j] = (rng_next(&rp) >> 36) << 28 | j;
		smallest_sorted(keys, (long)nlive, (long)(nlive - (size_t)o->day_payments));
		for (j = 0; j < nlive - (size_t)o->day_payments; j++)
			g->grp[g0 + (keys[j] & ((1u << 28) - 1))].flags |= GF_DROP;
	}
	for (j = nlive; j < (size_t)o->day_payments && g->ncu; j++) {
		int32_t gi = new_group(g, day_customer(g, &rp), z, G_ACCT, 0);

		g->grp[gi].amount = rng_range(&rp, 100, 5000) * 100;
		g->grp[gi].ref = R_ACCT;
		nacct++;
	}
	/* the live ones, in the order a lockbox file might list them */
	for (j = g0, nlive = g0; j < g->ngrp; j++)
		if (!(g->grp[j].flags & GF_DROP))
			g->grp[nlive++] = g->grp[j];
	g->ngrp = nlive;
	for (j = g->ngrp - g0; j > 1; j--) {
		size_t x = g0 + rng_below(&rp, (uint32_t)j);
		struct grp t = g->grp[g0 + j - 1];

		g->grp[g0 + j - 1] = g->grp[x];
		g->grp[x] = t;
	}
	for (j = 0; j < X_N; j++) {
		g->cnt[j] = 0;
		g->ex[j][0] = g->ex[j][1] = g->ex[j][2] = -1;
	}
	out_open(&out, o->dir, "payments.csv");
	out_s(&out, PAYMENTS_HEADER);
	for (j = g0; j < g->ngrp; j++) {
		struct grp *p = &g->grp[j];

		p->no = (int32_t)j + 1;
		if (p->method == M_CHECK) {
			struct cust *c = &g->cu[p->cust];

			p->checkno = c->next_check;
			c->next_check += 1 + rng_below(&rp, 12);
			if (c->next_check > 999999)
				c->next_check = 1001;
		}
		payment_row(g, &out, (int32_t)j);
		note_kinds(g, (int32_t)j);
	}
	out_close(&out);

	/* credit memos naming unpaid invoices the day does not pay, and
	 * none named before */
	for (i = 0, n = 0; i < nbase; i++)
		if (g->first_pay[i] < 0 && !taken[i] && g->inv[i].credit == -1)
			keys[n++] = (rng_next(&rc) >> 44) << IDX_BITS | (uint64_t)i;
	k = o->day_credits < n ? o->day_credits : n;
	smallest_sorted(keys, n, k);
	out_open(&out, o->dir, "credits.csv");
	out_s(&out, CREDITS_HEADER);
	for (n = 0; n < k; n++) {
		struct credit c;
		int64_t a;

		memset(&c, 0, sizeof c);
		c.inv = (int32_t)IDX(keys[n]);
		c.cust = g->inv[c.inv].cust;
		c.date = z;
		c.rma = (int32_t)rng_range(&rc, 10000, 99999);
		c.reason = (uint8_t)PICK(&rc, named_w);
		a = g->inv[c.inv].amount;
		c.amount = a * credit_pct(&rc, c.reason) / 100;
		if (c.amount < 100)
			c.amount = a < 100 ? a : 100;
		credit_row(g, &out, &c, g->ncr + n + 1, &rc);
	}
	out_close(&out);
	free(keys);
	free(taken);

	if (o->verbose) {
		char d[16];

		d[fmt_date(d, z)] = '\0';
		fprintf(stderr, "argen: day %s: %ld invoices (from INV-%0*ld), %ld credit memos, "
		    "%ld payments (from PMT-%0*ld)\n", d, nd, g->iw, nbase + 1, k,
		    (long)(g->ngrp - g0), g->pw, (long)g0 + 1);
		fprintf(stderr, "argen: day: %ld invoices unpaid in the data set (%ld of "
		    "them left alone: credit on account would close them), %ld chosen "
		    "to be paid, %ld payments on account for want of more\n",
		    nopen, nspill, npaid, nacct);
		fprintf(stderr, "argen: day payments: %ld multi-invoice, %ld partial, "
		    "%ld without invoice reference, %ld loose, %ld PO only, %ld mistyped, "
		    "%ld short, %ld over, %ld without customer\n",
		    g->cnt[X_MULTI], g->cnt[X_PART], g->cnt[X_NOREF], g->cnt[X_LOOSE],
		    g->cnt[X_PO], g->cnt[X_TYPO], g->cnt[X_SHORT], g->cnt[X_OVER],
		    g->cnt[X_NOCUST]);
	}
}

/* ------------------------------------------------------------------ */
/* Collection activities. */

static int32_t
add_act(struct gen *g, int kind, int32_t cust, int32_t date, const char *outcome,
    const struct sb *text)
{
	struct act *a = &g->act[g->nact];

	memset(a, 0, sizeof *a);
	a->kind = (uint8_t)kind;
	a->cust = cust;
	a->date = date;
	a->doc = -1;
	a->pay = -1;
	a->amount = -1;
	a->promise = -1;
	a->follow = -1;
	a->outcome = outcome;
	xgrow(&g->text, &g->textcap, g->ntext + text->n + 1, 1);
	memcpy(g->text + g->ntext, text->b, text->n);
	a->text = (uint32_t)g->ntext;
	a->tlen = (uint32_t)text->n;
	g->ntext += text->n;
	return (int32_t)g->nact++;
}

/* An invoice overdue on some day before it was paid (or still unpaid),
 * and that day; the customer may be called unless cease is set. */
static int32_t
pick_overdue(struct gen *g, struct rng *r, int32_t before_due, int calls,
    int unpaid_only, int32_t *day)
{
	int t;

	for (t = 0; t < 200 && g->ninv; t++) {
		int32_t i = (int32_t)rng_below(r, (uint32_t)g->ninv), lo, hi;
		const struct inv *v = &g->inv[i];
		const struct cust *c = &g->cu[v->cust];

		if (c->contact == CT_CEASE || (calls && c->contact == CT_NOCALLS))
			continue;
		if (unpaid_only && g->first_pay[i] >= 0)
			continue;
		lo = v->due + 3 - before_due;
		hi = g->first_pay[i] >= 0 ? g->first_pay[i] - 1 : g->end;
		if (hi > g->end)
			hi = g->end;
		if (c->event_day >= 0 && c->status == ST_BANKRUPT && hi >= c->event_day)
			hi = c->event_day - 1;
		if (lo <= v->date)
			lo = v->date + 1;
		if (lo > hi)
			continue;
		*day = (int32_t)rng_range(r, lo, hi);
		if (business_day_before(*day) >= lo)
			*day = business_day_before(*day);
		return i;
	}
	return -1;
}

static const char *
ap_name(const struct gen *g, int32_t cust)
{
	return firstnames[g->cu[cust].ap_first];
}

/* Returned checks: each is a note on the bounced payment. */
static void
act_returned_checks(struct gen *g, struct rng *r, long want)
{
	struct sb s;
	long i;

	for (i = 0; i < g->npay && g->nact < want; i++) {
		const struct grp *p = &g->grp[i];
		int32_t day, ai;

		if (p->kind != G_NSF)
			continue;
		day = p->date + 4 + (int32_t)rng_below(r, 3);
		if (p->aux >= 0 && day >= g->grp[p->aux].date)
			day = g->grp[p->aux].date - 1;
		if (day > g->end)
			day = g->end;
		sb_reset(&s);
		sb_s(&s, "Check ");
		sb_u(&s, p->checkno, 0);
		sb_s(&s, " (PMT-");
		sb_u(&s, (uint64_t)p->no, g->pw);
		sb_s(&s, ", ");
		sb_amt(&s, p->amount, 1);
		sb_s(&s, ") returned NSF by bank; asked ");
		sb_s(&s, ap_name(g, p->cust));
		sb_s(&s, " to replace by wire");
		ai = add_act(g, A_NOTE, p->cust, day, "returned", &s);
		g->act[ai].pay = (int32_t)i;
		g->act[ai].doc = g->mem[p->mem];
		g->act[ai].amount = p->amount;
		g->act[ai].follow = day + 3;
	}
}

/* Credit hold and bankruptcy notes, at most n; returns how many. */
static long
act_status_notes(struct gen *g, long n)
{
	struct sb s;
	long k, done = 0;

	for (k = 0; k < g->ncu && done < n; k++) {
		const struct cust *c = &g->cu[k];

		if (c->event_day < g->start || c->event_day > g->end)
			continue;
		sb_reset(&s);
		if (c->status == ST_HOLD) {
			sb_s(&s, "Account placed on credit hold pending payment of past-due balance");
			add_act(g, A_NOTE, (int32_t)k, c->event_day, "hold", &s);
		} else if (c->status == ST_BANKRUPT) {
			sb_s(&s, "Chapter 11 petition filed; collection stopped, proof of claim to be filed");
			add_act(g, A_NOTE, (int32_t)k, c->event_day, "bankruptcy", &s);
		} else {
			continue;
		}
		done++;
	}
	return done;
}

/* Disputes: most settled later by the credit memo naming the invoice. */
static void
act_disputes(struct gen *g, struct rng *r, long n)
{
	struct sb s;
	long k;

	for (k = 0; k < n; k++) {
		int32_t i = -1, day = 0, ai;
		int64_t amt;
		const struct credit *cr = NULL;
		int t, linked = rng_pm(r, 650);
		const char *code;

		for (t = 0; linked && t < 64 && g->ncr; t++) {
			struct credit *c = &g->cr[rng_below(r, (uint32_t)g->ncr)];

			if (c->inv < 0 || c->disputed || c->reason > CR_SHORT ||
			    c->date - g->inv[c->inv].date < 3 ||
			    g->cu[c->cust].contact == CT_CEASE)
				continue;
			c->disputed = 1;
			cr = c;
			i = c->inv;
			day = g->inv[i].date + (int32_t)rng_range(r, 1, c->date - g->inv[i].date - 1);
			break;
		}
		if (!cr && (i = pick_overdue(g, r, 25, 0, 1, &day)) < 0)
			continue;
		amt = cr ? cr->amount : g->inv[i].amount;
		sb_reset(&s);
		/* the outcome is the dispute's reason code (dispute.reasons) */
		code = "quantity";
		switch (cr ? cr->reason : CR_PROMO + 1 + (int)rng_below(r, 3)) {
		case CR_PRICING:
			code = "pricing";
			sb_s(&s, "Disputes pricing on ");
			ref_invoice(g, &s, i);
			sb_s(&s, ": billed list price, contract price applies");
			break;
		case CR_DAMAGED:
			code = "damaged";
			sb_u(&s, rng_range(r, 2, 12), 0);
			sb_s(&s, " units arrived damaged (");
			ref_invoice(g, &s, i);
			sb_s(&s, "); photos received");
			break;
		case CR_SHORT:
			sb_s(&s, "Short shipment on ");
			ref_invoice(g, &s, i);
			sb_s(&s, ": ");
			sb_u(&s, rng_range(r, 5, 18), 0);
			sb_s(&s, " of 20 cases received");
			break;
		case CR_RETURN:
			code = "other";
			sb_s(&s, "Customer returning goods from ");
			ref_invoice(g, &s, i);
			sb_s(&s, "; RMA ");
			sb_u(&s, (uint64_t)cr->rma, 0);
			sb_s(&s, " issued");
			break;
		case CR_PROMO + 1:
			code = "not_received";
			sb_s(&s, "Says goods on ");
			ref_invoice(g, &s, i);
			sb_s(&s, " never received; proof of delivery requested");
			break;
		case CR_PROMO + 2:
			code = "terms";
			sb_s(&s, "No PO on ");
			ref_invoice(g, &s, i);
			sb_s(&s, "; AP will not pay without one");
			break;
		default:
			sb_s(&s, "Quantity billed on ");
			ref_invoice(g, &s, i);
			sb_s(&s, " differs from the delivery ticket");
			break;
		}
		ai = add_act(g, A_DISPUTE, g->inv[i].cust, day, code, &s);
		g->act[ai].doc = i;
		g->act[ai].amount = amt;
		g->act[ai].follow = day + 7 + (int32_t)rng_below(r, 8);
	}
}

/* Promises to pay: kept when the payment came on time, else broken. */
static void
act_promises(struct gen *g, struct rng *r, long n)
{
	struct sb s;
	long k;

	for (k = 0; k < n; k++) {
		int32_t day, i, ai, pd, paid;
		const struct inv *v;

		if ((i = pick_overdue(g, r, 0, 0, 0, &day)) < 0)
			continue;
		v = &g->inv[i];
		paid = g->first_pay[i];
		if (paid >= 0 && paid - day <= 21 && rng_pm(r, 700))
			pd = paid - (int32_t)rng_below(r, 3);
		else
			pd = day + 5 + (int32_t)rng_below(r, 10);
		if (pd <= day)
			pd = day + 1;
		pd = business_day(pd);
		sb_reset(&s);
		sb_s(&s, ap_name(g, v->cust));
		sb_s(&s, " promised ");
		sb_s(&s, ((const char *const[]){ "check", "ACH", "wire", "card" })[g->cu[v->cust].method]);
		sb_s(&s, " payment of ");
		sb_amt(&s, v->amount, 1);
		sb_s(&s, " for ");
		ref_invoice(g, &s, i);
		sb_s(&s, " by ");
		sb_date(&s, pd);
		ai = add_act(g, A_PROMISE, v->cust, day, "promised", &s);
		g->act[ai].doc = i;
		g->act[ai].amount = v->amount;
		g->act[ai].promise = pd;
		g->act[ai].follow = pd + 1;
	}
}

/*
 * The samples: a customer who broke two promises to pay in the last two
 * months, for ar-credit's broken_promises rule: the first active
 * customer, in number order, with an invoice still unpaid a month past
 * its due date and no payment in the last 60 days (so neither promise
 * was kept).  No random numbers: the other activities stay as they were.
 */
static void
act_broken_promises(struct gen *g)
{
	struct sb s;
	int32_t c, i;
	size_t k;

	for (c = 0; c < (int32_t)g->ncu; c++) {
		int32_t inv = -1, when[2] = { g->end - 50, g->end - 25 };
		int j;

		if (g->cu[c].status != ST_ACTIVE || g->cu[c].contact == CT_CEASE)
			continue;
		for (i = 0; i < (int32_t)g->ninv && inv < 0; i++)
			if (g->inv[i].cust == c && g->first_pay[i] < 0 &&
			    g->inv[i].due <= g->end - 80)
				inv = i;
		for (k = 0; k < g->ngrp && inv >= 0; k++)
			if (g->grp[k].cust == c && g->grp[k].date >= g->end - 60)
				inv = -1;
		if (inv < 0)
			continue;
		for (j = 0; j < 2; j++) {
			int32_t day = business_day_before(when[j]), ai;
			int32_t pd = business_day(day + 7);

			sb_reset(&s);
			sb_s(&s, ap_name(g, c));
			sb_s(&s, " promised payment of ");
			sb_amt(&s, g->inv[inv].amount, 1);
			sb_s(&s, " for ");
			ref_invoice(g, &s, inv);
			sb_s(&s, " by ");
			sb_date(&s, pd);
			ai = add_act(g, A_PROMISE, c, day, "promised", &s);
			g->act[ai].doc = inv;
			g->act[ai].amount = g->inv[inv].amount;
			g->act[ai].promise = pd;
			g->act[ai].follow = pd + 1;
		}
		g->broken = c + 1;
		return;
	}
}

/* Calls to the customer's AP department. */
static void
act_calls(struct gen *g, struct rng *r, long n)
{
	struct sb s;
	long k;

	for (k = 0; k < n; k++) {
		static const unsigned w[] = { 350, 200, 400, 50 };
		static const char *const outc[] = { "left_message", "no_answer", "reached", "wrong_number" };
		int32_t day, i, ai;
		int oc;
		const char *fn;

		if ((i = pick_overdue(g, r, 0, 1, 0, &day)) < 0)
			continue;
		fn = ap_name(g, g->inv[i].cust);
		oc = PICK(r, w);
		sb_reset(&s);
		switch (oc) {
		case 0:
			if (rng_pm(r, 700)) {
				sb_s(&s, "Left voicemail for ");
				sb_s(&s, fn);
				sb_s(&s, " in AP re ");
				ref_invoice(g, &s, i);
			} else {
				sb_s(&s, "Left message with receptionist; asked AP to call back");
			}
			break;
		case 1:
			sb_s(&s, rng_pm(r, 900) ? "No answer on AP line" :
			    "Called twice, no answer.\nLeft message with front desk");
			break;
		case 2:
			sb_s(&s, "Spoke with ");
			sb_s(&s, fn);
			switch (rng_below(r, 5)) {
			case 0:
				sb_s(&s, "; ");
				ref_invoice(g, &s, i);
				sb_s(&s, " approved, in next check run");
				break;
			case 1:
				sb_s(&s, "; invoice not on file, resent ");
				ref_invoice(g, &s, i);
				sb_s(&s, " by email");
				break;
			case 2:
				sb_s(&s, ": waiting on PO approval from purchasing");
				break;
			case 3:
				sb_s(&s, ", says payment went out ");
				sb_date(&s, day - 1 - (int32_t)rng_below(r, 5));
				sb_s(&s, "; will confirm with bank");
				break;
			default:
				sb_s(&s, "; asked for a statement of account, sent");
				break;
			}
			break;
		default:
			sb_s(&s, "Number out of service; requested new AP contact");
			break;
		}
		ai = add_act(g, A_CALL, g->inv[i].cust, day, outc[oc], &s);
		if (oc != 1 && oc != 3)
			g->act[ai].doc = i;
		if ((oc <= 1 && rng_pm(r, 600)) || (oc == 2 && rng_pm(r, 400)))
			g->act[ai].follow = business_day(day + 2 + (int32_t)rng_below(r, 10));
	}
}

/* Reminders by email, before and after the due date. */
static void
act_emails(struct gen *g, struct rng *r, long n)
{
	struct sb s;
	long k;

	for (k = 0; k < n; k++) {
		static const unsigned w[] = { 700, 220, 80 };
		static const char *const outc[] = { "sent", "replied", "bounced" };
		int32_t day, i, ai, late;
		int oc;
		const struct inv *v;

		if ((i = pick_overdue(g, r, 8, 0, 0, &day)) < 0)
			continue;
		v = &g->inv[i];
		late = day - v->due;
		oc = PICK(r, w);
		sb_reset(&s);
		switch (oc) {
		case 0:
			if (late > 0) {
				sb_s(&s, "Sent past-due reminder for ");
				ref_invoice(g, &s, i);
				sb_s(&s, " (");
				sb_amt(&s, v->amount, 1);
				sb_s(&s, g->cu[v->cust].eur ? " EUR), " : " USD), ");
				sb_u(&s, (uint64_t)late, 0);
				sb_s(&s, " days past due");
			} else {
				sb_s(&s, "Courtesy reminder: ");
				ref_invoice(g, &s, i);
				sb_s(&s, " due ");
				sb_date(&s, v->due);
			}
			break;
		case 1:
			sb_s(&s, ap_name(g, v->cust));
			if (rng_pm(r, 700)) {
				sb_s(&s, " replied: ");
				ref_invoice(g, &s, i);
				sb_s(&s, " scheduled for payment ");
				sb_date(&s, business_day(day + 3 + (int32_t)rng_below(r, 12)));
			} else {
				sb_s(&s, " replied: \"we never received this invoice\"; resent");
			}
			break;
		default:
			sb_s(&s, "Reminder for ");
			ref_invoice(g, &s, i);
			sb_s(&s, " bounced; AP mailbox full");
			break;
		}
		ai = add_act(g, A_EMAIL, v->cust, day, outc[oc], &s);
		g->act[ai].doc = i;
		if (rng_pm(r, 300))
			g->act[ai].follow = business_day(day + 5 + (int32_t)rng_below(r, 6));
	}
}

/* Dunning letters. */
static void
act_letters(struct gen *g, struct rng *r, long n)
{
	struct sb s;
	long k;

	for (k = 0; k < n; k++) {
		int32_t day, i, ai;

		if ((i = pick_overdue(g, r, -30, 0, 0, &day)) < 0)
			continue;
		sb_reset(&s);
		if (day - g->inv[i].due > 60) {
			sb_s(&s, "Final demand letter mailed; account referred to AR manager");
		} else {
			sb_s(&s, "Past-due notice mailed for ");
			ref_invoice(g, &s, i);
		}
		ai = add_act(g, A_LETTER, g->inv[i].cust, day, "sent", &s);
		g->act[ai].doc = i;
	}
}

/* Notes of everything else. */
static void
act_notes(struct gen *g, struct rng *r, long n)
{
	struct sb s;
	long k;

	for (k = 0; k < n && g->ncu; k++) {
		static const char *const notes[] = {
			"Customer requested W-9 and updated remit-to address",
			"Customer asked for copies of all open invoices",
			"Remittance advice received by email",
			"Credit limit increase requested; sent to credit manager",
			"New AP portal: invoices must be uploaded, not emailed",
			"Customer changing ERP next month; expect payment delays",
		};
		int32_t day, i, cust;

		if ((i = pick_overdue(g, r, 20, 0, 0, &day)) >= 0) {
			cust = g->inv[i].cust;
		} else {
			cust = (int32_t)rng_below(r, (uint32_t)g->ncu);
			day = business_day_before(g->start + (int32_t)rng_below(r, (uint32_t)g->o.days));
			if (day < g->start)
				day = g->start;
		}
		sb_reset(&s);
		if (rng_pm(r, 250)) {
			sb_s(&s, "Updated AP contact to ");
			sb_s(&s, ap_name(g, cust));
			sb_c(&s, ' ');
			sb_s(&s, ONE_OF(r, surnames));
		} else {
			sb_s(&s, ONE_OF(r, notes));
		}
		add_act(g, A_NOTE, cust, day, "", &s);
	}
}

static void
gen_activities(struct gen *g)
{
	struct rng r;
	struct out o;
	long want = g->o.activities, rest, n_disp, n_prom, n_email, n_letter,
	    n_note, n_call, i;
	int32_t days = (int32_t)g->o.days, d, *cnt, *ord;

	rng_init(&r, g->o.seed, 8);
	/* (two more for the samples' broken promises) */
	g->act = xcalloc((size_t)want + 3, sizeof *g->act);
	act_returned_checks(g, &r, want);

	rest = want - g->nact;
	n_disp = rest * 8 / 100;
	n_prom = rest * 15 / 100;
	n_email = rest * 22 / 100;
	n_letter = rest * 3 / 100;
	n_note = rest * 12 / 100;
	if (rest >= 10) {
		if (n_disp < 2)
			n_disp = 2;
		if (n_prom < 2)
			n_prom = 2;
	}
	n_call = rest - n_disp - n_prom - n_email - n_letter - n_note;
	if (n_call < 0) {
		n_note += n_call;
		n_call = 0;
	}

	n_note -= act_status_notes(g, n_note / 2 > 2 ? n_note / 2 : n_note);
	act_disputes(g, &r, n_disp);
	act_promises(g, &r, n_prom);
	act_calls(g, &r, n_call);
	act_emails(g, &r, n_email);
	act_letters(g, &r, n_letter);
	act_notes(g, &r, n_note);
	if (g->o.samples)
		act_broken_promises(g);

	/* write in date order (stable) */
	cnt = xcalloc((size_t)days + 1, sizeof *cnt);
	ord = xcalloc((size_t)g->nact + 1, sizeof *ord);
	for (i = 0; i < g->nact; i++)
		cnt[g->act[i].date - g->start + 1]++;
	for (d = 0; d < days; d++)
		cnt[d + 1] += cnt[d];
	for (i = 0; i < g->nact; i++)
		ord[cnt[g->act[i].date - g->start]++] = (int32_t)i;
	free(cnt);

	out_open(&o, g->o.dir, "activities.csv");
	out_s(&o, "customer_id,date,kind,doc_no,outcome,amount,promise_date,"
	    "follow_up_date,collector,text\n");
	for (i = 0; i < g->nact; i++) {
		const struct act *a = &g->act[ord[i]];

		out_doc(&o, "C", (uint64_t)a->cust + 1, g->cw);
		out_c(&o, ',');
		out_date(&o, a->date);
		out_c(&o, ',');
		out_s(&o, kind_names[a->kind]);
		out_c(&o, ',');
		if (a->pay >= 0)
			out_doc(&o, "PMT-", (uint64_t)g->grp[a->pay].no, g->pw);
		else if (a->doc >= 0)
			out_doc(&o, "INV-", (uint64_t)a->doc + 1, g->iw);
		out_c(&o, ',');
		out_s(&o, a->outcome);
		out_c(&o, ',');
		if (a->amount >= 0)
			out_amt(&o, a->amount);
		out_c(&o, ',');
		if (a->promise >= 0)
			out_date(&o, a->promise);
		out_c(&o, ',');
		if (a->follow >= 0)
			out_date(&o, a->follow);
		out_c(&o, ',');
		out_s(&o, collectors[g->cu[a->cust].collector]);
		out_c(&o, ',');
		out_field(&o, g->text + a->text, a->tlen);
		out_c(&o, '\n');
	}
	out_close(&o);
	free(ord);
}


/* ------------------------------------------------------------------ */
/* The sample README: what is there, and the cases worth a look. */

static void
readme_payments(struct gen *g, FILE *fp, int kind, const char *what)
{
	int i;

	if (!g->cnt[kind])
		return;
	fprintf(fp, "- %s: ", what);
	for (i = 0; i < 3 && g->ex[kind][i] >= 0; i++) {
		const struct grp *p = &g->grp[g->ex[kind][i]];
		struct sb s;

		sb_reset(&s);
		payment_ref(g, p, (size_t)g->ex[kind][i], &s);
		fprintf(fp, "%sPMT-%0*d", i ? ", " : "", g->pw, (int)p->no);
		if (kind == X_TYPO)
			fprintf(fp, " (`%s`, meant INV-%0*ld)", s.b, g->iw, (long)g->mem[p->mem] + 1);
		else if (s.n && kind != X_NOCUST)
			fprintf(fp, " (`%s`)", s.b);
	}
	if (g->cnt[kind] > 3)
		fprintf(fp, " and %ld more", g->cnt[kind] - 3);
	fputs("\n", fp);
}

static void
write_readme(struct gen *g)
{
	char path[4096];
	FILE *fp;
	long i, named = 0, first_named = -1, neur = 0;
	char d0[16], d1[16];

	for (i = 0; i < g->ncu; i++)
		neur += g->cu[i].eur;
	for (i = 0; i < g->ncr; i++)
		if (g->cr[i].inv >= 0 && named++ == 0)
			first_named = i;
	d0[fmt_date(d0, g->start)] = '\0';
	d1[fmt_date(d1, g->end)] = '\0';
	if ((size_t)snprintf(path, sizeof path, "%s/README.md", g->o.dir) >= sizeof path)
		die(EXIT_USAGE, "path too long: '%s'", g->o.dir);
	if ((fp = fopen(path, "w")) == NULL)
		die(EXIT_IO, "cannot create '%s': %s", path, strerror(errno));
	fprintf(fp,
	    "# Sample data\n"
	    "\n"
	    "A small receivables book, made up for trying arkit: the customers,\n"
	    "invoices, credit memos, payments and collection notes of **Harbor Supply\n"
	    "Co.**, an industrial distributor in Bakersfield, California, trading from\n"
	    "%s to %s.  %ld customers, %ld of them in Europe invoicing in EUR.\n"
	    "Every name, address and number is invented.\n"
	    "\n"
	    "| file | rows | what |\n"
	    "|---|---|---|\n"
	    "| customers.csv | %ld | customer master: terms, credit limit, collector, status |\n"
	    "| invoices.csv | %ld | invoices, numbered in date order |\n"
	    "| credits.csv | %ld | credit memos; %ld name the invoice they settle |\n"
	    "| payments.csv | %ld | payments received, with the remittance text as sent |\n"
	    "| activities.csv | %ld | calls, emails, letters, notes, promises, disputes |\n"
	    "\n"
	    "Import the customers first, then the other files.  Run reports with\n"
	    "`--as-of %s`, the last day of the data: the invoices not paid by then\n"
	    "are the open receivables.  The nightly and month-end scripts in this\n"
	    "directory show whole runs; notes.sh a collector's day with ar-note.\n"
	    "\n"
	    "## Cases worth a look\n"
	    "\n",
	    d0, d1, g->ncu, neur, g->ncu, g->ninv, g->ncr, named, g->npay,
	    g->nact, d1);
	{
		static const char *const what[] = { "on credit hold", "closed", "bankrupt",
		    "not to be called (`no_calls`)", "not to be contacted (`cease`)" };
		int k, n;

		fputs("- customers", fp);
		for (k = 0; k < 5; k++) {
			fprintf(fp, "%s %s:", k ? ";" : "", what[k]);
			for (i = 0, n = 0; i < g->ncu && n < 4; i++) {
				const struct cust *c = &g->cu[i];

				if (k < 3 ? c->status == k + 1 : c->contact == k - 2) {
					fprintf(fp, "%s C%0*ld", n ? "," : "", g->cw, i + 1);
					n++;
				}
			}
			if (!n)
				fputs(" none", fp);
		}
		if (g->o.samples && g->ncu >= SAMPLE_CONSUMER)
			fprintf(fp, "; a consumer (`kind` consumer, calls only "
			    "08:00-21:00 in `America/Los_Angeles`): C%0*d",
			    g->cw, SAMPLE_CONSUMER);
		fputs("\n", fp);
	}
	readme_payments(g, fp, X_MULTI, "several invoices in one payment");
	readme_payments(g, fp, X_PART, "partial payments");
	readme_payments(g, fp, X_NOREF, "no invoice named");
	readme_payments(g, fp, X_TYPO, "mistyped invoice number");
	readme_payments(g, fp, X_LOOSE, "number written loosely");
	readme_payments(g, fp, X_PO, "only the PO number given");
	readme_payments(g, fp, X_LESSCM, "a credit memo deducted");
	readme_payments(g, fp, X_SHORT, "short paid (bank charges, unearned discount)");
	readme_payments(g, fp, X_OVER, "overpaid");
	readme_payments(g, fp, X_DUP, "paid twice");
	readme_payments(g, fp, X_NOCUST, "no customer_id (the reference names the invoice)");
	readme_payments(g, fp, X_CHKMEMO, "the check number in the memo (a check number is no invoice number)");
	if (g->unident)
		fprintf(fp, "- unidentified cash (no customer_id, no invoice named): PMT-%0*ld\n",
		    g->pw, g->unident);
	if (g->cnt[X_NSF] && g->grp[g->ex[X_NSF][0]].aux >= 0) {
		const struct grp *b = &g->grp[g->ex[X_NSF][0]];
		const struct grp *w = &g->grp[b->aux];
		char bd[16], wd[16], nd[16];
		int32_t note = b->date + 5;

		for (i = 0; i < g->nact; i++)
			if (g->act[i].pay == g->ex[X_NSF][0])
				note = g->act[i].date;
		bd[fmt_date(bd, b->date)] = '\0';
		wd[fmt_date(wd, w->date)] = '\0';
		nd[fmt_date(nd, note)] = '\0';
		fprintf(fp, "- returned check: PMT-%0*d (check %u of %s) came back NSF on %s, as\n"
		    "  the `note` in activities.csv records; PMT-%0*d (%s) is the wire that\n"
		    "  replaces it.  There is no reversal record in the CSV:\n"
		    "  `ar-apply --reverse PMT-%0*d --date %s` does it.\n",
		    g->pw, (int)b->no, b->checkno, bd, nd, g->pw, (int)w->no, wd, g->pw,
		    (int)b->no, nd);
	}
	if (g->broken)
		fprintf(fp, "- two promises to pay broken in the last two months (`ar-credit check`\n"
		    "  holds its orders): C%0*ld\n", g->cw, (long)g->broken);
	if (first_named >= 0)
		fprintf(fp, "- credit memo naming an invoice: CM-%0*ld for INV-%0*ld\n",
		    g->mw, first_named + 1, g->iw, (long)g->cr[first_named].inv + 1);
	fprintf(fp,
	    "\n"
	    "## How it was made\n"
	    "\n"
	    "    cc -std=c11 -O2 -o tools/argen tools/argen.c\n"
	    "    tools/argen --samples -o samples\n"
	    "\n"
	    "The generator is deterministic: the same command gives the same bytes.\n");
	if (ferror(fp) | fclose(fp))
		die(EXIT_IO, "cannot write '%s'", path);
}

/* ------------------------------------------------------------------ */

static void
gen_free(struct gen *g)
{
	free(g->cu);
	free(g->cumw);
	free(g->guide);
	free(g->bank);
	free(g->win);
	free(g->eur);
	free(g->inv);
	free(g->cust_off);
	free(g->first_pay);
	free(g->due_pay);
	free(g->cr);
	free(g->grp);
	free(g->mem);
	free(g->act);
	free(g->text);
	free(g);
}

static long
digits(long v)
{
	long n = 1;

	while (v >= 10) {
		v /= 10;
		n++;
	}
	return n;
}

static long long
parse_num(const char *opt, const char *s, long long min, long long max)
{
	char *end;
	long long v;

	errno = 0;
	if (s == NULL)
		die(EXIT_USAGE, "%s: missing value", opt);
	v = strtoll(s, &end, 10);
	if (*s < '0' || *s > '9' || *end != '\0' || errno || v < min || v > max)
		die(EXIT_USAGE, "%s: '%s' is not a number from %lld to %lld", opt, s, min, max);
	return v;
}

int
main(int argc, char **argv)
{
	struct gen *g;
	struct opts opts = { 0 }, *o = &opts;
	long set[8] = { 0 };   /* which counts were given explicitly */
	const char *start = NULL, *day = NULL, *dir;
	int dayset = 0;
	clock_t t0 = clock();
	struct stat st;
	int i, k;

	o->seed = 42;
	o->day = -1;
	o->day_invoices = 2000;
	o->day_payments = 1600;
	o->day_credits = 40;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v = NULL, *eq;
		char name[32];

		if (strcmp(a, "--") == 0) {
			i++;
			break;
		}
		if (a[0] != '-' || a[1] == '\0')
			break;
		if (a[1] != '-') {
			/* short options: -s SEED, -o DIR, -v, -h; -sSEED and -oDIR too */
			if (strchr("so", a[1])) {
				v = a[2] ? a + 2 : (i + 1 < argc ? argv[++i] : NULL);
				if (v == NULL) {
					fprintf(stderr, "argen: -%c: missing value\n", a[1]);
					usage(stderr);
					return EXIT_USAGE;
				}
				if (a[1] == 's')
					o->seed = (uint64_t)parse_num("-s", v, 0, LLONG_MAX);
				else
					o->dir = v;
			} else if (strcmp(a, "-v") == 0) {
				o->verbose = 1;
			} else if (strcmp(a, "-h") == 0) {
				help();
				return 0;
			} else {
				fprintf(stderr, "argen: unknown option '%s'\n", a);
				usage(stderr);
				return EXIT_USAGE;
			}
			continue;
		}
		eq = strchr(a, '=');
		snprintf(name, sizeof name, "%.*s", (int)(eq ? eq - a : (long)strlen(a)), a);
		if (strcmp(name, "--help") == 0) {
			help();
			return 0;
		}
		if (strcmp(name, "--samples") == 0 || strcmp(name, "--verbose") == 0 ||
		    strcmp(name, "--habits") == 0) {
			if (eq) {
				fprintf(stderr, "argen: %s takes no value\n", name);
				return EXIT_USAGE;
			}
			if (name[2] == 's')
				o->samples = 1;
			else if (name[2] == 'h')
				o->habits = 1;
			else
				o->verbose = 1;
			continue;
		}
		v = eq ? eq + 1 : (i + 1 < argc ? argv[++i] : NULL);
		if (strcmp(name, "--customers") == 0)
			o->customers = parse_num(name, v, 0, 9999999), set[0] = 1;
		else if (strcmp(name, "--invoices") == 0)
			o->invoices = parse_num(name, v, 0, 99999999), set[1] = 1;
		else if (strcmp(name, "--payments") == 0)
			o->payments = parse_num(name, v, 0, 99999999), set[2] = 1;
		else if (strcmp(name, "--credits") == 0)
			o->credits = parse_num(name, v, 0, 99999999), set[3] = 1;
		else if (strcmp(name, "--activities") == 0)
			o->activities = parse_num(name, v, 0, 9999999), set[4] = 1;
		else if (strcmp(name, "--days") == 0)
			o->days = parse_num(name, v, 1, 36600), set[5] = 1;
		else if (strcmp(name, "--start") == 0)
			start = v;
		else if (strcmp(name, "--day") == 0)
			day = v;
		else if (strcmp(name, "--day-invoices") == 0)
			o->day_invoices = parse_num(name, v, 0, 9999999), dayset = 1;
		else if (strcmp(name, "--day-payments") == 0)
			o->day_payments = parse_num(name, v, 0, 9999999), dayset = 1;
		else if (strcmp(name, "--day-credits") == 0)
			o->day_credits = parse_num(name, v, 0, 9999999), dayset = 1;
		else if (strcmp(name, "--seed") == 0)
			o->seed = (uint64_t)parse_num(name, v, 0, LLONG_MAX);
		else if (strcmp(name, "--output") == 0)
			o->dir = v;
		else {
			fprintf(stderr, "argen: unknown option '%s'\n", name);
			usage(stderr);
			return EXIT_USAGE;
		}
		if (v == NULL) {
			fprintf(stderr, "argen: %s: missing value\n", name);
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (i < argc) {
		fprintf(stderr, "argen: unexpected argument '%s'\n", argv[i]);
		usage(stderr);
		return EXIT_USAGE;
	}
	if (o->dir == NULL) {
		fputs("argen: no output directory (-o DIR)\n", stderr);
		usage(stderr);
		return EXIT_USAGE;
	}

	{
		static const long big[] = { 50000, 1000000, 800000, 20000, 20000, 730 };
		static const long small[] = { 40, 1500, 1130, 25, 40, 365 };
		const long *def = o->samples ? small : big;
		long *dst[] = { &o->customers, &o->invoices, &o->payments, &o->credits,
		    &o->activities, &o->days };

		/* payments, credits and activities not given keep their proportion
		 * to the invoices, so --invoices alone gives a sensible set */
		for (k = 0; k < 6; k++)
			if (!set[k])
				*dst[k] = k >= 2 && k <= 4 && set[1] ?
				    (long)((long long)o->invoices * def[k] / def[1]) : def[k];
		if (start == NULL)
			start = o->samples ? "2025-11-01" : "2024-11-01";
		o->natural = o->habits && !set[2];
	}
	if (parse_date(start, &o->start) != 0)
		die(EXIT_USAGE, "--start: '%s' is not a date (YYYY-MM-DD)", start);
	if (day == NULL && dayset)
		die(EXIT_USAGE, "--day-invoices, --day-payments and --day-credits need --day");
	if (day && parse_date(day, &o->day) != 0)
		die(EXIT_USAGE, "--day: '%s' is not a date (YYYY-MM-DD)", day);
	if (day && o->day <= o->start + (int32_t)o->days - 1) {
		char last[16];

		last[fmt_date(last, o->start + (int32_t)o->days - 1)] = '\0';
		die(EXIT_USAGE, "--day: %s is not after the data set's last day, %s", day, last);
	}
	if (day && o->customers == 0 && (o->day_invoices || o->day_payments))
		die(EXIT_USAGE, "--day: the data set has no customers");
	if (o->customers == 0 && (o->invoices || o->payments || o->credits || o->activities))
		die(EXIT_USAGE, "--customers: at least one customer is needed");

	if (mkdir(o->dir, 0777) != 0 && errno != EEXIST)
		die(EXIT_IO, "cannot create '%s': %s", o->dir, strerror(errno));
	if (stat(o->dir, &st) != 0 || !S_ISDIR(st.st_mode))
		die(EXIT_IO, "'%s' is not a directory", o->dir);

	g = xcalloc(1, sizeof *g);
	g->o = opts;
	o = &g->o;
	g->start = o->start;
	g->end = o->start + (int32_t)o->days - 1;
	{
		char *t = xcalloc((size_t)o->days + 400, 10);
		int32_t z;

		for (z = 0; z < (int32_t)o->days + 400; z++)
			fmt_date(t + (size_t)z * 10, g->start + z);
		date_tab = t;
		date_lo = g->start;
		date_n = (int32_t)o->days + 400;
	}
	g->ncu = o->customers;
	g->ninv = o->invoices;
	g->ncr = o->credits;
	g->cw = (int)(digits(g->ncu) > 5 ? digits(g->ncu) : 5);
	g->iw = (int)(digits(g->ninv) > 7 ? digits(g->ninv) : 7);
	g->pw = (int)(digits(o->payments) > 7 ? digits(o->payments) : 7);
	g->mw = (int)(digits(g->ncr) > 7 ? digits(g->ncr) : 7);
	for (i = 0; i < X_N; i++)
		for (k = 0; k < 3; k++)
			g->ex[i][k] = -1;

	if (o->day >= 0) {
		/* the data set again, in memory only, then the day */
		dir = o->dir;
		o->dir = NULL;
		g->due_pay = xcalloc((size_t)g->ninv + 1, sizeof *g->due_pay);
		gen_customers(g);
		gen_invoices(g);
		gen_credits(g);
		gen_payments(g);
		o->dir = dir;
		gen_day(g);
		if (o->verbose)
			fprintf(stderr, "argen: %.2f s cpu\n", (double)(clock() - t0) / CLOCKS_PER_SEC);
		gen_free(g);
		free(date_tab);
		return 0;
	}
	gen_customers(g);
	gen_invoices(g);
	gen_credits(g);
	gen_payments(g);
	gen_activities(g);
	if (o->samples)
		write_readme(g);

	if (o->verbose) {
		fprintf(stderr, "argen: seed %llu, %ld customers, %ld invoices, %ld credits, "
		    "%ld payments, %ld activities\n", (unsigned long long)o->seed,
		    g->ncu, g->ninv, g->ncr, g->npay, g->nact);
		fprintf(stderr, "argen: payments: %ld multi-invoice, %ld partial (+%ld balance), "
		    "%ld without invoice reference, %ld loose, %ld PO only, %ld mistyped, "
		    "%ld short, %ld over, %ld duplicate, %ld less credit memo, "
		    "%ld returned checks, %ld without customer, %ld on account\n",
		    g->cnt[X_MULTI], g->cnt[X_PART], g->cnt[X_REST], g->cnt[X_NOREF],
		    g->cnt[X_LOOSE], g->cnt[X_PO], g->cnt[X_TYPO], g->cnt[X_SHORT],
		    g->cnt[X_OVER], g->cnt[X_DUP], g->cnt[X_LESSCM], g->cnt[X_NSF],
		    g->cnt[X_NOCUST], g->cnt[X_ACCT]);
		fprintf(stderr, "argen: %ld payments before adjusting to the count asked\n",
		    g->natural);
		{
			/* invoices no payment touches, aged by due date at the end */
			static const char *const bn[] = { "current", "1-30", "31-60", "61-90",
			    "91-120", "over_120" };
			long cnt[6] = { 0 }, open = 0;
			int64_t amt[6] = { 0 }, total = 0;
			long j;

			for (j = 0; j < g->ninv; j++) {
				const struct inv *v = &g->inv[j];
				int32_t late = g->end - v->due;
				int b = late <= 0 ? 0 : late <= 30 ? 1 : late <= 60 ? 2 :
				    late <= 90 ? 3 : late <= 120 ? 4 : 5;

				if (g->first_pay[j] >= 0 || (v->credit >= 0 &&
				    g->cr[v->credit].amount >= v->amount))
					continue;
				open++;
				cnt[b]++;
				amt[b] += v->amount;
				total += v->amount;
			}
			fprintf(stderr, "argen: %ld invoices unpaid at the end:", open);
			for (k = 0; k < 6; k++)
				fprintf(stderr, " %s %ld (%lld%% of amount)", bn[k], cnt[k],
				    total ? (long long)(amt[k] * 100 / total) : 0LL);
			fputc('\n', stderr);
		}
		fprintf(stderr, "argen: %.2f s cpu\n", (double)(clock() - t0) / CLOCKS_PER_SEC);
	}
	gen_free(g);
	free(date_tab);
	return 0;
}
