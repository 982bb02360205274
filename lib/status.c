/* status.c - the text of library status codes */
#include "ar/status.h"

const char *ar_strerror(ar_status st)
{
	switch (st) {
	case AR_OK:		return "success";
	case AR_ECHECK:		return "check failed";
	case AR_EUSAGE:		return "invalid request";
	case AR_EINPUT:		return "bad input data";
	case AR_ELEDGER:	return "ledger error";
	case AR_EBUSY:		return "ledger busy";
	case AR_ENOMEM:		return "out of memory";
	case AR_ENOTFOUND:	return "not found";
	case AR_EEXISTS:	return "already exists";
	}
	return "unknown error";
}
