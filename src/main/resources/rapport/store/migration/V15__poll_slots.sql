-- One mailbox poll per poll slot across the cluster.

-- The poll slots taken, one row each: before a scheduled poll reads the mailbox, its node inserts
-- the slot (the time of schedule.poll the fire stands for), and a node whose insert meets the row
-- skips that poll. Quartz's clustered store can fire one slot on two nodes (a stalled node wakes
-- and runs the fire another node recovered); the primary key keeps the second from reading the
-- mailbox. A manual `rapport poll` does not write here.
create table poll_slots (
    slot     timestamp with time zone primary key,
    node     varchar(200) not null,     -- the Quartz node id of the serve that took it
    taken_at timestamp with time zone not null
);
