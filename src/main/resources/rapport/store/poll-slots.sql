-- name: insert
-- A slot is taken by the node whose insert lands first; the primary key refuses the others.
insert into poll_slots (slot, node, taken_at) values (?, ?, ?)

-- name: holder
select node from poll_slots where slot = ?

-- name: forget
delete from poll_slots where slot < ?
