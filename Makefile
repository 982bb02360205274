# arkit - accounts-receivable toolkit
#
#   make            build the commands into build/bin
#   make check      every test (installs missing Debian packages first)
#   make demo       the nightly job on samples/ into a fresh ledger
#   make bench      the performance table against the sqlite3 peer
#   make install    PREFIX=/usr/local DESTDIR= (commands, libar, headers,
#                   ar.pc, man pages, completion)
#
# DEVELOPER=1 turns warnings into errors; SANITIZE=address,undefined
# builds with sanitizers (into its own directory); V=1 shows commands.

VERSION = 0.1.0
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
COMPDIR ?= $(PREFIX)/share/bash-completion/completions
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
CC ?= cc
CFLAGS ?= -O2 -g
CPPFLAGS ?=
LDFLAGS ?=

WARN = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
       -Wpointer-arith -Wformat=2 -Wno-format-nonliteral
ifeq ($(DEVELOPER),1)
WARN += -Werror
endif

ifdef SANITIZE
BUILD ?= build/san
SANFLAGS = -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
else
BUILD ?= build
SANFLAGS =
endif

# libxml2 reads camt.053 bank statements (lib/camt.c); cairo and pango
# draw PDF (lib/pdf.c).  Their headers are system headers, so that
# DEVELOPER=1 holds arkit's code, not GLib's, to -Werror
PKG_CONFIG ?= pkg-config
XML_CFLAGS := $(shell $(PKG_CONFIG) --cflags libxml-2.0 2>/dev/null || echo -I/usr/include/libxml2)
XML_LIBS := $(shell $(PKG_CONFIG) --libs libxml-2.0 2>/dev/null || echo -lxml2)
PDF_PKGS = pangocairo cairo-pdf
PDF_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PDF_PKGS) 2>/dev/null | sed 's/-I/-isystem /g')
PDF_LIBS := $(shell $(PKG_CONFIG) --libs $(PDF_PKGS) 2>/dev/null)

ALL_CFLAGS = -std=c11 -D_GNU_SOURCE -DAR_VERSION='"$(VERSION)"' \
	     -Iinclude -Icmd $(XML_CFLAGS) $(PDF_CFLAGS) $(WARN) $(SANFLAGS) $(CFLAGS)
ALL_LDFLAGS = $(SANFLAGS) $(LDFLAGS)
LIBS = -lsqlite3 -lcsv -lcrypto -lxlsxwriter $(XML_LIBS) $(PDF_LIBS)

ifeq ($(V),1)
Q =
else
Q = @
endif

LIB_SRC = $(wildcard lib/*.c)
LIB_OBJ = $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/lib/schema.o
SONAME = libar.so.0
HEADERS = $(wildcard include/ar/*.h)
CLI_OBJ = $(BUILD)/cmd/cli.o $(BUILD)/cmd/cli_opts.o $(BUILD)/cmd/mailout.o
COMMANDS = ar-age ar-apply ar-credit ar-dispute ar-dun ar-import ar-ledger ar-note \
	ar-report ar-statement ar-writeoff
BINS = $(COMMANDS:%=$(BUILD)/bin/%)
UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BINS = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
MAN1 = $(wildcard man/*.1)
MAN5 = $(wildcard man/*.5)
MAN7 = $(wildcard man/*.7)

.PHONY: all check unit cli demo bench deps install install-completion \
	uninstall clean lint fuzz
.SUFFIXES:

all: $(BINS) $(BUILD)/bin/argen $(BUILD)/libar.a $(BUILD)/$(SONAME) $(BUILD)/ar.pc

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(PIC) -MMD -MP -c -o $@ $<

# the schema is compiled in from its SQL source
$(BUILD)/lib/schema.c: lib/schema.sql
	@mkdir -p $(dir $@)
	$(Q){ echo '/* generated from lib/schema.sql */'; \
	  echo 'const char ar__schema_sql[] ='; \
	  sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$/\\n"/' $<; \
	  echo ';'; } > $@
$(BUILD)/lib/schema.o: $(BUILD)/lib/schema.c
	$(Q)$(CC) $(ALL_CFLAGS) $(PIC) -c -o $@ $<

# The library's objects serve libar.a and libar.so alike, so they are
# position-independent; the commands link libar.a.
$(LIB_OBJ): PIC = -fPIC

$(BUILD)/libar.a: $(LIB_OBJ)
	@$(if $(Q),echo "  AR      $@")
	$(Q)rm -f $@ && ar rcs $@ $^

# Only the ar_ names are exported (lib/libar.map); -z defs refuses a
# library that would need a symbol it does not name a library for.
$(BUILD)/$(SONAME): $(LIB_OBJ) lib/libar.map
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) -shared -Wl,-soname,$(SONAME) -Wl,--version-script=lib/libar.map \
		-Wl,-z,defs $(ALL_LDFLAGS) -o $@ $(LIB_OBJ) $(LIBS)

$(BUILD)/ar.pc: lib/ar.pc.in Makefile
	$(Q)sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
		-e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' -e 's|@VERSION@|$(VERSION)|' \
		lib/ar.pc.in > $@

$(BUILD)/bin/%: $(BUILD)/cmd/%.o $(CLI_OBJ) $(BUILD)/libar.a
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $(filter %.o,$^) $(BUILD)/libar.a $(LIBS)

# ar-statement's receipts, confirmations and e-mail in a file of their own
$(BUILD)/bin/ar-statement: $(BUILD)/cmd/sendout.o

$(BUILD)/bin/argen: tools/argen.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) -std=c11 $(WARN) $(SANFLAGS) $(CFLAGS) $(ALL_LDFLAGS) -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libar.a
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -Ilib -MMD -MP -MF $@.d -o $@ $< $(BUILD)/libar.a \
		$(ALL_LDFLAGS) -lcmocka $(LIBS)

deps:
	@sh tools/deps.sh

# One runner for every test: the cmocka suites speak TAP (cmocka reads
# CMOCKA_MESSAGE_OUTPUT), so prove runs them beside the CLI scripts and
# prints one summary.  The leak suppressions reach every process it runs.
# tests/lib builds examples/ against an install into TEST_DESTDIR.
CLI_TESTS = $(wildcard tests/cli/*.t)
LIB_TESTS = $(wildcard tests/lib/*.t)
TEST_DESTDIR = $(CURDIR)/$(BUILD)/destdir
PROVE = AR_BIN=$(CURDIR)/$(BUILD)/bin CMOCKA_MESSAGE_OUTPUT=TAP \
	AR_DESTDIR=$(TEST_DESTDIR) AR_PKGCONFIGDIR=$(PKGCONFIGDIR) \
	AR_SANFLAGS="$(SANFLAGS)" CC="$(CC)" \
	LSAN_OPTIONS=$${LSAN_OPTIONS:-suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0} \
	prove -f

check: deps
	@$(MAKE) --no-print-directory all $(UNIT_BINS)
	@rm -rf $(TEST_DESTDIR)
	@$(MAKE) --no-print-directory install DESTDIR=$(TEST_DESTDIR) >/dev/null
	@$(PROVE) $(UNIT_BINS) $(CLI_TESTS) $(LIB_TESTS)

unit: $(UNIT_BINS)
	@$(PROVE) $(UNIT_BINS)

cli: $(BINS)
	@$(PROVE) $(CLI_TESTS)

demo: deps
	@$(MAKE) --no-print-directory all
	@PATH="$(CURDIR)/$(BUILD)/bin:$$PATH" sh samples/demo.sh

bench: deps
	@$(MAKE) --no-print-directory all
	@PATH="$(CURDIR)/$(BUILD)/bin:$$PATH" sh bench/run.sh

# libFuzzer over the parsers (needs clang: apt-get install clang);
# FUZZ_SECONDS per target, default 60
FUZZ_SECONDS ?= 60
FUZZERS = $(patsubst tests/fuzz/%.c,build/fuzz/%,$(wildcard tests/fuzz/fuzz_*.c))
build/fuzz/%: tests/fuzz/%.c $(LIB_SRC) $(BUILD)/lib/schema.c
	@mkdir -p $(dir $@)
	clang -std=c11 -D_GNU_SOURCE -g -O1 -Iinclude -Ilib $(XML_CFLAGS) $(PDF_CFLAGS) \
		-fsanitize=fuzzer,address,undefined -o $@ $< $(LIB_SRC) \
		$(BUILD)/lib/schema.c $(LIBS)
fuzz: $(FUZZERS)
	@set -e; for f in $(FUZZERS); do mkdir -p build/fuzz/corpus-$$(basename $$f); \
		echo "# $$f"; $$f -max_total_time=$(FUZZ_SECONDS) -timeout=10 -max_len=4096 \
		build/fuzz/corpus-$$(basename $$f) 2>&1 | tail -3; done

lint:
	mandoc -T lint -W warning $(MAN1) $(MAN5) $(MAN7)

install: all
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man7 \
		$(DESTDIR)$(LIBDIR) $(DESTDIR)$(PKGCONFIGDIR) \
		$(DESTDIR)$(INCLUDEDIR)/ar
	install -m 755 $(BINS) $(DESTDIR)$(BINDIR)/
	install -m 644 $(BUILD)/libar.a $(DESTDIR)$(LIBDIR)/
	install -m 755 $(BUILD)/$(SONAME) $(DESTDIR)$(LIBDIR)/
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libar.so
	install -m 644 $(BUILD)/ar.pc $(DESTDIR)$(PKGCONFIGDIR)/
	install -m 644 include/ar.h $(DESTDIR)$(INCLUDEDIR)/
	install -m 644 $(HEADERS) $(DESTDIR)$(INCLUDEDIR)/ar/
	install -m 644 $(MAN1) $(DESTDIR)$(MANDIR)/man1/
	install -m 644 $(MAN5) $(DESTDIR)$(MANDIR)/man5/
	install -m 644 $(MAN7) $(DESTDIR)$(MANDIR)/man7/
	@$(MAKE) --no-print-directory install-completion

# bash-completion looks for a command's completion under its name
install-completion:
	mkdir -p $(DESTDIR)$(COMPDIR)
	install -m 644 completion/arkit.bash $(DESTDIR)$(COMPDIR)/arkit
	for c in $(COMMANDS); do \
		install -m 644 completion/arkit.bash $(DESTDIR)$(COMPDIR)/$$c; \
	done

uninstall:
	rm -f $(COMMANDS:%=$(DESTDIR)$(BINDIR)/%)
	rm -f $(MAN1:man/%=$(DESTDIR)$(MANDIR)/man1/%) \
	      $(MAN5:man/%=$(DESTDIR)$(MANDIR)/man5/%) \
	      $(MAN7:man/%=$(DESTDIR)$(MANDIR)/man7/%)
	rm -f $(DESTDIR)$(COMPDIR)/arkit $(COMMANDS:%=$(DESTDIR)$(COMPDIR)/%)
	rm -f $(DESTDIR)$(LIBDIR)/libar.a $(DESTDIR)$(LIBDIR)/$(SONAME) \
	      $(DESTDIR)$(LIBDIR)/libar.so $(DESTDIR)$(PKGCONFIGDIR)/ar.pc \
	      $(DESTDIR)$(INCLUDEDIR)/ar.h $(HEADERS:include/%=$(DESTDIR)$(INCLUDEDIR)/%)
	-rmdir $(DESTDIR)$(INCLUDEDIR)/ar

clean:
	rm -rf build demo

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
