-- One human open per note, however often its pixel is fetched. A note's first human open and its
-- first machine open (an image proxy, a scanner, a prefetch on delivery) are each set once on its
-- delivery row, by a conditional update that only the first writer wins, even with several
-- `serve` nodes on one PostgreSQL; only that update puts an `open` on the timeline. So a proxy
-- that fetches first never takes the place of the person's open that comes later.
alter table deliveries add column machine_open_at timestamp with time zone;
-- Every fetch of the pixel, human or machine, first or not: the column already counted them so.
alter table deliveries rename column opens to pixel_fetches;

-- Before this, each fetch was an open of its own: keep only the first human and the first
-- machine open of each note, so the stage rules and the counts stop seeing one note many times.
delete from events e
where e.type = 'open' and e.run_id is not null
  and exists (select 1 from events f
              where f.customer_id = e.customer_id and f.type = 'open' and f.run_id = e.run_id and f.machine = e.machine
                and (f.at < e.at or (f.at = e.at and f.id < e.id)));

-- first_open_at was the first open of any kind; from now on it is the first human one.
update deliveries set machine_open_at = (select min(e.at) from events e
        where e.customer_id = deliveries.customer_id and e.run_id = deliveries.run_id and e.type = 'open' and e.machine = true)
where first_open_at is not null;
update deliveries set first_open_at = (select min(e.at) from events e
        where e.customer_id = deliveries.customer_id and e.run_id = deliveries.run_id and e.type = 'open' and e.machine = false)
where first_open_at is not null;
update customers set opens = (select count(*) from events e where e.customer_id = customers.id and e.type = 'open' and e.machine = false)
where opens > 0;
