package rapport.delivery;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * Durability on an embedded database: a "sent" is noted in a journal file the moment the server
 * took it (a system call, where an embedded commit rewrites a page per table), and outcomes are
 * recorded in large groups. The journal keeps each line until the ledger has it; a process that
 * dies leaves its lines to {@link #recover}. Thread-safe.
 */
public final class JournaledSends implements Durability {
    /** How long outcomes gather before a group is recorded, unless a worker needs them sooner. */
    private static final Duration GATHER = Duration.ofMillis(200);

    /** The journal files of one database. */
    public interface Journals {
        /** A journal for one process, which it alone writes. */
        Journal open(String process);

        /** Hands every journal whose process is gone to {@code replay}, run by run, then removes it; returns the lines. */
        int replayOrphans(BiConsumer<String, List<Ledger.Outcome>> replay);
    }

    /** One process's journal. Lines are numbered by a ticket; the journal keeps them until told the ledger has them. */
    public interface Journal extends AutoCloseable {
        /** Notes an accepted message; it survives a kill of this process once this returns. */
        int note(String runId, Ledger.Outcome.Sent sent);

        /** {@code lines} notes of this ticket are now in the ledger. */
        void recorded(int ticket, int lines);

        /** Keeps what the ledger does not yet have, for {@link #recover}; removes the rest. */
        @Override
        void close();
    }

    private final Ledger ledger;
    private final Journals journals;

    public JournaledSends(Ledger ledger, Journals journals) {
        this.ledger = ledger;
        this.journals = journals;
    }

    @Override
    public int recover() {
        return journals.replayOrphans(ledger::record);
    }

    @Override
    public Recorder recorder(String runId, String process) {
        Journal journal = journals.open(process);
        GroupCommit commits = new GroupCommit(ledger, runId, process, GATHER, tickets -> tickets.forEach(journal::recorded));
        return new Recorder() {
            @Override
            public CompletableFuture<Void> record(Ledger.Outcome outcome) {
                int ticket = outcome instanceof Ledger.Outcome.Sent sent ? journal.note(runId, sent) : GroupCommit.NO_TICKET;
                return commits.submit(outcome, ticket);
            }

            @Override
            public void flush() {
                commits.flush();
            }

            @Override
            public void close() {
                try {
                    commits.close();
                } finally {
                    journal.close();
                }
            }
        };
    }
}
