/*
 * ar.h - the arkit library: accounts-receivable ledger logic.
 *
 * Link with `pkg-config --cflags --libs ar` (add --static for libar.a).
 * Only the ar_ names are the library's; ar__ names are its internals.
 * Every header compiles alone, in C and in C++.  The conventions below
 * hold for every function unless its header says otherwise.
 *
 * Errors.  A function that can fail returns an ar_status (status.h):
 * AR_OK (0) or a code; ar_strerror() gives static text for it and the
 * detail (file, line, field, value) is kept by the handle that failed,
 * e.g. ar_ledger_error(), borrowed until the next call on that handle.
 * The library speaks in fields, never in command-line flags: a failure
 * about one field of the call names it (struct ar_notice's field, e.g.
 * "amount", a member of the call's options) and its text does not repeat
 * it ("'x' is not an amount"); a field that would let the call through
 * is its hint ("allow_closed", "posts anyway").  The caller shows a field
 * its own way: the commands as their option, "--amount: 'x' is not an
 * amount".  Names of settings ("writeoff.approval_limit") are text.
 * The library never prints, never exits and never reads the terminal:
 * what it has to say besides a failure (warnings, progress, problems,
 * items skipped, explanations) reaches the caller only as notices
 * through the one hook set on the ledger, ar_ledger_set_notice(), or the
 * ar_notice_fn a checking call takes; rows of data have their row
 * callbacks.  What a status means as a process's exit status is the caller's
 * to say (the ar-* commands: SPEC section 3).
 *
 * Ownership.  Handles (struct ar_ledger and the like) are opaque: made by
 * their _open/_new function, released by the matching _close/_free, which
 * accept NULL.  A pointer a function returns or fills is "borrowed" (owned
 * by the library, valid as long as the header says: the call, the
 * callback, until the next call on the handle) unless the header says
 * "caller frees", in which case free() releases it.  Pointers given to the
 * library are only read during the call unless a header says they must
 * outlive it.  Money is int64_t minor units of the currency's exponent;
 * dates are ar_date calendar days.
 *
 * Threads.  A handle is used by one thread at a time; the functions of
 * tz.h set the process's time zone for the call.
 */
#ifndef AR_H
#define AR_H

#include "ar/status.h"
#include "ar/notice.h"
#include "ar/money.h"
#include "ar/date.h"
#include "ar/csv.h"
#include "ar/ledger.h"
#include "ar/import.h"
#include "ar/bai2.h"
#include "ar/camt.h"
#include "ar/age.h"
#include "ar/apply.h"
#include "ar/pdf.h"
#include "ar/statement.h"
#include "ar/remit.h"
#include "ar/refund.h"
#include "ar/cash.h"
#include "ar/writeoff.h"
#include "ar/credit.h"
#include "ar/dispute.h"
#include "ar/report.h"
#include "ar/xlsx.h"
#include "ar/sha256.h"
#include "ar/tz.h"
#include "ar/note.h"
#include "ar/dun.h"
#include "ar/mail.h"
#include "ar/correspond.h"

#endif
