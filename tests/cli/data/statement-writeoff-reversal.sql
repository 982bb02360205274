-- Stands in for 'ar-writeoff' and 'ar-apply --reverse' until they land:
-- the rows they post, exactly as lib/post.c and the ledger model have
-- them.
--
-- 2026-10-20: the 600.00 left open on INV-S1 is written off as bad debt:
-- a writeoff document numbered WO-<its id>, reason bad_debt, related to
-- the invoice, applied to it (rule writeoff).
--
-- 2026-10-25: PAY-S2 (300.00, applied to INV-S2 on 2026-10-10) comes back
-- unpaid: a reversal document numbered like the payment, related to it,
-- for its amount; its application to INV-S2 cancelled from that day; the
-- payment applied in full to the reversal (rule reversal); and a 25.00
-- returned-payment fee, NSF-PAY-S2, dated and due that day.
BEGIN;
INSERT INTO batch (command, args, user, started, finished)
VALUES ('fixture', 'statement-writeoff-reversal.sql', 'test',
	'2026-10-25T12:00:00.000000Z', '2026-10-25T12:00:00.000000Z');

INSERT INTO document (id, doc_type, doc_no, customer, doc_date, amount,
	currency, reason, related, batch_id)
SELECT (SELECT max(id) + 1 FROM document), 'writeoff',
	'WO-' || ((SELECT max(id) FROM document) + 1), i.customer,
	'2026-10-20', 60000, i.currency, 'bad_debt', i.id,
	(SELECT max(id) FROM batch)
FROM document i WHERE i.family = 'invoice' AND i.doc_no = 'INV-S1';
INSERT INTO application (credit_doc, debit_doc, amount, effective_date,
	rule, batch_id)
SELECT w.id, w.related, 60000, '2026-10-20', 'writeoff',
	(SELECT max(id) FROM batch)
FROM document w WHERE w.doc_type = 'writeoff' AND w.related =
	(SELECT id FROM document WHERE family = 'invoice' AND doc_no = 'INV-S1');

INSERT INTO document (doc_type, doc_no, customer, doc_date, due_date,
	amount, currency, reason, related, batch_id)
SELECT 'reversal', p.doc_no, p.customer, '2026-10-25', '2026-10-25',
	p.amount, p.currency, 'insufficient funds', p.id,
	(SELECT max(id) FROM batch)
FROM document p WHERE p.doc_type = 'payment' AND p.doc_no = 'PAY-S2';
INSERT INTO application (credit_doc, debit_doc, amount, effective_date,
	rule, cancels, batch_id)
SELECT a.credit_doc, a.debit_doc, -a.amount, '2026-10-25', 'reversal',
	a.id, (SELECT max(id) FROM batch)
FROM application a JOIN document p ON p.id = a.credit_doc
WHERE p.doc_type = 'payment' AND p.doc_no = 'PAY-S2' AND a.amount > 0;
INSERT INTO application (credit_doc, debit_doc, amount, effective_date,
	rule, batch_id)
SELECT p.id, r.id, p.amount, '2026-10-25', 'reversal',
	(SELECT max(id) FROM batch)
FROM document p JOIN document r ON r.related = p.id AND r.doc_type = 'reversal'
WHERE p.doc_type = 'payment' AND p.doc_no = 'PAY-S2';
INSERT INTO document (doc_type, doc_no, customer, doc_date, due_date,
	amount, currency, description, related, batch_id)
SELECT 'debit_memo', 'NSF-' || p.doc_no, p.customer, '2026-10-25',
	'2026-10-25', 2500, p.currency, 'Returned payment fee', p.id,
	(SELECT max(id) FROM batch)
FROM document p WHERE p.doc_type = 'payment' AND p.doc_no = 'PAY-S2';
COMMIT;
