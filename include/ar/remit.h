/*
 * remit.h - reading document numbers out of remittance text.
 */
#ifndef AR_REMIT_H
#define AR_REMIT_H

#include <stddef.h>

/*
 * The next whole token of remittance text at *p: a run of letters, digits
 * and the joiners '-', '_', '.' inside it, so "INV-10" is one token and
 * never matches "INV-1".  Joiners at the ends are not part of a token.
 * Advances *p past it.
 * @return the token's start (length in *len), or NULL when none is left
 */
const char *ar_remit_token(const char **p, size_t *len);

#endif
