-- name: subscription
select id, email, status, fewer_notes from customers where id = ?

-- name: last-unsubscribe
-- The unsubscribe that took a customer off the list, when the status it set still holds: a
-- second unsubscribe changes nothing and records nothing, so the newest one is that one.
select id, run_id, at, detail from events where customer_id = ? and type = 'unsubscribe'
order by id desc
fetch first 1 rows only

-- name: restore
-- Active again only while still unsubscribed by that very event: a complaint, a bounce or a
-- forgetting changes the status, and a later unsubscribe adds a newer event.
update customers set status = 'active', updated_at = ?
where id = ? and status = 'unsubscribed'
  and not exists (select 1 from events e where e.customer_id = customers.id and e.type = 'unsubscribe' and e.id > ?)

-- name: resubscribed
insert into events (customer_id, type, at, piece, detail, run_id, machine)
select c.id, 'preference', ?, (select d.piece from deliveries d where d.run_id = ? and d.customer_id = c.id), ?, ?, false
from customers c where c.id = ?

-- name: preferences
select id, email, status, interests, fewer_notes, paused_until from customers where id = ?

-- name: note-subject
select subject from deliveries where run_id = ? and customer_id = ?
