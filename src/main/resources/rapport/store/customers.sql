-- name: status-by-key
-- The import asks in batches which rows it already knows; the list placeholder is expanded.
select email_key, status from customers where email_key in (:keys)

-- name: insert
insert into customers (email_key, email, first_name, last_name, stage, status, joined_at,
                       last_note_at, interests, attributes, updated_at)
values (?, ?, ?, ?, ?, 'active', ?, ?, ?, ?, ?)

-- name: copy-in
-- PostgreSQL only: the same columns as insert, as CSV (an unquoted empty field is null).
copy customers (email_key, email, first_name, last_name, stage, status, joined_at, last_note_at,
                interests, attributes, updated_at) from stdin (format csv)

-- name: update
-- Null means the file did not say: keep what is stored. Status is never touched, so a
-- re-import cannot resurrect an unsubscribed or bounced address; interests the customer chose
-- on the preferences page are theirs, and the file's guess does not replace them.
update customers set
    email = ?,
    first_name = coalesce(cast(? as varchar), first_name),
    last_name = coalesce(cast(? as varchar), last_name),
    stage = coalesce(cast(? as varchar), stage),
    joined_at = coalesce(cast(? as date), joined_at),
    last_note_at = case when last_note_at is null or last_note_at < cast(? as timestamp with time zone)
                        then coalesce(cast(? as timestamp with time zone), last_note_at) else last_note_at end,
    interests = case when interests_chosen then interests else coalesce(cast(? as varchar), interests) end,
    attributes = coalesce(cast(? as varchar), attributes),
    updated_at = ?
where email_key = ?

-- name: find-by-key
select * from customers where email_key = ?

-- name: page
-- Keyset paging by id: constant cost per page however deep into the audience.
select * from customers where id > ? order by id limit ?

-- name: page-by-stage
select * from customers where stage = ? and id > ? order by id limit ?

-- name: timeline
-- An open is one per note (and one more when a machine fetched it): the note's delivery row says
-- how often its pixel was fetched in all.
select e.type, e.at, e.piece, e.detail, e.run_id, e.machine, d.pixel_fetches
from events e left join deliveries d on e.type = 'open' and d.run_id = e.run_id and d.customer_id = e.customer_id
where e.customer_id = ? order by e.at, e.id

-- name: piece-history
select customer_id, piece, last_sent_at from piece_history where customer_id in (:ids)

-- name: recent-notes
-- Joined on (customer_id, at) alone, so that H2 seeks each customer in events_customer instead
-- of reading every recent note of the whole audience for each page; the caller keeps the 'sent'.
select e.customer_id, e.at, e.type from (values :ids) v (id)
join events e on e.customer_id = v.id and e.at >= ?

-- name: forget
-- Erase the person but keep the identity key, so a later import cannot mail them again.
update customers set email = null, first_name = null, last_name = null, joined_at = null,
    interests = null, attributes = null, status = 'forgotten', awaiting_reply = false, interests_chosen = false,
    paused_until = null, declined_pieces = null, referred_by = null, referred_by_name = null, updated_at = ?
where email_key = ?

-- name: forget-events
delete from events where customer_id = ?

-- name: forget-feedback
-- What they said about each note goes too: the pieces' learned values lose their votes.
delete from note_feedback where customer_id = ?

-- name: forget-history
delete from piece_history where customer_id = ?

-- name: forget-rewards
delete from rewards where customer_id = ?

-- name: forget-referrals
-- The friends they brought and the one who brought them: the count on the other side stays.
delete from referrals where inviter_id = ? or friend_id = ?

-- name: forget-invited
-- Friends they invited no longer carry their name.
update customers set referred_by = null, referred_by_name = null where referred_by = ?

-- name: forget-invitations
-- Nor do signups still waiting that came through their invitation.
update signups set referred_by = null where referred_by = ?

-- name: forget-signups
-- What they typed on the join form goes too: the address, the name and the client address.
delete from signups where email_key = ?
