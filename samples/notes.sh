#!/bin/sh
# notes.sh - a collector's Friday in the ledger with ar-note: calls, an
# e-mail, a promise to pay, a payment plan for a consumer, and a customer
# who asks for no more calls.  Called by demo.sh after the nightly job;
# the ledger is $AR_DB.  The times are UTC (the Z): 16:30Z on 2026-10-30
# is 09:30 in Los Angeles, where the consumer C00023 lives.
set -eu

# O'Brien & Sons, 220 days past due: a promise for the oldest invoice
ar-note -q --collector 'Maria Gonzalez' --at 2026-10-30T15:10Z C00030 call \
	--outcome promised --doc INV-0000294 --follow-up 2026-11-09 \
	--text 'Kevin: the rest of INV-0000294 goes out with the Nov 6 check run'
ar-note -q --collector 'Maria Gonzalez' --at 2026-10-30T15:12Z C00030 promise \
	--amount 3477.99 --on 2026-11-06 --doc INV-0000294

# Campbell Medical Supply: a message, and the statement by e-mail
ar-note -q --collector 'Maria Gonzalez' --at 2026-10-30T15:40Z C00035 call \
	--outcome left_message --follow-up 2026-11-02
ar-note -q --collector 'Maria Gonzalez' --at 2026-10-30T15:45Z C00035 email \
	--doc INV-0001051 --doc INV-0001106 --text 'statement and copies sent'

# Carter, White & Associates asks to be written to, not called
ar-note -q --collector 'Priya Raman' --at 2026-10-30T17:05Z C00022 call \
	--outcome reached --text 'AP clerk: send copies by e-mail, no more calls'
ar-note -q --collector 'Priya Raman' --at 2026-10-30T17:07Z C00022 contact \
	no_calls --text 'asked on the phone for e-mail only'
ar-note -q --collector 'Priya Raman' --at 2026-10-30T17:20Z C00022 email \
	--doc INV-0000297 --doc INV-0000695 --follow-up 2026-10-31 \
	--text 'copies of INV-0000297 and INV-0000695 sent'

# the consumer: a call at 09:30 her time, and a plan in three instalments
ar-note -q --collector 'Tom Kowalski' --at 2026-10-30T16:30Z C00023 call \
	--outcome reached --doc INV-0001395 \
	--text 'cannot pay INV-0001395 at once; agreed three monthly payments'
ar-note -q --collector 'Tom Kowalski' --at 2026-10-30T16:32Z C00023 plan \
	--amount 982.55 --instalments 3 --every month --first 2026-11-15 \
	--doc INV-0001395
