package rapport.selection;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import rapport.content.Kind;
import rapport.content.Piece;
import rapport.content.Repeat;
import rapport.customer.Customer;
import rapport.customer.Status;

/** Builders for selection scenarios: a customer, a piece, and the policy of the sample workspace. */
final class Fixtures {
    static final ZoneId ZONE = ZoneId.of("America/New_York");
    static final Policy POLICY = new Policy(Map.of("new", 3, "acquaintance", 7, "friend", 14, "partner", 14),
            new Dormancy(120, ZONE), 30, 2, 7, ZONE);

    private Fixtures() {}

    static Instant at(String date) {
        return LocalDate.parse(date).atTime(9, 0).atZone(ZONE).toInstant();
    }

    static CustomerBuilder customer() {
        return new CustomerBuilder();
    }

    static PieceBuilder piece(String id) {
        return new PieceBuilder(id);
    }

    static final class CustomerBuilder {
        String stage = "acquaintance";
        Status status = Status.ACTIVE;
        LocalDate joined = LocalDate.parse("2026-10-01");
        Instant lastNote;
        Instant lastEngaged;
        String lastKind;
        boolean awaiting;
        boolean fewer;
        List<String> interests = List.of();
        long id = 7;
        Instant pausedUntil;
        Set<String> declined = Set.of();

        CustomerBuilder stage(String s) { stage = s; return this; }
        CustomerBuilder status(Status s) { status = s; return this; }
        CustomerBuilder joined(String d) { joined = LocalDate.parse(d); return this; }
        CustomerBuilder lastNote(String d) { lastNote = at(d); return this; }
        CustomerBuilder lastEngaged(String d) { lastEngaged = at(d); return this; }
        CustomerBuilder lastKind(String k) { lastKind = k; return this; }
        CustomerBuilder awaitingReply() { awaiting = true; return this; }
        CustomerBuilder fewerNotes() { fewer = true; return this; }
        CustomerBuilder interests(String... i) { interests = List.of(i); return this; }
        CustomerBuilder id(long i) { id = i; return this; }
        CustomerBuilder pausedUntil(String d) { pausedUntil = at(d); return this; }
        CustomerBuilder declined(String... pieces) { declined = Set.of(pieces); return this; }

        Customer build() {
            return new Customer(id, "ana@example.com", "Ana", "Silva", stage, status, joined, lastNote, lastEngaged,
                    lastKind, awaiting, interests, Map.of(), Customer.Engagement.NONE, fewer, null,
                    new Customer.Wishes(pausedUntil, declined, false));
        }
    }

    static final class PieceBuilder {
        final String id;
        List<String> stages = List.of("new", "acquaintance", "friend", "partner");
        Kind kind = Kind.TIP;
        List<String> interests = List.of();
        int priority = 50;
        Repeat repeat = new Repeat.Never();
        LocalDate from;
        LocalDate until;

        PieceBuilder(String id) { this.id = id; }

        PieceBuilder stages(String... s) { stages = List.of(s); return this; }
        PieceBuilder kind(Kind k) { kind = k; return this; }
        PieceBuilder interests(String... i) { interests = List.of(i); return this; }
        PieceBuilder priority(int p) { priority = p; return this; }
        PieceBuilder repeatAfter(int days) { repeat = new Repeat.After(days); return this; }
        PieceBuilder valid(String f, String u) { from = LocalDate.parse(f); until = LocalDate.parse(u); return this; }

        Piece build() {
            return new Piece(id, "templates/" + id + ".ftlh", "Hi ${customer.firstName}", 2, stages, kind, interests,
                    priority, repeat, from, until, Optional.empty());
        }
    }
}
