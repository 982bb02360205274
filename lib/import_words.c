/*
 * import_words.c - the words exports use for a customer's status and
 * contact preference, and the ledger's word each stands for.
 *
 * Accounting packages write "Inactive", "On hold" or "Do not call" where
 * the ledger keeps closed, hold and no_calls.  The table is the one in
 * ar-import(1); keys are folded as column names are (lower case, letters
 * and digits only), so "On Hold", "on-hold" and "ONHOLD" are one word.
 */
#include <string.h>

#include "import_int.h"

static const struct synonym {
	int col;		/* CU_STATUS or CU_CONTACT */
	const char *word;	/* folded */
	const char *means;	/* the ledger's word */
} synonyms[] = {
	{CU_STATUS, "open", "active"},
	{CU_STATUS, "current", "active"},
	{CU_STATUS, "ingoodstanding", "active"},
	{CU_STATUS, "onhold", "hold"},
	{CU_STATUS, "credithold", "hold"},
	{CU_STATUS, "blocked", "hold"},
	{CU_STATUS, "onstop", "hold"},
	{CU_STATUS, "inactive", "closed"},
	{CU_STATUS, "disabled", "closed"},
	{CU_STATUS, "archived", "closed"},
	{CU_STATUS, "dormant", "closed"},
	{CU_STATUS, "bankruptcy", "bankrupt"},
	{CU_STATUS, "insolvent", "bankrupt"},
	{CU_STATUS, "insolvency", "bankrupt"},
	{CU_CONTACT, "yes", "ok"},
	{CU_CONTACT, "allowed", "ok"},
	{CU_CONTACT, "donotcall", "no_calls"},
	{CU_CONTACT, "dnc", "no_calls"},
	{CU_CONTACT, "emailonly", "no_calls"},
	{CU_CONTACT, "ceaseanddesist", "cease"},
	{CU_CONTACT, "donotcontact", "cease"},
	{CU_CONTACT, "nocontact", "cease"},
};

const char *ar__word_synonym(int col, const char *folded)
{
	for (size_t i = 0; i < sizeof(synonyms) / sizeof(synonyms[0]); i++)
		if (synonyms[i].col == col && strcmp(synonyms[i].word, folded) == 0)
			return synonyms[i].means;
	return NULL;
}
