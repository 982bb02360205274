#!/bin/sh
# disputes.sh - October's disputes of the samples, worked and resolved
# from the shell: five customers question an invoice, each for another
# reason, and each dispute ends another way (a credit memo, a write-off,
# reinstated, a rebill); the last one is still open at the month's end,
# beside the three the activities file raised.
#
#   usage: disputes.sh
#
# The ledger is $AR_DB (default ./ar.db), loaded with the samples and
# their cash applied (nightly.sh).  Every posting goes through the
# ledger's rules; ar-ledger check proves it sound after the run.
set -eu

# wrong price on INV-0001349: 120.00 credited, applied at once
id=$(ar-dispute -q open INV-0001349 --reason pricing --amount 120.00 \
	--owner 'Maria Gonzalez' --date 2026-10-05 \
	--text 'contract price 14.00 a unit, billed 16.00')
ar-dispute -q note "$id" --date 2026-10-12 --text 'sales confirms the contract price'
ar-dispute -q resolve "$id" --credit 120.00 --date 2026-10-20 >/dev/null

# the goods of INV-0001327 arrived broken and were scrapped: written off
# within the approval limit
id=$(ar-dispute -q open INV-0001327 --reason damaged --owner 'Logistics: Ray' \
	--date 2026-10-08 --text 'pallet crushed in transit; photos received')
ar-dispute -q resolve "$id" --writeoff --date 2026-10-22 >/dev/null

# INV-0001338 "never received": the carrier's proof of delivery ends it
id=$(ar-dispute -q open INV-0001338 --reason not_received --date 2026-10-12)
ar-dispute -q assign "$id" --owner 'Logistics: Ray' --date 2026-10-13
ar-dispute -q note "$id" --date 2026-10-19 --text 'proof of delivery requested from the carrier'
ar-dispute -q resolve "$id" --reinstate --date 2026-10-26 \
	--text 'signed delivery receipt sent to the customer'

# INV-0001106 billed 10% too many units: billed again at 645.30
id=$(ar-dispute -q open INV-0001106 --reason quantity --date 2026-10-06 \
	--owner 'Billing: Lee' --text 'billed 100 units, 90 shipped')
ar-dispute -q resolve "$id" --rebill INV-0001106-R --amount 645.30 \
	--due 2026-11-27 --date 2026-10-28 >/dev/null

# still open at the month's end
ar-dispute -q open INV-0001172 --reason tax --owner 'Billing: Lee' \
	--date 2026-10-27 --text 'customer is tax exempt; certificate on file?' >/dev/null

ar-ledger check
