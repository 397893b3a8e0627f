-- name: by-process
-- A run's outcomes by the process that recorded them: its progress per node.
select done_by, state, count(*) from deliveries where run_id = ? and done_by is not null
group by done_by, state order by done_by, state

-- name: in-progress
-- A run a live process is planning or sending: what the other nodes of a cluster join.
select r.id, r.as_of from runs r
where r.state in ('planning', 'sending')
  and exists (select 1 from processes p where p.run_id = r.id and p.heartbeat_at >= ?)
order by r.as_of desc

-- name: lock-insert
insert into serve_lock (name, node, host, pid, started_at, heartbeat_at) values ('serve', ?, ?, ?, ?, ?)

-- name: lock-holder
select node, host, pid, started_at, heartbeat_at from serve_lock where name = 'serve'

-- name: lock-take
-- Conditional on the holder read: of two processes taking over from the same dead one, one wins.
update serve_lock set node = ?, host = ?, pid = ?, started_at = ?, heartbeat_at = ? where name = 'serve' and node = ?

-- name: lock-beat
update serve_lock set heartbeat_at = ? where name = 'serve' and node = ?

-- name: lock-release
delete from serve_lock where name = 'serve' and node = ?
