-- name: event
-- Inserted through a select so that a signal for someone erased or never imported records
-- nothing; the piece comes from the message the signal answers.
insert into events (customer_id, type, at, piece, detail, run_id, machine)
select c.id, ?, ?, (select d.piece from deliveries d where d.run_id = ? and d.customer_id = c.id), ?, ?, ?
from customers c where c.id = ? and c.status <> 'forgotten'

-- name: message-fetched
-- Every fetch of the pixel is a hit; no row changed means the ledger holds no such note.
update deliveries set pixel_fetches = pixel_fetches + ? where run_id = ? and customer_id = ?

-- name: message-first-open
-- Claims the note's one human open: only the first writer changes the row, even across nodes.
update deliveries set first_open_at = ? where run_id = ? and customer_id = ? and first_open_at is null

-- name: message-machine-open
-- The one machine open, claimed apart from the human one, so a proxy's fetch never stands in for it.
update deliveries set machine_open_at = ? where run_id = ? and customer_id = ? and machine_open_at is null

-- name: message-clicked
update deliveries set clicks = clicks + ? where run_id = ? and customer_id = ?

-- name: customer-opened
-- Human engagement: the note's first open counted (0 for a note read again), silence ends, and an
-- address that reads its mail is deliverable.
update customers set opens = opens + ?, soft_bounces = 0, updated_at = ?,
    last_engaged_at = case when last_engaged_at is null or last_engaged_at < ? then ? else last_engaged_at end
where id = ? and status <> 'forgotten'

-- name: customer-clicked
update customers set clicks = clicks + ?, soft_bounces = 0, updated_at = ?,
    last_engaged_at = case when last_engaged_at is null or last_engaged_at < ? then ? else last_engaged_at end
where id = ? and status <> 'forgotten'

-- name: customer-replied
update customers set replies = replies + 1, soft_bounces = 0, awaiting_reply = true, updated_at = ?,
    last_engaged_at = case when last_engaged_at is null or last_engaged_at < ? then ? else last_engaged_at end
where id = ? and status <> 'forgotten'

-- name: reply
insert into replies (customer_id, run_id, mail_key, received_at, from_address, subject, snippet)
select c.id, ?, ?, ?, ?, ?, ? from customers c where c.id = ? and c.status <> 'forgotten'

-- name: suppress
-- Only a mailable customer changes: a second unsubscribe, or one after a bounce, is a no-op.
update customers set status = ?, updated_at = ? where id = ? and status = 'active'

-- name: complain
-- A complaint outranks an earlier unsubscribe: the address is never mailed again either way,
-- and the record says why.
update customers set status = 'complained', updated_at = ? where id = ? and status in ('active', 'unsubscribed')

-- name: fewer
update customers set fewer_notes = true, updated_at = ? where id = ? and status = 'active' and fewer_notes = false

-- name: soft-bounced
update customers set soft_bounces = soft_bounces + 1, updated_at = ? where id = ? and status <> 'forgotten'

-- name: soft-bounce-limit
update customers set status = 'bounced', updated_at = ? where id = ? and status = 'active' and soft_bounces >= ?

-- name: message-bounced
update deliveries set state = 'bounced', reason = ? where run_id = ? and customer_id = ? and state = 'sent'

-- name: inbound-handled
-- Remembers a mail as handled unless an earlier poll did: no row inserted means it was, and
-- what the mail said is already recorded. The key goes in twice: the new row's and the check's.
insert into inbound_mail (mail_key, outcome, handled_at)
select ?, ?, ? where not exists (select 1 from inbound_mail where mail_key = ?)

-- name: inbound-known
select 1 from inbound_mail where mail_key = ?

-- name: delivered-at
select d.customer_id, d.sent_at from (values :ids) v (id)
join deliveries d on d.run_id = ? and d.customer_id = v.id
where d.sent_at is not null

-- name: sent-message
select customer_id, run_id from deliveries where message_id = ?

-- name: replies-waiting
-- The queue a person works through, newest first as in a mail client.
select r.id, r.received_at, r.from_address, r.subject, r.snippet, r.answered_at, r.customer_id,
       c.email, c.first_name, c.last_name
from replies r join customers c on c.id = r.customer_id
where r.answered_at is null and c.status <> 'forgotten'
order by r.received_at desc, r.id desc

-- name: replies-all
select r.id, r.received_at, r.from_address, r.subject, r.snippet, r.answered_at, r.customer_id,
       c.email, c.first_name, c.last_name
from replies r join customers c on c.id = r.customer_id
where c.status <> 'forgotten'
order by r.received_at desc, r.id desc
limit ?

-- name: reply-by-id
select id, customer_id, answered_at from replies where id = ?

-- name: answer
update replies set answered_at = ? where id = ? and answered_at is null

-- name: still-waiting
-- A customer waits for us while any of their replies is unanswered.
update customers set awaiting_reply = exists (select 1 from replies r where r.customer_id = customers.id and r.answered_at is null)
where id = ?

-- name: run-sender-refused
update runs set sender_refusals = sender_refusals + 1 where id = ?

-- name: run-sender-refusals
-- The refusals about the sender a run got back, and the notes it sent.
select r.sender_refusals, (select count(*) from deliveries d where d.run_id = r.id and d.sent_at is not null)
from runs r where r.id = ?

-- name: run-sender-pause
-- A run still sending (or paused) stops with the reason; a finished one keeps it as its note,
-- which `send` shows when the day's run is resumed.
update runs set state = case when state = 'finished' then state else 'paused' end, note = ?
where id = ? and state in ('sending', 'paused', 'finished')

-- name: note-feedback-ensure
-- The evidence row of a note, made the first time anything is said about it: the piece from its
-- delivery, the stage the customer stands at now (dormant while they are). No delivery, or one
-- without a piece, has nothing to learn from: no row. The second status is the one the mark
-- ignores besides the forgotten ('complained' for a rating, which such a customer cannot give).
-- Insert-select where not exists: portable, and a note marked twice in a batch gets one row.
insert into note_feedback (run_id, customer_id, piece, stage)
select d.run_id, d.customer_id, d.piece, case when c.dormant_since is not null then 'dormant' else c.stage end
from deliveries d join customers c on c.id = d.customer_id
where d.run_id = ? and d.customer_id = ? and d.piece is not null and c.status not in ('forgotten', ?)
  and not exists (select 1 from note_feedback f where f.run_id = d.run_id and f.customer_id = d.customer_id)

-- name: note-engaged
update note_feedback set engaged = true where run_id = ? and customer_id = ? and engaged = false

-- name: note-left
update note_feedback set left_after = true where run_id = ? and customer_id = ? and left_after = false

-- name: note-rated
-- The last rating counts: an older one arriving late (a retried batch) does not replace it.
update note_feedback set rating = ?, rated_at = ?
where run_id = ? and customer_id = ? and (rated_at is null or rated_at <= ?)
  and exists (select 1 from customers c where c.id = note_feedback.customer_id and c.status not in ('forgotten', 'complained'))

-- name: declined-of
select piece from note_feedback where customer_id = ? and rating = 'not-for-me'

-- name: declined
update customers set declined_pieces = ?, updated_at = ? where id = ? and status not in ('forgotten', 'complained')

-- name: rating-event
-- As event, but a customer who complained is never recorded again either.
insert into events (customer_id, type, at, piece, detail, run_id, machine)
select c.id, 'rating', ?, (select d.piece from deliveries d where d.run_id = ? and d.customer_id = c.id), ?, ?, false
from customers c where c.id = ? and c.status not in ('forgotten', 'complained')

-- name: comment
-- A rating's comment waits in the replies under a key of its own; the same one twice is one.
insert into replies (customer_id, run_id, mail_key, received_at, from_address, subject, snippet)
select c.id, ?, ?, ?, c.email, ?, ?
from customers c where c.id = ? and c.status not in ('forgotten', 'complained')
  and not exists (select 1 from replies r where r.mail_key = ?)

-- name: customer-commented
-- A comment is a person writing to us, as a reply is: they wait for a personal answer.
update customers set awaiting_reply = true, soft_bounces = 0, updated_at = ?,
    last_engaged_at = case when last_engaged_at is null or last_engaged_at < ? then ? else last_engaged_at end
where id = ? and status not in ('forgotten', 'complained')

-- name: preferences-before
select interests, fewer_notes, paused_until, status, email from customers where id = ? for update

-- name: preferences-save
update customers set interests = ?, interests_chosen = true, fewer_notes = ?, paused_until = ?, updated_at = ?
where id = ? and status = 'active'

-- name: note-subject
select subject from deliveries where run_id = ? and customer_id = ?
