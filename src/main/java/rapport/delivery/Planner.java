package rapport.delivery;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import rapport.content.Catalog;
import rapport.content.Piece;
import rapport.customer.Customer;
import rapport.customer.CustomerRepository;
import rapport.customer.SendHistory;
import rapport.render.Note;
import rapport.render.RenderException;
import rapport.render.Renderer;
import rapport.selection.Decision;
import rapport.selection.Selector;

/**
 * Decides and renders one customer's next note: the single path both {@code preview} and
 * {@code send} take, so a preview is exactly what a send would do. Thread-safe.
 */
public final class Planner {
    private static final DateTimeFormatter RUN_KEY = DateTimeFormatter.ofPattern("yyyyMMdd");

    private final CustomerRepository customers;
    private final Catalog catalog;
    private final Selector selector;
    private final Renderer renderer;

    public Planner(CustomerRepository customers, Catalog catalog, Selector selector, Renderer renderer) {
        this.customers = customers;
        this.catalog = catalog;
        this.selector = selector;
        this.renderer = renderer;
    }

    /** What the planner found for one customer: the decision, and the note or why it failed to render. */
    public record Plan(Customer customer, Decision decision, Optional<Note> note, Optional<RenderException> renderError) {}

    /**
     * The run a moment belongs to: its calendar day in the schedule's zone. A second send on the
     * same day resumes that day's run, and a preview shows that run's Message-ID and tokens.
     */
    public static String runKey(Instant asOf, ZoneId zone) {
        return RUN_KEY.format(asOf.atZone(zone).toLocalDate());
    }

    public Plan plan(Customer customer, Instant asOf) {
        Map<Long, SendHistory> histories = customers.histories(List.of(customer.id()), selector.capWindowStart(asOf));
        return plan(customer, histories.getOrDefault(customer.id(), SendHistory.EMPTY), asOf);
    }

    /** Decides without rendering or reasons: what a send plans for each customer of a page. */
    public Decision decide(Customer customer, SendHistory history, Instant asOf) {
        return selector.choose(customer, history, asOf);
    }

    public Instant capWindowStart(Instant asOf) {
        return selector.capWindowStart(asOf);
    }

    /**
     * Renders a piece the ledger planned. A piece that disappeared or now fails lint is a
     * {@link RenderException} too: the customer is skipped with that reason.
     */
    public Note render(String pieceId, Customer customer, String run, Instant asOf) throws RenderException {
        Piece piece = catalog.piece(pieceId).orElseThrow(() ->
                new RenderException("templates/" + pieceId + Catalog.PIECE_SUFFIX, 1, "the piece no longer exists"));
        String lint = selector.lintFailure(pieceId);
        if (lint != null) throw new RenderException(piece.file(), 1, "fails lint: " + lint);
        return renderer.render(piece, customer, run, asOf);
    }

    public Plan plan(Customer customer, SendHistory history, Instant asOf) {
        Decision decision = selector.decide(customer, history, asOf);
        if (decision.chosen().isEmpty()) return new Plan(customer, decision, Optional.empty(), Optional.empty());
        Piece piece = catalog.piece(decision.chosen().get()).orElseThrow();
        try {
            Note note = renderer.render(piece, customer, runKey(asOf, selector.policy().zone()), asOf);
            return new Plan(customer, decision, Optional.of(note), Optional.empty());
        } catch (RenderException e) {
            return new Plan(customer, decision, Optional.empty(), Optional.of(e));
        }
    }
}
