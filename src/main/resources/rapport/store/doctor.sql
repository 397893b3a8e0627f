-- What `rapport doctor` reads. It never writes: no schema is made or migrated here.

-- name: migrations
-- Every migration Flyway recorded, and whether it finished.
select "version", "success" from "flyway_schema_history" where "version" is not null

-- name: notes-in-period
-- The notes of a period's runs that reached the server: sent, or refused for good (at the
-- server's door, or later by a DSN, which turns a sent row into a bounced one). The run's as-of
-- instant places its notes on the command's timeline, as everything a send records is.
select count(*), coalesce(sum(case when d.state = 'bounced' then 1 else 0 end), 0)
from deliveries d join runs r on r.id = d.run_id
where d.state in ('sent', 'bounced') and r.as_of >= ? and r.as_of < ?

-- name: complaints-in-period
-- A complaint (a provider's feedback-loop report, read by the poll) is recorded as the
-- customer's unsubscribe whose detail begins "complaint"; counted when it arrived.
select count(*) from events where type = 'unsubscribe' and detail like 'complaint%' and at >= ? and at < ?
