-- The stage rules' dormancy and waking read customers through this index instead of reading
-- every customer after every send and poll (seconds and a full pass over the file at a million).
-- Dormancy looks at the not-yet-dormant (dormant_since null) by their last engagement, else their
-- last note; waking looks at the dormant (dormant_since set).
create index customers_quiet on customers (dormant_since, last_engaged_at, last_note_at);
