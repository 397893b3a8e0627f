-- name: people
-- Everyone on file by stage and status, and how many have gone quiet (dormant): the funnel and
-- the statuses from one pass over the table.
select stage, status, count(*) as people, sum(case when dormant_since is null then 0 else 1 end) as dormant
from customers
group by stage, status

-- name: by-piece
-- Each note sent (a bounce included), and whether a person (not a proxy or scanner) opened it,
-- followed a link in it or answered it.
select d.piece, count(*) as sent,
       sum(case when d.state = 'bounced' then 1 else 0 end) as bounced,
       sum(case when h.opens > 0 then 1 else 0 end) as opened,
       sum(case when h.clicks > 0 then 1 else 0 end) as clicked,
       sum(case when h.replies > 0 then 1 else 0 end) as replied
from deliveries d
left join (select run_id, customer_id,
                  sum(case when type = 'open' then 1 else 0 end) as opens,
                  sum(case when type = 'click' then 1 else 0 end) as clicks,
                  sum(case when type = 'reply' then 1 else 0 end) as replies
           from events
           where machine = false and type in ('open', 'click', 'reply') and run_id is not null
           group by run_id, customer_id) h
  on h.run_id = d.run_id and h.customer_id = d.customer_id
where d.state in ('sent', 'bounced') and d.piece is not null
group by d.piece

-- name: replies
select count(*) as total, sum(case when r.answered_at is null then 1 else 0 end) as waiting
from replies r join customers c on c.id = r.customer_id
where c.status <> 'forgotten'

-- name: by-day
-- What happened each day since a moment, by the calendar of the schedule's time zone: notes sent
-- and what people (never a proxy or a scanner) did with them, for the weeks; friends counted for
-- an inviter and the stages people moved to, for the months. Days, not weeks or months, because
-- the two databases start weeks differently; the report gathers them. A rating's detail says
-- which; a stage event's says where the customer went ("new → friend: the reason" reached
-- friend; the dormancy pass words its own), cut to that so the reasons, which name counts, do not
-- split the groups; the rest group by type alone.
-- No index leads with the type or the time (V6 dropped it: it cost a write on every note, open and
-- click), so this reads the events once for both tables rather than twice; the report is a
-- command the owner runs now and then, never part of a send.
select extract(year from local_at) as y, extract(month from local_at) as m, extract(day from local_at) as d,
       type, verdict, count(*) as n
from (select at at time zone ? as local_at, type,
             case when type = 'rating' then detail
                  when type <> 'stage' then null
                  when detail like 'dormant:%' then 'dormant'
                  when detail like 'back from dormant%' then 'woke'
                  when position('→ ' in detail) > 0 and position(': ' in detail) > position('→ ' in detail)
                  then substring(detail from position('→ ' in detail) + 2
                                 for position(': ' in detail) - position('→ ' in detail) - 2)
             end as verdict
      from events
      where type in ('sent', 'open', 'click', 'reply', 'rating', 'referral', 'stage') and machine = false and at >= ?) e
group by extract(year from local_at), extract(month from local_at), extract(day from local_at), type, verdict

-- name: club-by-day
-- The club each day since a moment, by the calendar of the schedule's time zone: people who asked
-- to join (confirmed, waiting or dropped alike: a dropped row keeps only when it was asked),
-- signups confirmed, and rewards earned at a milestone (a held referral's row has no milestone).
-- Confirmations seek signups_waiting; the other two read their tables, which hold a short row per
-- person who asked or reward earned, far fewer than the events.
select extract(year from local_at) as y, extract(month from local_at) as m, extract(day from local_at) as d,
       type, cast(null as varchar(20)) as verdict, count(*) as n
from (select created_at at time zone ? as local_at, 'signup-asked' as type from signups where created_at >= ?
      union all
      select confirmed_at at time zone ?, 'signup-confirmed' from signups where confirmed_at >= ?
      union all
      select created_at at time zone ?, 'reward-earned' from rewards where at is not null and created_at >= ?) c
group by extract(year from local_at), extract(month from local_at), extract(day from local_at), type
