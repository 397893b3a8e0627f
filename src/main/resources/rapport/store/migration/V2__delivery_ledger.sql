-- The delivery ledger: a row per (run, customer), written before any SMTP traffic, claimed by a
-- conditional update before a send, and marked sent only after the server accepted the message.

-- One run per schedule slot: its id is the as-of day, so a second send for the same slot resumes it.
create table runs (
    id           varchar(40) primary key,
    as_of        timestamp with time zone not null,
    state        varchar(20) not null,      -- planning | sending | paused | finished
    planner      varchar(64),               -- the sender that holds the planning lease
    note         varchar(500),              -- why a run paused
    plan_cursor  bigint default 0 not null, -- planning resumes after this customer id
    not_due      varchar(1000),             -- JSON: customers not due, counted by why
    started_at   timestamp with time zone not null,
    finished_at  timestamp with time zone
);

-- Every process that sends keeps a heartbeat; claims of a process whose heartbeat stopped are
-- handed back, which is how a killed run's in-flight rows are resumed.
create table senders (
    id           varchar(64) primary key,
    run_id       varchar(40) not null,
    heartbeat_at timestamp with time zone not null
);

create table deliveries (
    run_id        varchar(40)  not null references runs (id),
    customer_id   bigint       not null references customers (id) on delete cascade,
    piece         varchar(120),
    state         varchar(20)  not null,   -- planned | claimed | retry | sent | skipped | failed | bounced
    reason        varchar(500),
    attempts      integer      default 0 not null,
    next_attempt_at timestamp with time zone,
    claimed_sender varchar(64),            -- the process holding the claim (see senders)
    claimed_by    varchar(80),             -- the worker in that process
    message_id    varchar(200),
    sent_at       timestamp with time zone,
    primary key (run_id, customer_id)
);
create index deliveries_state on deliveries (run_id, state, customer_id);
