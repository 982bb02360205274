/*
 * ar.h - the arkit library: accounts-receivable ledger logic.
 */
#ifndef AR_H
#define AR_H

#include "ar/status.h"
#include "ar/money.h"
#include "ar/date.h"
#include "ar/csv.h"
#include "ar/ledger.h"
#include "ar/import.h"
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
