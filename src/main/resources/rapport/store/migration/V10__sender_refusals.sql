-- Refusals about the sender (5.7.26 authentication, block lists, spam or policy filters) that came
-- back for a run's notes. They never change a customer, so the run counts them: when they pile
-- up, the run pauses with what to check. A counter rather than a count of events, which have no
-- index by run.
alter table runs add column sender_refusals integer default 0 not null;
