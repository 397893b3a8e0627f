-- name: find-run
select id, as_of, state, planning_process, note, plan_cursor, not_due from runs where id = ?

-- name: insert-run
insert into runs (id, as_of, state, started_at) values (?, ?, 'planning', ?)

-- name: take-planning
-- Only one process plans a run: the lease passes on only when its holder stopped beating.
update runs set planning_process = ?
where id = ? and state = 'planning'
  and (planning_process is null or planning_process = ?
       or planning_process not in (select id from processes where heartbeat_at >= ?))

-- name: planning-page-done
update runs set plan_cursor = ?, not_due = ? where id = ? and planning_process = ?

-- name: planning-done
update runs set state = 'sending', planning_process = null where id = ? and state = 'planning'

-- name: insert-delivery
insert into deliveries (run_id, customer_id, piece, state, reason) values (?, ?, ?, ?, ?)

-- name: heartbeat-update
update processes set heartbeat_at = ?, run_id = ? where id = ?

-- name: heartbeat-insert
insert into processes (id, run_id, heartbeat_at) values (?, ?, ?)

-- name: process-gone
delete from processes where id = ?

-- name: lock-stale-processes
-- Taken first, in the hand-back's transaction: a stalled process that wakes and beats waits
-- until the hand-back is committed, so the rows it then finds still its own are its own. A beat
-- that came first makes the row fresh again, and the lock's re-check leaves it out.
select id from processes where heartbeat_at < ? order by id for update

-- name: reclaim-stale
-- Rows claimed by a process that stopped beating (killed, crashed) go back to the queue.
update deliveries set state = 'planned', claimed_process = null, claimed_by = null
where run_id = ? and state = 'claimed'
  and (claimed_process is null or claimed_process not in (select id from processes where heartbeat_at >= ?))

-- name: claim-candidates
-- Candidates are read by equality on state, so the (run_id, state, customer_id) index serves
-- them in a few rows however large the run. On PostgreSQL the store adds "for update skip
-- locked" (see LedgerStore). The conditional update below settles any race the lock does not
-- (a row whose state changed between the read and the lock).
select customer_id from deliveries where run_id = ? and state = 'retry' and next_attempt_at <= ?
order by run_id, state, customer_id limit ?

-- name: claim-candidates-planned
select customer_id from deliveries where run_id = ? and state = 'planned'
order by run_id, state, customer_id limit ?

-- name: claim
-- A conditional update, not bookkeeping in memory: of two processes racing for the same rows,
-- the second finds them no longer 'planned' once it gets the row lock, and claims none of them.
update deliveries set state = 'claimed', claimed_process = ?, claimed_by = ?
where run_id = ? and customer_id = ? and (state = 'planned' or (state = 'retry' and next_attempt_at <= ?))

-- name: claimed
select customer_id, piece, attempts from deliveries
where run_id = ? and state = 'claimed' and claimed_by = ? order by customer_id

-- name: release
update deliveries set state = 'planned', claimed_process = null, claimed_by = null
where run_id = ? and state = 'claimed' and claimed_process = ?

-- name: pending
-- What is left to do: rows ready now, and the earliest retry still waiting. Workers ask while they
-- wait, so each part reads only its own state's stretch of deliveries_state, not the whole run.
select
    (select count(*) from deliveries where run_id = ? and state = 'planned')
      + (select count(*) from deliveries where run_id = ? and state = 'claimed') as ready,
    (select min(next_attempt_at) from deliveries where run_id = ? and state = 'retry') as next_retry

-- name: counts
select state, count(*) from deliveries where run_id = ? group by state

-- name: skip-reasons
select reason, count(*) from deliveries where run_id = ? and state = 'skipped' group by reason

-- name: mark-sent
-- Fenced by the claim: only the process holding the row records it. A process that stalled past
-- its lease and woke finds its rows handed back and claimed by another, and changes nothing; a
-- row handed back but not yet claimed again takes the "sent" (the message did go out), so nobody
-- sends it a second time.
update deliveries set state = 'sent', message_id = ?, sent_at = ?, subject = ?, done_by = ?,
    claimed_process = null, claimed_by = null, reason = null
where run_id = ? and customer_id = ?
  and (state = 'claimed' and claimed_process = ? or state in ('planned', 'retry'))

-- name: mark-sent-recovered
-- A "sent" from the journal of a process that died: a message that went out, recorded over any
-- row not sent yet. Journals are replayed before their process's claims are handed back.
update deliveries set state = 'sent', message_id = ?, sent_at = ?, subject = ?, done_by = claimed_process,
    claimed_process = null, claimed_by = null, reason = null
where run_id = ? and customer_id = ? and state <> 'sent'

-- name: event
insert into events (customer_id, type, at, piece, detail, run_id) values (?, ?, ?, ?, ?, ?)

-- name: history-update
update piece_history set last_sent_at = ?, times = times + 1 where customer_id = ? and piece = ?

-- name: history-insert
insert into piece_history (customer_id, piece, last_sent_at, times) values (?, ?, ?, 1)

-- name: customer-sent
update customers set last_note_at = ?, last_kind = ?, notes = notes + 1 where id = ?

-- name: mark-retry
-- Fenced by the claim, as mark-sent: nothing went out, so a row no longer held is left alone.
update deliveries set state = 'retry', attempts = ?, next_attempt_at = ?, reason = ?, claimed_process = null, claimed_by = null
where run_id = ? and customer_id = ? and state = 'claimed' and claimed_process = ?

-- name: mark-retry-recovered
update deliveries set state = 'retry', attempts = ?, next_attempt_at = ?, reason = ?, claimed_process = null, claimed_by = null
where run_id = ? and customer_id = ?

-- name: mark-final
-- skipped, failed or bounced: the row is done, with its reason. Fenced by the claim.
update deliveries set state = ?, reason = ?, attempts = ?, done_by = ?, claimed_process = null, claimed_by = null
where run_id = ? and customer_id = ? and state = 'claimed' and claimed_process = ?

-- name: mark-final-recovered
update deliveries set state = ?, reason = ?, attempts = ?, done_by = claimed_process, claimed_process = null, claimed_by = null
where run_id = ? and customer_id = ?

-- name: customer-bounced
-- Only an active customer becomes bounced: an unsubscribe or complaint says more.
update customers set status = 'bounced' where id = ? and status = 'active'

-- name: pause
update runs set state = 'paused', note = ? where id = ? and state in ('sending', 'paused')

-- name: resume
update runs set state = 'sending', note = null where id = ? and state = 'paused'

-- name: finish
update runs set state = 'finished', finished_at = ? where id = ? and state = 'sending'
  and not exists (select 1 from deliveries where run_id = ? and state in ('planned', 'claimed', 'retry'))

-- name: statuses
select id, status from customers where id in (:ids)

-- name: by-ids
select * from customers where id in (:ids)
