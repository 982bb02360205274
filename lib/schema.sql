-- arkit ledger, schema version 3.
--
-- Money is INTEGER minor units of the row's currency; dates are TEXT
-- 'YYYY-MM-DD'; timestamps are TEXT 'YYYY-MM-DDTHH:MM:SS.ffffffZ' (UTC).
-- Documents, applications, activities and the other event tables are
-- append-only: triggers refuse UPDATE and DELETE.  Every row names the
-- batch (the run) that wrote it.
--
-- A ledger of an earlier version is brought to this one by the steps of
-- lib/upgrade.c ('ar-ledger upgrade'): what is added here is added there
-- too, at the end of its table, so that both give the same columns in
-- the same order.

CREATE TABLE batch (
	id		INTEGER PRIMARY KEY,
	command		TEXT NOT NULL,
	args		TEXT NOT NULL,
	user		TEXT NOT NULL,
	started		TEXT NOT NULL,
	finished	TEXT,
	summary		TEXT
);

CREATE TABLE batch_file (
	batch_id	INTEGER NOT NULL REFERENCES batch(id),
	name		TEXT NOT NULL,
	sha256		TEXT NOT NULL,
	record_type	TEXT NOT NULL,
	rows		INTEGER NOT NULL,
	added		INTEGER NOT NULL,
	unchanged	INTEGER NOT NULL,
	rejected	INTEGER NOT NULL,
	-- the amounts of the rows read, per currency: 'USD 123456,EUR 500'
	totals		TEXT NOT NULL DEFAULT ''
);
CREATE INDEX batch_file_sha256 ON batch_file(sha256);

CREATE TABLE setting (
	key		TEXT PRIMARY KEY,
	value		TEXT NOT NULL,
	batch_id	INTEGER NOT NULL REFERENCES batch(id)
);

CREATE TABLE customer (
	id		INTEGER PRIMARY KEY,
	customer_id	TEXT NOT NULL UNIQUE,
	name		TEXT NOT NULL,
	email		TEXT,
	phone		TEXT,
	address1	TEXT,
	address2	TEXT,
	city		TEXT,
	region		TEXT,
	postal_code	TEXT,
	country		TEXT,
	terms		INTEGER,
	credit_limit	INTEGER,
	currency	TEXT,
	collector	TEXT,
	timezone	TEXT,
	status		TEXT NOT NULL DEFAULT 'active'
		CHECK (status = 'active' OR status = 'hold' OR status = 'closed' OR
		status = 'bankrupt'),
	contact		TEXT NOT NULL DEFAULT 'ok'
		CHECK (contact = 'ok' OR contact = 'no_calls' OR contact = 'cease'),
	batch_id	INTEGER NOT NULL REFERENCES batch(id),
	-- the early-payment discount of the terms (2/10 Net 30: 200, 10),
	-- in hundredths of a percent and days; NULL without (version 2)
	discount_rate	INTEGER CHECK (discount_rate IS NULL OR
		(discount_rate > 0 AND discount_rate < 10000)),
	discount_days	INTEGER CHECK ((discount_days IS NULL) =
		(discount_rate IS NULL) AND (discount_days IS NULL OR
		discount_days >= 0)),
	-- who the customer is, for the contact rules of ar-note(1): a
	-- consumer's calls are limited by law, a business's are not
	-- (version 3)
	kind		TEXT NOT NULL DEFAULT 'business'
		CHECK (kind = 'business' OR kind = 'consumer')
);

-- Every earlier state of a customer, kept when the row changes.
CREATE TABLE customer_history (
	id		INTEGER PRIMARY KEY,
	customer	INTEGER NOT NULL REFERENCES customer(id),
	customer_id	TEXT NOT NULL,
	name		TEXT NOT NULL,
	email		TEXT,
	phone		TEXT,
	address1	TEXT,
	address2	TEXT,
	city		TEXT,
	region		TEXT,
	postal_code	TEXT,
	country		TEXT,
	terms		INTEGER,
	credit_limit	INTEGER,
	currency	TEXT,
	collector	TEXT,
	timezone	TEXT,
	status		TEXT NOT NULL,
	contact		TEXT NOT NULL,
	batch_id	INTEGER NOT NULL REFERENCES batch(id),
	replaced_by_batch INTEGER NOT NULL REFERENCES batch(id),
	discount_rate	INTEGER,
	discount_days	INTEGER,
	kind		TEXT NOT NULL DEFAULT 'business'
);
CREATE INDEX customer_history_customer ON customer_history(customer);

CREATE TRIGGER customer_keep_history BEFORE UPDATE ON customer
BEGIN
	INSERT INTO customer_history (customer, customer_id, name, email,
		phone, address1, address2, city, region, postal_code, country,
		terms, credit_limit, currency, collector, timezone, status,
		contact, batch_id, replaced_by_batch, discount_rate,
		discount_days, kind)
	VALUES (old.id, old.customer_id, old.name, old.email, old.phone,
		old.address1, old.address2, old.city, old.region,
		old.postal_code, old.country, old.terms, old.credit_limit,
		old.currency, old.collector, old.timezone, old.status,
		old.contact, old.batch_id, new.batch_id, old.discount_rate,
		old.discount_days, old.kind);
END;
CREATE TRIGGER customer_no_delete BEFORE DELETE ON customer
BEGIN SELECT RAISE(ABORT, 'customers are never deleted (set status closed)'); END;
CREATE TRIGGER customer_id_fixed BEFORE UPDATE OF customer_id ON customer
	WHEN new.customer_id IS NOT old.customer_id
BEGIN SELECT RAISE(ABORT, 'a customer number never changes'); END;

-- (Constraints below compare with OR rather than IN: SQLite evaluates a
-- long IN list through a temporary index built anew for every row.)
--
-- Debit documents (invoice, debit_memo, finance_charge, recovery, reversal)
-- raise the balance; credit documents (credit_memo, payment, writeoff)
-- lower it.  amount is always positive: doc_type gives the sign.
CREATE TABLE document (
	id		INTEGER PRIMARY KEY,
	doc_type	TEXT NOT NULL CHECK (doc_type = 'invoice' OR
		doc_type = 'debit_memo' OR doc_type = 'finance_charge' OR
		doc_type = 'recovery' OR doc_type = 'reversal' OR
		doc_type = 'credit_memo' OR doc_type = 'payment' OR
		doc_type = 'writeoff'),
	doc_no		TEXT NOT NULL,
	customer	INTEGER NOT NULL REFERENCES customer(id),
	doc_date	TEXT NOT NULL,
	due_date	TEXT,
	amount		INTEGER NOT NULL CHECK (amount > 0),
	currency	TEXT NOT NULL,
	po_number	TEXT,
	description	TEXT,
	method		TEXT,
	reference	TEXT,
	check_no	TEXT,
	deposit_id	TEXT,
	reason		TEXT,
	related		INTEGER REFERENCES document(id),
	batch_id	INTEGER NOT NULL REFERENCES batch(id),
	-- numbers are unique within a family: invoices, debit memos and
	-- finance charges share one (they are all billed by number)
	family		TEXT GENERATED ALWAYS AS (CASE doc_type
		WHEN 'debit_memo' THEN 'invoice'
		WHEN 'finance_charge' THEN 'invoice'
		ELSE doc_type END) VIRTUAL,
	sign		INTEGER GENERATED ALWAYS AS (CASE doc_type
		WHEN 'credit_memo' THEN -1 WHEN 'payment' THEN -1
		WHEN 'writeoff' THEN -1 ELSE 1 END) VIRTUAL,
	-- an invoice's early-payment discount, from its terms or else its
	-- customer's: hundredths of a percent and days from doc_date; NULL
	-- without, and on every other document (version 2).  Data only: no
	-- balance takes it into account.
	discount_rate	INTEGER CHECK (discount_rate IS NULL OR
		(discount_rate > 0 AND discount_rate < 10000 AND
		doc_type = 'invoice')),
	discount_days	INTEGER CHECK ((discount_days IS NULL) =
		(discount_rate IS NULL) AND (discount_days IS NULL OR
		discount_days >= 0))
);
CREATE UNIQUE INDEX document_number ON document(family, doc_no);
-- A customer's documents by date, with what cash application and
-- statements read of them: a pass over all customers reads this index in
-- order instead of jumping about the table.
CREATE INDEX document_customer ON document(customer, doc_date, doc_type,
	amount, currency, due_date, doc_no, related, reference);

CREATE TRIGGER document_append_only BEFORE UPDATE ON document
BEGIN SELECT RAISE(ABORT, 'documents are append-only (correct with a memo or reversal)'); END;
CREATE TRIGGER document_no_delete BEFORE DELETE ON document
BEGIN SELECT RAISE(ABORT, 'documents are append-only (correct with a memo or reversal)'); END;

-- Money of a credit document (payment, credit memo, write-off) applied to
-- a debit document.  A negative amount cancels an earlier application
-- (undo, reversal) and names it in cancels.
CREATE TABLE application (
	id		INTEGER PRIMARY KEY,
	credit_doc	INTEGER NOT NULL REFERENCES document(id),
	debit_doc	INTEGER NOT NULL REFERENCES document(id),
	amount		INTEGER NOT NULL CHECK (amount <> 0),
	effective_date	TEXT NOT NULL,
	rule		TEXT NOT NULL,
	cancels		INTEGER REFERENCES application(id),
	batch_id	INTEGER NOT NULL REFERENCES batch(id)
);
-- (the rule too: the payment habits tell write-offs from payments
-- without reading the rows; version 2)
CREATE INDEX application_debit ON application(debit_doc, effective_date, amount, batch_id, rule);
-- (the rule too: an undo's cancellations reopen nothing; version 3)
CREATE INDEX application_credit ON application(credit_doc, effective_date, amount, batch_id, rule);
-- which applications are cancelled (few rows: undo and reversals only)
CREATE INDEX application_cancels ON application(cancels) WHERE cancels IS NOT NULL;

CREATE TRIGGER application_append_only BEFORE UPDATE ON application
BEGIN SELECT RAISE(ABORT, 'applications are append-only (undo with a cancelling application)'); END;
CREATE TRIGGER application_no_delete BEFORE DELETE ON application
BEGIN SELECT RAISE(ABORT, 'applications are append-only (undo with a cancelling application)'); END;

-- Collection work: calls, emails, letters, visits, notes, promises,
-- disputes, statements sent, changes of the contact preference.
-- (Version 3 made the table anew, for kinds a CHECK cannot gain otherwise.)
CREATE TABLE activity (
	id		INTEGER PRIMARY KEY,
	customer	INTEGER NOT NULL REFERENCES customer(id),
	date		TEXT NOT NULL,
	kind		TEXT NOT NULL CHECK (kind IN ('call', 'email', 'letter',
		'visit', 'note', 'promise', 'dispute', 'statement', 'credit',
		'contact')),
	document	INTEGER REFERENCES document(id),
	outcome		TEXT,
	amount		INTEGER,
	currency	TEXT,
	promise_date	TEXT,
	follow_up_date	TEXT,
	collector	TEXT,
	text		TEXT,
	batch_id	INTEGER NOT NULL REFERENCES batch(id),
	-- (version 3, ar-note) when it happened (a timestamp; date is the
	-- customer's local date of it), the payment plan a promise is an
	-- instalment of (a number its instalments share), and why a contact
	-- rule was overridden
	at		TEXT,
	plan		INTEGER,
	override	TEXT,
	-- (version 3, ar-dun) the dunning level of a letter or e-mail
	-- that ar-dun(1) sent; NULL on every other activity
	level		INTEGER CHECK (level IS NULL OR (level >= 1 AND
		level <= 9))
);
CREATE INDEX activity_customer ON activity(customer, date);

-- Dunning paused for a customer (version 3, ar-dun --pause): no letter
-- from date through until.
CREATE TABLE dunning_pause (
	id		INTEGER PRIMARY KEY,
	customer	INTEGER NOT NULL REFERENCES customer(id),
	date		TEXT NOT NULL,
	until		TEXT NOT NULL,
	reason		TEXT NOT NULL,
	batch_id	INTEGER NOT NULL REFERENCES batch(id)
);
CREATE INDEX dunning_pause_customer ON dunning_pause(customer, until);
CREATE TRIGGER dunning_pause_append_only BEFORE UPDATE ON dunning_pause
BEGIN SELECT RAISE(ABORT, 'pauses are append-only (end one with a new pause)'); END;
CREATE TRIGGER dunning_pause_no_delete BEFORE DELETE ON dunning_pause
BEGIN SELECT RAISE(ABORT, 'pauses are append-only (end one with a new pause)'); END;

-- The documents of an activity that names more than one (version 3):
-- the first is also its document.
CREATE TABLE activity_document (
	activity	INTEGER NOT NULL REFERENCES activity(id),
	document	INTEGER NOT NULL REFERENCES document(id),
	PRIMARY KEY (activity, document)
) WITHOUT ROWID;

-- A collector's target of cash collected in a month and currency
-- (version 3, ar-import -t targets): the latest row counts.
CREATE TABLE target (
	id		INTEGER PRIMARY KEY,
	collector	TEXT NOT NULL,
	month		TEXT NOT NULL,
	currency	TEXT NOT NULL,
	amount		INTEGER NOT NULL CHECK (amount >= 0),
	batch_id	INTEGER NOT NULL REFERENCES batch(id)
);
CREATE INDEX target_month ON target(month, collector, currency);

CREATE TRIGGER activity_append_only BEFORE UPDATE ON activity
BEGIN SELECT RAISE(ABORT, 'activities are append-only'); END;
CREATE TRIGGER activity_no_delete BEFORE DELETE ON activity
BEGIN SELECT RAISE(ABORT, 'activities are append-only'); END;

-- What became of a promise to pay (an activity of kind 'promise'): the
-- latest row is its status; none means open.
CREATE TABLE promise_status (
	id		INTEGER PRIMARY KEY,
	promise		INTEGER NOT NULL REFERENCES activity(id),
	date		TEXT NOT NULL,
	status		TEXT NOT NULL CHECK (status = 'kept' OR status = 'partial' OR
		status = 'broken' OR status = 'cancelled'),
	amount_received	INTEGER,
	batch_id	INTEGER NOT NULL REFERENCES batch(id)
);
CREATE INDEX promise_status_promise ON promise_status(promise);

-- An amount of a debit document disputed from the day opened.  reason is
-- a code of the setting dispute.reasons ('other' for a word that is none:
-- the word is kept in text).  It is open as of a date until a resolution
-- dated on or before it (ar-dispute(1)).
CREATE TABLE dispute (
	id		INTEGER PRIMARY KEY,
	document	INTEGER NOT NULL REFERENCES document(id),
	amount		INTEGER NOT NULL CHECK (amount > 0),
	reason		TEXT NOT NULL,
	opened		TEXT NOT NULL,
	activity	INTEGER REFERENCES activity(id),
	batch_id	INTEGER NOT NULL REFERENCES batch(id),
	text		TEXT		-- what was said of it (version 3)
);
CREATE INDEX dispute_document ON dispute(document);

-- How a dispute ended: credit (credit_doc the credit memo), writeoff
-- (credit_doc the write-off), reinstated, rebilled (credit_doc the credit
-- memo, new_doc the new invoice).  What was said of it is a note.
CREATE TABLE dispute_resolution (
	id		INTEGER PRIMARY KEY,
	dispute		INTEGER NOT NULL UNIQUE REFERENCES dispute(id),
	resolved	TEXT NOT NULL,
	resolution	TEXT NOT NULL,
	credit_doc	INTEGER REFERENCES document(id),
	batch_id	INTEGER NOT NULL REFERENCES batch(id),
	new_doc		INTEGER REFERENCES document(id)	-- version 3
);

-- Working a dispute (version 3): a note, an assignment to an owner (the
-- latest one dated by a day is its owner then), or a write-off request
-- above the approval limit that resolves it when approved.
CREATE TABLE dispute_event (
	id		INTEGER PRIMARY KEY,
	dispute		INTEGER NOT NULL REFERENCES dispute(id),
	date		TEXT NOT NULL,
	kind		TEXT NOT NULL CHECK (kind IN ('note', 'assign',
		'request')),
	owner		TEXT,
	text		TEXT,
	request		INTEGER REFERENCES writeoff_request(id),
	batch_id	INTEGER NOT NULL REFERENCES batch(id)
);
CREATE INDEX dispute_event_dispute ON dispute_event(dispute, date);

-- A write-off above the approval limit waits here until decided.
CREATE TABLE writeoff_request (
	id		INTEGER PRIMARY KEY,
	debit_doc	INTEGER NOT NULL REFERENCES document(id),
	amount		INTEGER NOT NULL CHECK (amount > 0),
	reason		TEXT NOT NULL,
	date		TEXT NOT NULL,
	requested_by	TEXT NOT NULL,
	batch_id	INTEGER NOT NULL REFERENCES batch(id)
);

CREATE TABLE writeoff_decision (
	id		INTEGER PRIMARY KEY,
	request		INTEGER NOT NULL UNIQUE REFERENCES writeoff_request(id),
	decision	TEXT NOT NULL CHECK (decision = 'approved' OR
		decision = 'rejected'),
	decided_by	TEXT NOT NULL,
	date		TEXT NOT NULL,
	writeoff_doc	INTEGER REFERENCES document(id),
	batch_id	INTEGER NOT NULL REFERENCES batch(id)
);

-- Credit decisions (ar-credit) are activities of kind 'credit'.  An
-- override lets one order of up to amount pass a failing check from
-- valid_from to valid_to (both included); the check that used it is in
-- credit_override_use, once.
CREATE TABLE credit_override (
	id		INTEGER PRIMARY KEY,
	customer	INTEGER NOT NULL REFERENCES customer(id),
	amount		INTEGER NOT NULL CHECK (amount > 0),
	currency	TEXT NOT NULL,
	valid_from	TEXT NOT NULL,
	valid_to	TEXT NOT NULL,
	reason		TEXT NOT NULL,
	approved_by	TEXT NOT NULL,
	activity	INTEGER NOT NULL REFERENCES activity(id),
	batch_id	INTEGER NOT NULL REFERENCES batch(id)
);
CREATE INDEX credit_override_customer ON credit_override(customer, valid_to);

CREATE TABLE credit_override_use (
	override	INTEGER PRIMARY KEY REFERENCES credit_override(id),
	activity	INTEGER NOT NULL REFERENCES activity(id),
	batch_id	INTEGER NOT NULL REFERENCES batch(id)
);

-- Closed periods: postings dated on or before the last day of a closed
-- month are refused.
CREATE TABLE period_lock (
	period		TEXT PRIMARY KEY,
	closed_through	TEXT NOT NULL,
	batch_id	INTEGER NOT NULL REFERENCES batch(id)
);

CREATE TRIGGER promise_status_append_only BEFORE UPDATE ON promise_status
BEGIN SELECT RAISE(ABORT, 'promise statuses are append-only'); END;
CREATE TRIGGER dispute_append_only BEFORE UPDATE ON dispute
BEGIN SELECT RAISE(ABORT, 'disputes are append-only'); END;
CREATE TRIGGER dispute_resolution_append_only BEFORE UPDATE ON dispute_resolution
BEGIN SELECT RAISE(ABORT, 'dispute resolutions are append-only'); END;
CREATE TRIGGER writeoff_request_append_only BEFORE UPDATE ON writeoff_request
BEGIN SELECT RAISE(ABORT, 'write-off requests are append-only'); END;
CREATE TRIGGER writeoff_decision_append_only BEFORE UPDATE ON writeoff_decision
BEGIN SELECT RAISE(ABORT, 'write-off decisions are append-only'); END;
CREATE TRIGGER period_lock_append_only BEFORE UPDATE ON period_lock
BEGIN SELECT RAISE(ABORT, 'period locks are append-only'); END;
CREATE TRIGGER promise_status_no_delete BEFORE DELETE ON promise_status
BEGIN SELECT RAISE(ABORT, 'promise statuses are append-only'); END;
CREATE TRIGGER dispute_no_delete BEFORE DELETE ON dispute
BEGIN SELECT RAISE(ABORT, 'disputes are append-only'); END;
CREATE TRIGGER dispute_resolution_no_delete BEFORE DELETE ON dispute_resolution
BEGIN SELECT RAISE(ABORT, 'dispute resolutions are append-only'); END;
CREATE TRIGGER dispute_event_append_only BEFORE UPDATE ON dispute_event
BEGIN SELECT RAISE(ABORT, 'dispute notes are append-only'); END;
CREATE TRIGGER dispute_event_no_delete BEFORE DELETE ON dispute_event
BEGIN SELECT RAISE(ABORT, 'dispute notes are append-only'); END;
CREATE TRIGGER writeoff_request_no_delete BEFORE DELETE ON writeoff_request
BEGIN SELECT RAISE(ABORT, 'write-off requests are append-only'); END;
CREATE TRIGGER writeoff_decision_no_delete BEFORE DELETE ON writeoff_decision
BEGIN SELECT RAISE(ABORT, 'write-off decisions are append-only'); END;
CREATE TRIGGER period_lock_no_delete BEFORE DELETE ON period_lock
BEGIN SELECT RAISE(ABORT, 'period locks are append-only'); END;
CREATE TRIGGER credit_override_append_only BEFORE UPDATE ON credit_override
BEGIN SELECT RAISE(ABORT, 'credit overrides are append-only'); END;
CREATE TRIGGER credit_override_no_delete BEFORE DELETE ON credit_override
BEGIN SELECT RAISE(ABORT, 'credit overrides are append-only'); END;
CREATE TRIGGER credit_override_use_append_only BEFORE UPDATE ON credit_override_use
BEGIN SELECT RAISE(ABORT, 'credit overrides are append-only'); END;
CREATE TRIGGER credit_override_use_no_delete BEFORE DELETE ON credit_override_use
BEGIN SELECT RAISE(ABORT, 'credit overrides are append-only'); END;
CREATE TRIGGER activity_document_append_only BEFORE UPDATE ON activity_document
BEGIN SELECT RAISE(ABORT, 'activities are append-only'); END;
CREATE TRIGGER activity_document_no_delete BEFORE DELETE ON activity_document
BEGIN SELECT RAISE(ABORT, 'activities are append-only'); END;
CREATE TRIGGER target_append_only BEFORE UPDATE ON target
BEGIN SELECT RAISE(ABORT, 'targets are append-only (import a new one)'); END;
CREATE TRIGGER target_no_delete BEFORE DELETE ON target
BEGIN SELECT RAISE(ABORT, 'targets are append-only (import a new one)'); END;

-- Cash application a person decides (version 3).
--
-- A payment a run of ar-apply left unapplied on purpose, and why
-- (ambiguous, duplicate?, on_account): the latest row of a credit
-- document is its flag; '' once a later run held it no more.
CREATE TABLE credit_flag (
	id		INTEGER PRIMARY KEY,
	credit_doc	INTEGER NOT NULL REFERENCES document(id),
	flag		TEXT NOT NULL CHECK (flag = 'ambiguous' OR
		flag = 'duplicate?' OR flag = 'on_account' OR flag = ''),
	unapplied	INTEGER NOT NULL,
	batch_id	INTEGER NOT NULL REFERENCES batch(id)
);
CREATE INDEX credit_flag_credit ON credit_flag(credit_doc, id);

-- Cash received from nobody known yet (no customer number, no invoice
-- the import could find): in the ledger's totals, in no customer's
-- balance, until assigned.  Its number is kept free among payments.
CREATE TABLE unidentified_cash (
	id		INTEGER PRIMARY KEY,
	payment_no	TEXT NOT NULL UNIQUE,
	payment_date	TEXT NOT NULL,
	amount		INTEGER NOT NULL CHECK (amount > 0),
	currency	TEXT NOT NULL,
	method		TEXT,
	reference	TEXT,
	check_no	TEXT,
	deposit_id	TEXT,
	remitter	TEXT,
	account		TEXT,
	batch_id	INTEGER NOT NULL REFERENCES batch(id)
);
-- Its assignment to a customer: the payment document posted for it.
CREATE TABLE cash_assignment (
	id		INTEGER PRIMARY KEY,
	unidentified	INTEGER NOT NULL UNIQUE REFERENCES unidentified_cash(id),
	customer	INTEGER NOT NULL REFERENCES customer(id),
	payment_doc	INTEGER NOT NULL UNIQUE REFERENCES document(id),
	batch_id	INTEGER NOT NULL REFERENCES batch(id)
);
-- Who pays for a customer: a remitter's name (upper case, single spaces)
-- or bank account as bank files give them; the latest row of an alias
-- says whose it is.
CREATE TABLE remitter_alias (
	id		INTEGER PRIMARY KEY,
	kind		TEXT NOT NULL CHECK (kind = 'name' OR kind = 'account'),
	alias		TEXT NOT NULL,
	customer	INTEGER NOT NULL REFERENCES customer(id),
	batch_id	INTEGER NOT NULL REFERENCES batch(id)
);
CREATE INDEX remitter_alias_alias ON remitter_alias(kind, alias, id);

-- Money given back out of a payment or credit memo: the reversal
-- document (reason 'refund', related to the credit) it is applied to.
CREATE TABLE refund (
	id		INTEGER PRIMARY KEY,
	credit_doc	INTEGER NOT NULL REFERENCES document(id),
	refund_doc	INTEGER NOT NULL UNIQUE REFERENCES document(id),
	method		TEXT CHECK (method IS NULL OR method = 'check' OR
		method = 'ach' OR method = 'wire'),
	batch_id	INTEGER NOT NULL REFERENCES batch(id)
);
CREATE INDEX refund_credit ON refund(credit_doc);

CREATE TRIGGER credit_flag_append_only BEFORE UPDATE ON credit_flag
BEGIN SELECT RAISE(ABORT, 'flags are append-only'); END;
CREATE TRIGGER credit_flag_no_delete BEFORE DELETE ON credit_flag
BEGIN SELECT RAISE(ABORT, 'flags are append-only'); END;
CREATE TRIGGER unidentified_cash_append_only BEFORE UPDATE ON unidentified_cash
BEGIN SELECT RAISE(ABORT, 'unidentified cash is append-only (assign it)'); END;
CREATE TRIGGER unidentified_cash_no_delete BEFORE DELETE ON unidentified_cash
BEGIN SELECT RAISE(ABORT, 'unidentified cash is append-only (assign it)'); END;
CREATE TRIGGER cash_assignment_append_only BEFORE UPDATE ON cash_assignment
BEGIN SELECT RAISE(ABORT, 'assignments are append-only'); END;
CREATE TRIGGER cash_assignment_no_delete BEFORE DELETE ON cash_assignment
BEGIN SELECT RAISE(ABORT, 'assignments are append-only'); END;
CREATE TRIGGER remitter_alias_append_only BEFORE UPDATE ON remitter_alias
BEGIN SELECT RAISE(ABORT, 'remitter aliases are append-only'); END;
CREATE TRIGGER remitter_alias_no_delete BEFORE DELETE ON remitter_alias
BEGIN SELECT RAISE(ABORT, 'remitter aliases are append-only'); END;
CREATE TRIGGER refund_append_only BEFORE UPDATE ON refund
BEGIN SELECT RAISE(ABORT, 'refunds are append-only'); END;
CREATE TRIGGER refund_no_delete BEFORE DELETE ON refund
BEGIN SELECT RAISE(ABORT, 'refunds are append-only'); END;

-- Derived state, kept by the triggers below in the transaction of every
-- posting, so that the everyday run reads what is open now instead of the
-- whole history.  Nothing here is a fact of its own: ar-ledger check
-- recomputes both tables from the documents and applications (exit 1 on
-- any difference) and ar-ledger rebuild makes them anew.
--
-- open_state: one row per document; open is its amount less every
-- application (whatever its effective date), changed the latest of its
-- date and those effective dates.  Open as of a date on or after changed
-- is open; as of an earlier date it is found in the history.
CREATE TABLE open_state (
	document	INTEGER PRIMARY KEY,
	customer	INTEGER NOT NULL,
	currency	TEXT NOT NULL,
	sign		INTEGER NOT NULL,
	doc_date	TEXT NOT NULL,
	due_date	TEXT NOT NULL,	-- the document date when it has none
	amount		INTEGER NOT NULL,
	open		INTEGER NOT NULL,
	changed		TEXT NOT NULL
);
-- what is open, with all a reader needs (few rows beside the history)
-- (on one line: ar-ledger upgrade makes it with the same text)
CREATE INDEX open_state_open ON open_state(document, customer, currency, sign, doc_date, due_date, amount, open, changed) WHERE open <> 0;
CREATE INDEX open_state_changed ON open_state(changed);
-- a customer's open items, for the credit check (version 3)
CREATE INDEX open_state_customer ON open_state(customer) WHERE open <> 0;

-- balance_state: per customer and currency, the number of documents, the
-- balance (debits less credits), the amounts of the documents added up
-- whatever their side (what ar-import keeps within 64 bits per currency),
-- and the date of the latest payment.
CREATE TABLE balance_state (
	customer	INTEGER NOT NULL,
	currency	TEXT NOT NULL,
	docs		INTEGER NOT NULL,
	balance		INTEGER NOT NULL,
	amounts		INTEGER NOT NULL,
	last_payment	TEXT,
	PRIMARY KEY (customer, currency)
) WITHOUT ROWID;

CREATE TRIGGER document_state AFTER INSERT ON document
BEGIN
	DELETE FROM derived WHERE through >= new.doc_date;
	INSERT INTO open_state (document, customer, currency, sign, doc_date,
		due_date, amount, open, changed)
	VALUES (new.id, new.customer, new.currency, new.sign, new.doc_date,
		coalesce(new.due_date, new.doc_date), new.amount, new.amount,
		new.doc_date);
	INSERT INTO balance_state (customer, currency, docs, balance,
		amounts, last_payment)
	VALUES (new.customer, new.currency, 1, new.sign * new.amount,
		new.amount,
		CASE WHEN new.doc_type = 'payment' THEN new.doc_date END)
	ON CONFLICT (customer, currency) DO UPDATE SET docs = docs + 1,
		balance = balance + excluded.balance,
		amounts = amounts + excluded.amounts,
		last_payment = CASE WHEN excluded.last_payment >
			coalesce(last_payment, '') THEN excluded.last_payment
			ELSE last_payment END;
END;
CREATE TRIGGER application_state AFTER INSERT ON application
BEGIN
	DELETE FROM derived WHERE through >= new.effective_date;
	UPDATE open_state SET open = open - new.amount,
		changed = max(changed, new.effective_date)
	WHERE document = new.debit_doc;
	UPDATE open_state SET open = open - new.amount,
		changed = max(changed, new.effective_date)
	WHERE document = new.credit_doc;
END;

-- derived (version 4): figures of periods that have ended, as a report
-- worked them out (a month of the trend, the back-test of a cut-off),
-- kept so that the next run need not read the history again.  kind and
-- key name the figure and everything it was computed with; through is
-- the last date it depends on; value is words and integers.  Whatever is
-- posted dated on or before a figure's through deletes it (the triggers
-- here and in the state's triggers above), as does any change of a
-- setting; ar-ledger check computes every kept figure again (exit 1 on a
-- difference) and ar-ledger rebuild deletes them.
CREATE TABLE derived (
	kind		TEXT NOT NULL,
	key		TEXT NOT NULL,
	through		TEXT NOT NULL,
	value		TEXT NOT NULL,
	PRIMARY KEY (kind, key)
) WITHOUT ROWID;

CREATE TRIGGER derived_activity AFTER INSERT ON activity
BEGIN
	DELETE FROM derived WHERE through >= min(new.date,
		coalesce(new.promise_date, new.date));
END;
CREATE TRIGGER derived_promise_status AFTER INSERT ON promise_status
BEGIN
	DELETE FROM derived WHERE through >= new.date;
END;
CREATE TRIGGER derived_dispute AFTER INSERT ON dispute
BEGIN
	DELETE FROM derived WHERE through >= new.opened;
END;
CREATE TRIGGER derived_dispute_resolution AFTER INSERT ON dispute_resolution
BEGIN
	DELETE FROM derived WHERE through >= new.resolved;
END;
CREATE TRIGGER derived_dispute_event AFTER INSERT ON dispute_event
BEGIN
	DELETE FROM derived WHERE through >= new.date;
END;
CREATE TRIGGER derived_unidentified_cash AFTER INSERT ON unidentified_cash
BEGIN
	DELETE FROM derived WHERE through >= new.payment_date;
END;
CREATE TRIGGER derived_setting_insert AFTER INSERT ON setting
BEGIN
	DELETE FROM derived;
END;
CREATE TRIGGER derived_setting_update AFTER UPDATE ON setting
BEGIN
	DELETE FROM derived;
END;
CREATE TRIGGER derived_setting_delete AFTER DELETE ON setting
BEGIN
	DELETE FROM derived;
END;

-- Stable views for ad hoc SQL.  They show the ledger as it stands now,
-- every date included: the open amounts of the open-item state.

-- Every debit document with money still owed on it.
CREATE VIEW open_items AS
SELECT c.customer_id, c.name AS customer_name, d.doc_type, d.doc_no,
	d.doc_date, d.due_date, d.currency, d.amount, s.open AS open_amount,
	d.po_number, d.id AS document, d.discount_rate, d.discount_days
FROM open_state s JOIN document d ON d.id = s.document
JOIN customer c ON c.id = d.customer
WHERE s.open <> 0 AND s.open > 0 AND s.sign = 1;

-- Every credit document (payment, credit memo, write-off) not fully applied.
CREATE VIEW unapplied_credits AS
SELECT c.customer_id, c.name AS customer_name, d.doc_type, d.doc_no,
	d.doc_date, d.currency, d.amount, s.open AS unapplied_amount,
	d.reference, d.id AS document
FROM open_state s JOIN document d ON d.id = s.document
JOIN customer c ON c.id = d.customer
WHERE s.open <> 0 AND s.open > 0 AND s.sign = -1;

-- One row per customer and currency: the balance two ways, which must
-- agree (balance = open_debits - unapplied).
CREATE VIEW customer_balances AS
SELECT c.customer_id, c.name AS customer_name, t.currency,
	t.debits, t.credits, t.debits - t.credits AS balance,
	COALESCE((SELECT SUM(o.open_amount) FROM open_items o
		WHERE o.customer_id = c.customer_id
		AND o.currency = t.currency), 0) AS open_debits,
	COALESCE((SELECT SUM(u.unapplied_amount) FROM unapplied_credits u
		WHERE u.customer_id = c.customer_id
		AND u.currency = t.currency), 0) AS unapplied
FROM (SELECT customer, currency,
		SUM(CASE WHEN sign = 1 THEN amount ELSE 0 END) AS debits,
		SUM(CASE WHEN sign = -1 THEN amount ELSE 0 END) AS credits
	FROM document GROUP BY customer, currency) t
JOIN customer c ON c.id = t.customer;
