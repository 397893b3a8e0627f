-- Several nodes, one schedule.

-- Which process recorded each row's outcome: a run's progress per node, for `send --json` and
-- `report`. The claim columns are cleared when the outcome is recorded, so they cannot say it.
alter table deliveries add column done_by varchar(64);

-- The one `serve` of an embedded H2 file. A second one on the same file would fire the same
-- schedule beside the first (an embedded job store is not clustered), so it reads this row and
-- refuses to start while the holder lives. Never used on a database server, where nodes share
-- the schedule through Quartz's cluster tables instead.
create table serve_lock (
    name         varchar(20) primary key,
    node         varchar(200) not null,
    host         varchar(200) not null,
    pid          bigint not null,
    started_at   timestamp with time zone not null,
    heartbeat_at timestamp with time zone not null
);
