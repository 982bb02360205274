# check_xlsx.py - read a morning workbook back as a spreadsheet program
# sees it (openpyxl) and print what report-xlsx.t compares: one line per
# fact, "ok" or what differs.  usage: check_xlsx.py FILE [over90.xlsx]
import datetime
import sys
import zipfile

import openpyxl

failed = 0


def check(what, got, want):
    global failed
    if got == want:
        print("ok", what)
    else:
        failed += 1
        print("FAIL", what, "got", repr(got), "want", repr(want))


path = sys.argv[1]
wb = openpyxl.load_workbook(path)
check("sheets", wb.sheetnames,
      ["Summary", "KPI", "Trend", "Customers", "Worklist", "Collectors",
       "Promises", "Forecast", "Unapplied", "Disputes", "Aging", "Detail"])
check("created is the as-of date", wb.properties.created,
      datetime.datetime(2026, 10, 31, 0, 0))
check("title", wb.properties.title, "Receivables as of 2026-10-31")

s = wb["Summary"]
rows = {r[0].value: r for r in s.iter_rows(min_row=1, max_row=30)}
check("summary header, in words", [c.value for c in rows["KPI"][:5]],
      ["KPI", "EUR", "GBP", "USD", "Formula"])
dso = rows["dso"][3]
check("dso USD is a number", (dso.value, dso.data_type), (93, "n"))
check("dso format", dso.number_format, "#,##0.00")
check("dso formula beside it", rows["dso"][4].value,
      "end_ar / credit_sales x days")
check("cei USD", rows["cei"][3].value, 47.76)
check("countback USD", rows["dso_countback"][3].value, 63.07)
check("bad_debt_ratio USD and format",
      (rows["bad_debt_ratio"][3].value, rows["bad_debt_ratio"][3].number_format),
      (0.2667, "#,##0.0000"))
check("cei GBP empty (denominator 0)", rows["cei"][2].value, None)
check("credit_sales USD money", (rows["credit_sales"][3].value,
      rows["credit_sales"][3].number_format), (1500, "#,##0.00"))
check("broken_promises USD", rows["broken_promises"][3].value, 1)

d = wb["Disputes"]
check("disputes caption then header", (d["A2"].value, d["Q2"].value),
      ("Reason", "Rebilled"))
check("the dispute of I-SEP, open 15 days: 0-30",
      [c.value for c in next(d.iter_rows(min_row=3, max_row=3))][:10],
      ["other", "USD", 1, 500, 1, 500, 500, 0, 0, 0])
check("disputed amounts are money", d["D3"].number_format, "#,##0.00")

c = wb["Customers"]
check("customers caption then header, in words",
      [c["A2"].value, c["C2"].value, c["D2"].value],
      ["Customer ID", "Currency", "Invoices paid"])
check("customers frozen under the header", c.freeze_panes, "A3")
check("customers autofilter", c.auto_filter.ref, "A2:Q7")
x1 = [r for r in c.iter_rows(min_row=3) if r[0].value == "X1"][0]
check("=HYPERLINK name stays text", (x1[1].value, x1[1].data_type),
      ('=HYPERLINK("http://x")', "s"))
h = [r for r in c.iter_rows(min_row=3) if r[0].value == "H"][0]
check("last_payment_date is a date", (h[8].value, h[8].number_format),
      (datetime.datetime(2026, 10, 28), "yyyy-mm-dd"))
check("balance is money", (h[9].value, h[9].number_format), (260, "#,##0.00"))
check("grade", h[14].value, "C")
check("dso last, a number", (h[15].value, h[15].number_format), (65.87, "#,##0.00"))
check("name column wide", c.column_dimensions["B"].width >= 30, True)

w = wb["Worklist"]
check("worklist first row", [v.value for v in w[3][:3]], [1, "K1", "Kilo One"])
check("worklist reason", w[3][11].value,
      "broken promise 2026-10-10; oldest item 52 days past due; never contacted")
f = wb["Forecast"]
check("forecast week 0", (f[3][0].value, f[3][1].value, f[3][2].value),
      (datetime.datetime(2026, 10, 31), "EUR", 0))
check("forecast doubtful row", [v.value for v in f[17][:2]], ["doubtful", "EUR"])
d = wb["Detail"]
check("detail header", [d["A2"].value, d["G2"].value],
      ["Customer ID", "Days past due"])
check("unapplied row", [v.value for v in wb["Unapplied"][3][:4]],
      ["H", "Habit GmbH", "payment", "HP"])

# every sheet prints: landscape, the company, sheet and as-of above, the
# page numbers below; the tables one page wide with their header row on
# every page, no header wider than its column
for ws in wb.worksheets:
    check(ws.title + " landscape", ws.page_setup.orientation, "landscape")
    check(ws.title + " page header",
          (ws.oddHeader.left.text, ws.oddHeader.center.text,
           ws.oddHeader.right.text),
          # the file doubles a company's '&' (a header's codes start so)
          ("Report && Test Co", "&A", "as of 2026-10-31"))
    check(ws.title + " page footer", ws.oddFooter.center.text,
          "Page &P of &N")
    if ws.title == "Summary":
        continue
    check(ws.title + " fit to one page wide",
          # fitToWidth 1 is the default, left out of the file
          (ws.sheet_properties.pageSetUpPr.fitToPage,
           ws.page_setup.fitToWidth or 1, ws.page_setup.fitToHeight),
          (True, 1, 0))
    check(ws.title + " header row on every page", ws.print_title_rows,
          "$2:$2")
    narrow = [h.value for h in ws[2]
              if h.value and ws.column_dimensions[h.column_letter].width
              < len(h.value) + 2]
    check(ws.title + " no header cut by its width", narrow, [])
# the Summary: two pages, the KPIs and aging then the months and weeks,
# its three charts inside its print area
check("Summary scaled to a page wide",
      40 <= s.page_setup.scale <= 100 and not s.sheet_properties.pageSetUpPr
      or not s.sheet_properties.pageSetUpPr.fitToPage, True)
# rows (1-based) 1-3 titles, 4 header, 5-24 the KPIs, 26-33 the aging,
# its chart beside it to row 40; 41-54 the months, 57-73 the weeks (the
# last two: later, doubtful)
check("Summary page break after row 40", [b.id for b in s.row_breaks.brk],
      [40])
check("Summary print area", s.print_area, ["$A$1:$E$74"])

z = zipfile.ZipFile(path)
drawing = z.read("xl/drawings/drawing1.xml").decode()
import re
anchors = re.findall(r"<xdr:from><xdr:col>(\d+)</xdr:col>.*?<xdr:row>(\d+)"
                     r"</xdr:row>.*?<xdr:to><xdr:col>(\d+)</xdr:col>"
                     r"<xdr:colOff>(\d+)</xdr:colOff><xdr:row>(\d+)</xdr:row>",
                     drawing, re.S)
check("charts in the formula column, within the print area, none across "
      "the page break",
      [(int(a[0]), int(a[2]), int(a[1]) < 40 < int(a[4]), int(a[4]) <= 72)
       for a in anchors], [(4, 4, False, True)] * 3)
charts = sorted(n for n in z.namelist() if n.startswith("xl/charts/chart"))
check("three charts", charts, ["xl/charts/chart1.xml", "xl/charts/chart2.xml",
                               "xl/charts/chart3.xml"])
kinds = [("barChart" in z.read(n).decode()) and "bar" or
         ("lineChart" in z.read(n).decode()) and "line" or "?" for n in charts]
check("chart kinds", kinds, ["bar", "line", "bar"])
check("charts on the Summary", "xl/drawings/drawing1.xml" in z.namelist()
      and "drawing" in z.read("xl/worksheets/_rels/sheet1.xml.rels").decode(),
      True)
check("aging chart series", "Summary!$D$" in z.read(charts[0]).decode(), True)
c1 = z.read(charts[0]).decode()
check("aging chart carries its categories and values",
      ("<c:strCache>" in c1 and "<c:v>over_120</c:v>" in c1
       and "<c:numCache>" in c1), True)
check("the Summary's text in shared strings, the big sheets inline",
      ("xl/sharedStrings.xml" in z.namelist(),
       'inlineStr' in z.read("xl/worksheets/sheet9.xml").decode()), (True, True))
check("no formula anywhere", any("<f>" in z.read(n).decode()
      for n in z.namelist() if n.startswith("xl/worksheets/")), False)

if len(sys.argv) > 2:
    late = openpyxl.load_workbook(sys.argv[2])
    d = late["Detail"]
    aug = [r for r in d.iter_rows(min_row=3) if r[3].value == "I-AUG"][0]
    check("I-AUG 113 days past due", aug[6].value, 113)
    check("over 90 highlighted", aug[9].fill.fgColor.rgb[-6:], "FFC7CE")
    sep = [r for r in d.iter_rows(min_row=3) if r[3].value == "I-SEP"][0]
    check("under 90 not highlighted", sep[9].fill.fill_type, None)
    # the latest back-test beside the forecast (its figures worked out
    # in report.t): the last quarter end 8 weeks before 12-31, 09-30, in
    # each currency, and in USD week by week and in a chart
    f = late["Forecast"]
    check("back-test header", [c.value for c in f[2][5:9]],
          ["Cutoff", "Currency", "Known", "Weeks"])
    check("only the latest cut-off",
          sorted({c.value for c in f["F"][2:] if c.value is not None}),
          [datetime.datetime(2026, 9, 30)])
    usd = [r for r in f.iter_rows(min_row=3) if r[6].value == "USD"][0]
    check("back-test at 09-30 in USD",
          [c.value for c in usd[5:13]],
          [datetime.datetime(2026, 9, 30), "USD", "as-of", 8, 2300, 6200,
           221.74, 169.57])
    check("weeks after 09-30: week, forecast, actual, naive",
          [[c.value for c in f[r][19:23]] for r in range(3, 11)],
          [[0, 4000, 0, 4000], [1, 0, 600, 0], [2, 2200, 1700, 2200],
           [3, 0, 0, 0], [4, 0, 0, 0], [5, 0, 0, 0], [6, 0, 0, 0],
           [7, 0, 0, 0]])
    zl = zipfile.ZipFile(sys.argv[2])
    c4 = zl.read("xl/charts/chart4.xml").decode()
    check("the back-test chart: three lines on the Forecast sheet",
          ("lineChart" in c4, c4.count("<c:ser>"), "Forecast!$U$3:$U$10" in c4),
          (True, 3, True))

sys.exit(1 if failed else 0)
