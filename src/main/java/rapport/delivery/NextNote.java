package rapport.delivery;

import java.time.Instant;
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
public final class NextNote {
    private final CustomerRepository customers;
    private final Catalog catalog;
    private final Selector selector;
    private final Renderer renderer;

    public NextNote(CustomerRepository customers, Catalog catalog, Selector selector, Renderer renderer) {
        this.customers = customers;
        this.catalog = catalog;
        this.selector = selector;
        this.renderer = renderer;
    }

    /** One customer's next note as a preview shows it: the decision, and the note or why it failed to render. */
    public record Draft(Customer customer, Decision decision, Optional<Note> note, Optional<RenderException> renderError) {}

    /** The customer's next note as of {@code asOf}, with every reason: what {@code preview} shows. */
    public Draft draft(Customer customer, Instant asOf) {
        Map<Long, SendHistory> histories = customers.histories(List.of(customer.id()), selector.capWindowStart(asOf));
        return draft(customer, histories.getOrDefault(customer.id(), SendHistory.EMPTY), asOf);
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
        return renderer.render(plannable(pieceId), customer, run, asOf);
    }

    private Piece plannable(String pieceId) throws RenderException {
        Piece piece = catalog.piece(pieceId).orElseThrow(() ->
                new RenderException("templates/" + pieceId + Catalog.PIECE_SUFFIX, 1, "the piece no longer exists"));
        String lint = selector.lintFailure(pieceId);
        if (lint != null) throw new RenderException(piece.file(), 1, "fails lint: " + lint);
        return piece;
    }

    /** A planned note rendered, or why it cannot be: what a send and a dry run both record. */
    public sealed interface Rendering {
        record Rendered(Note note) implements Rendering {}

        /** @param reason the skip reason the run records, e.g. "cannot render: templates/x.ftlh:3: ..." */
        record Unrenderable(String reason) implements Rendering {}
    }

    /**
     * Renders a planned piece as the send does, turning a failure into the customer's skip reason:
     * one customer's data that breaks a template fails their note, never the run.
     */
    public Rendering renderPlanned(String pieceId, Customer customer, String run, Instant asOf) {
        Note[] note = new Note[1];
        String failure = failureOf(pieceId, () -> note[0] = render(pieceId, customer, run, asOf));
        return failure == null ? new Rendering.Rendered(note[0]) : new Rendering.Unrenderable(failure);
    }

    /**
     * Why the send would skip this planned note ({@link Rendering.Unrenderable#reason()}), or
     * null when it renders: the piece's templates run for the customer as in {@link #renderPlanned}.
     */
    public String whyUnrenderable(String pieceId, Customer customer, String run, Instant asOf) {
        return failureOf(pieceId, () -> renderer.check(plannable(pieceId), customer, run, asOf));
    }

    private interface Attempt {
        void run() throws RenderException;
    }

    private static String failureOf(String pieceId, Attempt attempt) {
        try {
            attempt.run();
            return null;
        } catch (RenderException e) {
            return "cannot render: " + e.getMessage();
        } catch (StackOverflowError e) {
            // A macro that recurses without end for this customer's data.
            return "cannot render: templates/" + pieceId + Catalog.PIECE_SUFFIX + " recurses without end (stack overflow)";
        }
    }

    public Draft draft(Customer customer, SendHistory history, Instant asOf) {
        Decision decision = selector.decide(customer, history, asOf);
        if (decision.chosen().isEmpty()) return new Draft(customer, decision, Optional.empty(), Optional.empty());
        Piece piece = catalog.piece(decision.chosen().get()).orElseThrow();
        try {
            // The run of the as-of day: a preview shows that run's Message-ID and tokens.
            Note note = renderer.render(piece, customer, SendRun.idOf(asOf, selector.policy().zone()), asOf);
            return new Draft(customer, decision, Optional.of(note), Optional.empty());
        } catch (RenderException e) {
            return new Draft(customer, decision, Optional.empty(), Optional.of(e));
        }
    }
}
