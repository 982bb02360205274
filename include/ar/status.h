/*
 * status.h - status codes shared by every arkit library function.
 *
 * Library functions return an ar_status; AR_OK is 0.  ar_strerror() gives
 * static text for a code; the detail (file, line, field, value) is kept by
 * the handle that failed (see ar_ledger_errmsg(), struct ar_csv_reader).
 */
#ifndef AR_STATUS_H
#define AR_STATUS_H

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ar_status {
	AR_OK = 0,
	AR_ECHECK,	/* a check answered no: invariant, control total */
	AR_EUSAGE,	/* the caller asked for something meaningless */
	AR_EINPUT,	/* bad input data */
	AR_ELEDGER,	/* ledger or I/O error */
	AR_EBUSY,	/* another run holds the write lock */
	AR_ENOMEM,	/* out of memory */
	AR_ENOTFOUND,	/* no such row */
	AR_EEXISTS	/* already there */
} ar_status;

/*
 * Static, lower-case text for a status.
 * @return never NULL
 */
const char *ar_strerror(ar_status st);

#ifdef __cplusplus
}
#endif

#endif
