-- name: engagement-at-stage
-- Human opens, clicks and replies each customer of one stage made since the later of the
-- rule's window start and the day they reached the stage. A note has one human open on the
-- timeline however often its pixel was fetched (NoteOpens), so opens count notes opened. Only customers who engaged inside
-- the window are read (customers_engaged index), so the pass stays cheap on a large audience.
select c.id,
       sum(case when e.type = 'open' then 1 else 0 end) as opens,
       sum(case when e.type = 'click' then 1 else 0 end) as clicks,
       sum(case when e.type = 'reply' then 1 else 0 end) as replies
from customers c join events e on e.customer_id = c.id
where c.stage = ? and c.status = 'active' and c.last_engaged_at >= ?
  and e.type in ('open', 'click', 'reply') and e.machine = false
  and e.at >= ? and (c.stage_since is null or e.at >= c.stage_since)
group by c.id

-- name: referrals-at-stage
-- Friends each customer of one stage brought who counted, since the later of the rule's window
-- start and the day they reached the stage. Read from the referrals counted, not the timeline.
select r.inviter_id as id, count(*) as referrals
from referrals r join customers c on c.id = r.inviter_id
where c.stage = ? and c.status = 'active' and r.state = 'counted' and r.decided_at >= ?
  and (c.stage_since is null or r.decided_at >= c.stage_since)
group by r.inviter_id

-- name: promote
update customers set stage = ?, stage_since = ?, dormant_since = null, updated_at = ? where id = ? and stage = ?

-- name: stage-event
insert into events (customer_id, type, at, detail) values (?, 'stage', ?, ?)

-- Dormancy: no engagement, else no note, else no joining, since the cut-off. The three ways to
-- be quiet are disjoint and each reaches its customers through customers_quiet; a lower bound
-- (year 1, below any date a customer carries) makes H2 seek past the customers without that date
-- instead of reading them all. Each way has its event and its update, run in one transaction.
-- name: dormant-events-engaged
insert into events (customer_id, type, at, detail)
select id, 'stage', ?, concat('dormant: no engagement for ', cast(? as varchar), ' days (still ', stage, ')')
from customers
where dormant_since is null and last_engaged_at >= ? and last_engaged_at < ? and status = 'active'

-- name: go-dormant-engaged
update customers set dormant_since = ?
where dormant_since is null and last_engaged_at >= ? and last_engaged_at < ? and status = 'active'

-- name: dormant-events-noted
insert into events (customer_id, type, at, detail)
select id, 'stage', ?, concat('dormant: no engagement for ', cast(? as varchar), ' days (still ', stage, ')')
from customers
where dormant_since is null and last_engaged_at is null and last_note_at >= ? and last_note_at < ? and status = 'active'

-- name: go-dormant-noted
update customers set dormant_since = ?
where dormant_since is null and last_engaged_at is null and last_note_at >= ? and last_note_at < ? and status = 'active'

-- name: dormant-events-joined
-- Joined before the first day too recent to count (a date, compared as a date).
insert into events (customer_id, type, at, detail)
select id, 'stage', ?, concat('dormant: no engagement for ', cast(? as varchar), ' days (still ', stage, ')')
from customers
where dormant_since is null and last_engaged_at is null and last_note_at is null and status = 'active'
  and joined_at < ?

-- name: go-dormant-joined
update customers set dormant_since = ?
where dormant_since is null and last_engaged_at is null and last_note_at is null and status = 'active'
  and joined_at < ?

-- Waking: the dormant (a range on dormant_since, for the index) who engaged since.
-- name: wake-events
insert into events (customer_id, type, at, detail)
select id, 'stage', last_engaged_at, concat('back from dormant: engaged again (', stage, ')')
from customers where dormant_since >= ? and last_engaged_at > dormant_since

-- name: wake
update customers set dormant_since = null where dormant_since >= ? and last_engaged_at > dormant_since
