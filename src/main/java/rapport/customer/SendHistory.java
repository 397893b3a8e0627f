package rapport.customer;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a customer already received: when each piece was last sent, and the notes of the recent
 * past that the hard cap counts. Immutable.
 */
public record SendHistory(Map<String, Instant> pieceLastSent, List<Instant> recentNotes) {
    public static final SendHistory EMPTY = new SendHistory(Map.of(), List.of());
}
