package rapport.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import rapport.customer.Status;
import rapport.feedback.Unsubscribing.Standing;

/** What the unsubscribe link may show and undo, decided without a database. */
class UnsubscribingTest {
    private static final Instant AT = Instant.parse("2026-11-24T16:00:00Z");
    private static final MessageRef LINK = new MessageRef(7, "20261124");
    private static final String EMAIL = "zoe@example.com";

    private static Optional<Subscription> unsubscribed(String run, String via) {
        return Optional.of(new Subscription(7, EMAIL, Status.UNSUBSCRIBED, false,
                Optional.of(new Subscription.Unsubscribed(1, run, AT, via))));
    }

    private static Standing at(Optional<Subscription> s, Duration later) {
        return Unsubscribing.standing(s, LINK, AT.plus(later));
    }

    @Test
    void whatThisLinkDidItMayUndoForSevenDaysOnTheServersClock() {
        Instant until = AT.plus(Duration.ofDays(7));
        assertEquals(new Standing.Undoable(EMAIL, until), at(unsubscribed(LINK.run(), "page"), Duration.ZERO));
        assertEquals(new Standing.Undoable(EMAIL, until), at(unsubscribed(LINK.run(), "one-click"), Duration.ofDays(7).minusSeconds(1)));
        assertEquals(new Standing.NotMailed(EMAIL, true), at(unsubscribed(LINK.run(), "page"), Duration.ofDays(7)));
    }

    @Test
    void whatThisLinkDidNotDoItNeverUndoes() {
        assertEquals(new Standing.NotMailed(EMAIL, false), at(unsubscribed("20261201", "page"), Duration.ZERO), "another note's link");
        assertEquals(new Standing.NotMailed(EMAIL, false), at(unsubscribed(LINK.run(), "mailto"), Duration.ZERO), "by mail");
        for (Status status : new Status[] {Status.BOUNCED, Status.COMPLAINED}) {
            Optional<Subscription> s = Optional.of(new Subscription(7, EMAIL, status, false,
                    Optional.of(new Subscription.Unsubscribed(1, LINK.run(), AT, "page"))));
            assertEquals(new Standing.NotMailed(EMAIL, false), at(s, Duration.ZERO), status.label());
        }
    }

    @Test
    void aForgottenOrUnknownPersonHasNoAddressToShow() {
        Optional<Subscription> forgotten = Optional.of(new Subscription(7, null, Status.FORGOTTEN, false, Optional.empty()));
        assertEquals(new Standing.NotMailed(null, false), at(forgotten, Duration.ZERO));
        assertEquals(new Standing.NotMailed(null, false), at(Optional.empty(), Duration.ZERO));
    }

    @Test
    void someoneStillOnTheListIsReceivingWithTheirCadence() {
        Optional<Subscription> fewer = Optional.of(new Subscription(7, EMAIL, Status.ACTIVE, true, Optional.empty()));
        assertEquals(new Standing.Receiving(EMAIL, true), at(fewer, Duration.ZERO));
    }
}
