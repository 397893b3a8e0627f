-- name: by-process
-- A run's outcomes by the process that recorded them: its progress per node.
select done_by, state, count(*) from deliveries where run_id = ? and done_by is not null
group by done_by, state order by done_by, state

-- name: runs-by-process
-- The runs of a period, each row counted under the process that recorded its outcome or holds
-- its claim; planned and retry rows belong to no process yet. Rows done before done_by existed
-- count under none either.
select r.id, r.as_of, r.state, coalesce(d.done_by, d.claimed_process), d.state, count(*)
from runs r join deliveries d on d.run_id = r.id
where r.as_of >= ? and r.as_of < ?
group by r.id, r.as_of, r.state, coalesce(d.done_by, d.claimed_process), d.state

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
