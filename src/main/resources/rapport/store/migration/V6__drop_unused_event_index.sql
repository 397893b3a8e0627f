-- No query reads events by type and time alone any more: the planner's recent notes and the
-- stage rules both reach events through the customer (events_customer). The index only cost a
-- third B-tree write for every sent note, open and click.
drop index events_recent_sent;
