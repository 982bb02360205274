/*
 * notice.h - what the library has to say: a failure, a warning, progress.
 *
 * Everything the library says reaches the caller as a struct ar_notice:
 * the failure of the last call on a handle (ar_ledger_error()), and the
 * warnings, progress, problems found, items skipped and explanations of a
 * run, through the one ar_notice_fn set on the ledger handle
 * (ar_ledger_set_notice()).  A notice names the field it is about by the
 * field's name in the library (a member of the call's options, e.g.
 * "as_of", "amount"; a column of a file when file is set) and its text
 * does not repeat it, so that each caller shows a field its own way: the
 * ar-* commands as their option ("--as-of: '2026-01-05' ...").
 */
#ifndef AR_NOTICE_H
#define AR_NOTICE_H

#ifdef __cplusplus
extern "C" {
#endif

enum ar_notice_kind {
	AR_NOTICE_ERROR,	/* the failure of a call (ar_ledger_error()) */
	AR_NOTICE_WARNING,	/* worth saying; nothing was refused */
	AR_NOTICE_PROGRESS,	/* how far long work is; the next replaces it */
	AR_NOTICE_PROBLEM,	/* a check found something wrong */
	AR_NOTICE_SKIP,		/* a run left an item out, and why */
	AR_NOTICE_EXPLAIN	/* how a run decided, step by step */
};

/* One thing said; every string borrowed for the call (or, for a failure,
 * until the next call on the handle). */
struct ar_notice {
	enum ar_notice_kind kind;
	const char *text;	/* never NULL */
	const char *file;	/* the input it is about, or NULL */
	long line;		/* the line of file, or 0 */
	/* the field it is about, or NULL: a column of file when file is
	 * set, else a field of the call; text reads after it */
	const char *field;
	/* a field of the call that would let it through, and what that
	 * does ("allow_closed", "posts anyway"), or NULL */
	const char *hint;
	const char *hint_does;
};

/* Receives what the library says; n is borrowed for the call. */
typedef void (*ar_notice_fn)(void *ctx, const struct ar_notice *n);

#ifdef __cplusplus
}
#endif

#endif
