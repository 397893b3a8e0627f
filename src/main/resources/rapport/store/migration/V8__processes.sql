-- One name per idea: a process taking part in a run (it beats a heartbeat and holds claims) is a
-- "process"; "sender" is the From identity of the notes.
alter table senders rename to processes;
alter table deliveries rename column claimed_sender to claimed_process;
alter table runs rename column planner to planning_process;
