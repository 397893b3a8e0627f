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
-- What happened each day since a moment: notes sent, and what people (never a proxy or a
-- scanner) did with them. Days, not weeks, because the two databases start weeks differently;
-- the report gathers them into weeks. A rating's detail says which; the rest group by type alone.
select cast(at as date) as on_day, type, case when type = 'rating' then detail end as verdict, count(*) as n
from events
where type in ('sent', 'open', 'click', 'reply', 'rating') and machine = false and at >= ?
group by cast(at as date), type, case when type = 'rating' then detail end
