/*
 * xlsx_bare - the peer of ar-report --xlsx: bare libxlsxwriter, constant
 * memory, writing the cells of an ar-age --detail csv (13 columns: text,
 * dates, a day count, amounts) as one sheet, with no ledger behind it.
 *
 *   usage: xlsx_bare DETAIL.csv OUT.xlsx
 *
 * Fields are split on commas with quotes honoured; enough for ar-age's
 * output, which it is only ever given.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

static int split(char *line, char **f, int max)
{
	int n = 0;
	char *p = line, *w;
	while (n < max) {
		f[n++] = w = p;
		if (*p == '"') {
			for (p++; *p; p++) {
				if (*p == '"' && p[1] == '"')
					*w++ = '"', p++;
				else if (*p == '"') {
					p++;
					break;
				} else
					*w++ = *p;
			}
		} else {
			while (*p && *p != ',' && *p != '\n')
				*w++ = *p++;
		}
		char c = *p;
		*w = '\0';
		if (c != ',')
			break;
		p++;
	}
	return n;
}

static double day(const char *s)
{
	int y, m, d;
	if (sscanf(s, "%d-%d-%d", &y, &m, &d) != 3)
		return 0;
	/* days from civil, as in lib/date.c */
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (unsigned)(m + (m > 2 ? -3 : 9)) + 2) / 5 + (unsigned)d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int)doe - 719468 + 25569;
}

int main(int argc, char **argv)
{
	static char line[1 << 16];
	char *f[32];
	if (argc != 3) {
		fputs("usage: xlsx_bare DETAIL.csv OUT.xlsx\n", stderr);
		return 2;
	}
	FILE *in = fopen(argv[1], "r");
	lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = "."};
	lxw_workbook *wb = workbook_new_opt(argv[2], &opt);
	if (!in || !wb)
		return 1;
	lxw_worksheet *ws = workbook_add_worksheet(wb, "Detail");
	lxw_format *money = workbook_add_format(wb), *date = workbook_add_format(wb);
	format_set_num_format(money, "#,##0.00");
	format_set_num_format(date, "yyyy-mm-dd");
	lxw_row_t r = 0;
	while (fgets(line, sizeof(line), in)) {
		int n = split(line, f, 32);
		for (int c = 0; c < n; c++) {
			if (!*f[c])
				continue;
			if (r > 0 && (c == 4 || c == 5))
				worksheet_write_number(ws, r, c, day(f[c]), date);
			else if (r > 0 && c == 6)
				worksheet_write_number(ws, r, c, atof(f[c]), NULL);
			else if (r > 0 && (c == 8 || c == 9 || c == 11))
				worksheet_write_number(ws, r, c, atof(f[c]), money);
			else
				worksheet_write_string(ws, r, c, f[c], NULL);
		}
		r++;
	}
	fclose(in);
	return workbook_close(wb) == LXW_NO_ERROR ? 0 : 1;
}
