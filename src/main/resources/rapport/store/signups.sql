-- name: status
select status from customers where email_key = ?

-- name: last-signup
select max(created_at) as last_at from signups where email_key = ? and dropped = false

-- name: insert
insert into signups (email_key, email, first_name, interests, client_address, consent, created_at, referred_by)
values (?, ?, ?, ?, ?, ?, ?, ?)

-- name: inviter
select id, first_name from customers where id = ? and status <> 'forgotten'

-- name: drop-unconfirmed
-- Seeks the unconfirmed rows not dropped yet in signups_waiting: cheap at every join. What is left
-- of the row says only that someone asked, and when.
update signups set email_key = '', email = '', first_name = null, interests = null, client_address = null,
    consent = '', referred_by = null, dropped = true
where confirmed_at is null and dropped = false and created_at < ?

-- name: find
select id, email, first_name, interests, client_address, consent, created_at, confirmed_at, referred_by
from signups where id = ? and dropped = false

-- name: lock-signup
select id, email_key, email, first_name, interests, client_address, consent, created_at, confirmed_at, referred_by
from signups where id = ? and dropped = false for update

-- name: lock-customer
select id, status from customers where email_key = ? for update

-- name: add-customer
insert into customers (email_key, email, first_name, stage, status, joined_at, interests, interests_chosen, stage_since, updated_at)
values (?, ?, ?, ?, 'active', ?, ?, true, ?, ?)

-- name: welcome-back
-- Their own new consent: active again, with what they chose now; a name they gave replaces none.
update customers set status = 'active', email = ?, first_name = coalesce(cast(? as varchar), first_name),
    interests = ?, interests_chosen = true, soft_bounces = 0, dormant_since = null, updated_at = ?
where id = ?

-- name: mark-confirmed
update signups set confirmed_at = ? where id = ?

-- name: signup-event
insert into events (customer_id, type, at, detail) values (?, 'signup', ?, ?)

-- name: invited
-- Who brought them, kept on the customer: `customer.referredBy` in templates. A customer who
-- already had an inviter keeps the first.
update customers set referred_by = ?, referred_by_name = ? where id = ? and referred_by is null

-- name: referral
insert into referrals (inviter_id, friend_id, signup_id, prior, confirmed_at, state) values (?, ?, ?, ?, ?, 'waiting')
