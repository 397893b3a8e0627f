-- What people tell us about the notes they get, and what they choose to hear about.

-- One row per note that drew a verdict: the last rating ("useful" or "not-for-me"; one per note,
-- the last counts), whether a person clicked a link in it or replied to it, and whether they left
-- through it (an unsubscribe or complaint that answers this very note). The piece and the stage
-- the customer was at when the first of it arrived are kept with it, because the choice learns
-- each piece's value per stage and reads only this table, never the whole ledger.
create table note_feedback (
    run_id      varchar(40)  not null,
    customer_id bigint       not null references customers (id) on delete cascade,
    piece       varchar(120) not null,
    stage       varchar(40)  not null,
    rating      varchar(12),
    rated_at    timestamp with time zone,
    engaged     boolean default false not null,
    left_after  boolean default false not null,
    primary key (run_id, customer_id)
);
create index note_feedback_piece on note_feedback (piece, stage);
create index note_feedback_customer on note_feedback (customer_id);

-- What the customer chose on the preferences page, which outranks the shop's guesses: interests
-- they picked (a later import leaves them alone), a pause, and the pieces they found not for them.
alter table customers add column interests_chosen boolean default false not null;
alter table customers add column paused_until timestamp with time zone;
alter table customers add column declined_pieces varchar(2000);

-- The subject each note went out with, for the page that asks whether it was useful.
alter table deliveries add column subject varchar(500);
