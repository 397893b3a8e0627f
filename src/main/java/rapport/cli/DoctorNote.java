package rapport.cli;

import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import rapport.config.RapportConfig;
import rapport.content.Piece;
import rapport.customer.Customer;
import rapport.customer.CustomerRepository;
import rapport.customer.SendHistory;
import rapport.customer.Status;
import rapport.delivery.NextNote;
import rapport.delivery.SendRun;
import rapport.doctor.Records;
import rapport.doctor.SampleNote;
import rapport.render.Links;
import rapport.render.MessageComposer;
import rapport.render.Note;
import rapport.render.RenderException;
import rapport.render.Renderer;
import rapport.tokens.Tokens;

/**
 * The note {@code rapport doctor} signs: the next note of the first customer who is due, rendered
 * and composed as the send would; when nobody is due, the first piece that renders, for the first
 * customer or, without a database to read, for a made-up one. The doctor writes nothing, so the
 * database is read only when its schema is already current (opening it otherwise would migrate
 * it), and a workspace that never kept a tracking secret gets a passing one: the signature does
 * not depend on which secret signed the links. Used once, from one thread.
 */
final class DoctorNote implements SampleNote {
    private static final int PAGE = 500;
    /** How many pages the doctor reads looking for a customer who is due: a check, not a send's planning. */
    private static final int PAGES = 20;

    private final Workspace ws;
    private final Records records;

    DoctorNote(Workspace ws, Records records) {
        this.ws = ws;
        this.records = records;
    }

    @Override
    public Sample make() {
        RapportConfig config = ws.config();
        Instant now = ws.clock().instant();
        String run = SendRun.idOf(now, config.schedule().timeZone());
        Links links = new Links(config.tracking(), config.sender(), new Tokens(List.of(secret())));
        Optional<Customer> first = Optional.empty();
        if (databaseReady()) {
            CustomerRepository customers = ws.customers();
            Scan scan = new Scan(customers, ws.nextNote(now, links), run, now);
            try {
                customers.forEachPage(null, PAGE, scan::page);
            } catch (Scan.Enough e) {
                // Found one, or read as far as a check should.
            }
            if (scan.due != null) return composed(scan.due, "the next note of " + scan.due.toAddress() + ", who is due");
            first = Optional.ofNullable(scan.first);
        }
        Customer customer = first.orElseGet(() -> madeUp(config, now));
        String whom = first.isPresent() ? customer.email() : "a made-up customer";
        Renderer renderer = new Renderer(ws.engine(), config, links);
        Map<String, String> failing = ws.lint(now).failures();
        for (Piece piece : ws.catalog().pieces()) {
            if (failing.containsKey(piece.id())) continue;
            try {
                return composed(renderer.render(piece, customer, run, now), piece.id() + " for " + whom + ", as nobody is due");
            } catch (RenderException e) {
                // The next piece may render; the one that did not is lint's and preview's to explain.
            }
        }
        return new Sample.None("no piece renders for " + whom, "fix what `rapport templates lint` names");
    }

    private Sample composed(Note note, String whose) {
        return new Sample.Composed(new MessageComposer(MessageComposer.offlineSession(), ws.config().sender())
                .compose(note, ws.clock().instant()), whose);
    }

    /** Whether the schema is there and current, so that opening the database changes nothing. */
    private boolean databaseReady() {
        try {
            Records.Schema schema = records.schema();
            return !schema.absent() && !schema.failedMigration() && schema.applied().equals(Optional.of(schema.latest()));
        } catch (RuntimeException e) {
            return false; // the database line says why
        }
    }

    /** The tracking secret the send would use, without making one when the workspace has none yet. */
    private String secret() {
        boolean kept = !ws.config().tracking().secret().isEmpty()
                || Files.exists(ws.config().workspace().resolve("data").resolve("tracking.secret"));
        if (kept) return ws.secret();
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    /** A customer for when there is none to read: active, at the first stage, joined today. */
    private static Customer madeUp(RapportConfig config, Instant now) {
        String domain = config.sender().address().substring(config.sender().address().indexOf('@') + 1);
        return new Customer(0, "someone@" + domain, "Sam", "Sample", config.stageNames().get(0), Status.ACTIVE,
                LocalDate.ofInstant(now, config.schedule().timeZone()), null, null, null, false, List.of(), Map.of(),
                Customer.Engagement.NONE);
    }

    /**
     * Customers page by page, as the send plans them: the first whose next note is due and
     * renders, and the very first customer. Ends the reading ({@link Enough}) once the note is
     * found or after {@link #PAGES} pages, however large the audience.
     */
    private static final class Scan {
        /** Stops the paging: nothing more to read. */
        static final class Enough extends RuntimeException {
            Enough() {
                super(null, null, false, false);
            }
        }

        private int pages;
        private final CustomerRepository customers;
        private final NextNote next;
        private final String run;
        private final Instant now;
        private Customer first;
        private Note due;

        Scan(CustomerRepository customers, NextNote next, String run, Instant now) {
            this.customers = customers;
            this.next = next;
            this.run = run;
            this.now = now;
        }

        void page(List<Customer> page) {
            if (first == null && !page.isEmpty()) first = page.get(0);
            if (due != null || ++pages > PAGES) throw new Enough();
            Map<Long, SendHistory> histories = customers.histories(page.stream().map(Customer::id).toList(), next.capWindowStart(now));
            for (Customer customer : page) {
                Optional<String> piece = next.decide(customer, histories.getOrDefault(customer.id(), SendHistory.EMPTY), now).chosen();
                if (piece.isEmpty()) continue;
                try {
                    due = next.render(piece.get(), customer, run, now);
                    throw new Enough();
                } catch (RenderException e) {
                    // The send would skip this customer with that reason; the next one may render.
                }
            }
        }
    }
}
