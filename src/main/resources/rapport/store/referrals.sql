-- name: due
-- Invited friends whose time has come, with what judging them needs.
select r.id, r.inviter_id, r.friend_id, i.email as inviter_email, f.email as friend_email, f.first_name as friend_name,
       f.status as friend_status, r.prior, s.client_address, s.created_at as signup_at
from referrals r
join customers i on i.id = r.inviter_id
join customers f on f.id = r.friend_id
left join signups s on s.id = r.signup_id
where r.state = 'waiting' and r.confirmed_at <= ?
order by r.id

-- name: from-client
select count(*) from signups where client_address = ? and created_at >= ? and created_at <= ?

-- name: one-more
update customers set referrals = referrals + 1, updated_at = ? where id = ?

-- name: count-of
select referrals from customers where id = ?

-- name: decide-referral
update referrals set state = ?, reason = ?, decided_at = ? where id = ?

-- name: event
insert into events (customer_id, type, at, piece, detail) values (?, ?, ?, ?, ?)

-- name: add-reward
insert into rewards (customer_id, referral_id, at, piece, state, reason, created_at) values (?, ?, ?, ?, ?, ?, ?)

-- name: lock-reward
select id, customer_id, referral_id, at, piece, state, reason from rewards where id = ? for update

-- name: friend-of
select f.email from referrals r join customers f on f.id = r.friend_id where r.id = ?

-- name: times-sent
select times from piece_history where customer_id = ? and piece = ?

-- name: approve-reward
update rewards set at = ?, piece = ?, state = 'approved', decided_at = ?, times_before = ? where id = ?

-- name: decline-reward
update rewards set state = 'declined', decided_at = ? where id = ?

-- name: delivered
-- Approved rewards whose piece reached the customer once more since the approval.
select w.id, w.customer_id, w.piece, h.last_sent_at
from rewards w join piece_history h on h.customer_id = w.customer_id and h.piece = w.piece
where w.state = 'approved' and h.times > w.times_before

-- name: mark-sent
update rewards set state = 'sent', sent_at = ? where id = ? and state = 'approved'

-- name: list
select w.id, c.email, w.at, w.piece, w.state, w.reason, w.created_at, w.decided_at, w.sent_at
from rewards w join customers c on c.id = w.customer_id
order by w.id desc

-- name: entry
select w.id, c.email, w.at, w.piece, w.state, w.reason, w.created_at, w.decided_at, w.sent_at
from rewards w join customers c on c.id = w.customer_id
where w.id = ?

-- name: to-send
select w.customer_id, w.piece
from rewards w left join piece_history h on h.customer_id = w.customer_id and h.piece = w.piece
where w.state = 'approved' and w.piece is not null and coalesce(h.times, 0) <= w.times_before
order by w.id
