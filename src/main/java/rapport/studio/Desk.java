package rapport.studio;

import java.util.List;
import java.util.Optional;
import rapport.content.LintIssue;
import rapport.content.Piece;
import rapport.customer.Customer;
import rapport.delivery.NextNote;
import rapport.delivery.Reach;
import rapport.render.Note;
import rapport.render.RenderException;
import rapport.selection.PieceValue;

/**
 * What the studio reads from a workspace: the catalog with its lint, customers, their next note
 * and any piece rendered for them, the report. Every answer reflects the templates folder as it
 * is now, so an edit shows on the next page. Nothing here writes to the database; the one thing
 * that leaves is a test copy to the marketer. Implementations are thread-safe.
 */
public interface Desk {

    /** The catalog as the studio shows it: each piece with its own lint findings, and findings no piece owns. */
    record Shelf(List<Shelved> pieces, List<LintIssue> loose, long errors, long warnings) {}

    /**
     * @param issues what lint found in this piece's files
     * @param value  what people said of it and its learned value, pooled over the stages
     * @param fails  the piece fails lint and is never chosen
     */
    record Shelved(Piece piece, List<LintIssue> issues, PieceValue value, boolean fails) {}

    /** A customer a search found: enough to pick one. */
    record Match(String email, String name, String stage, String status) {}

    Shelf shelf();

    /**
     * How many customers each piece would go to in a send now, counted in the background once
     * per state of the templates: {@code count} once counted, {@code problem} when counting
     * failed, both empty while it runs.
     */
    record Reached(Optional<Reach.Count> count, Optional<String> problem) {
        public boolean counting() {
            return count.isEmpty() && problem.isEmpty();
        }
    }

    Reached reach();

    /** Runs {@code listener} (quickly, on the counting thread) each time a count of {@link #reach} ends. */
    void whenCounted(Runnable listener);

    /** Ends any count still running, before the workspace under it closes. */
    void stop();

    /** Customers whose email or name contains {@code words}, at most {@code limit}. */
    List<Match> search(String words, int limit);

    Optional<Customer> customer(String email);

    /** The customer's next note as {@code preview} shows it, with the decision. */
    NextNote.Draft draft(Customer customer);

    /** Any piece of the catalog rendered for the customer, as a send of it would render it. */
    Note render(String piece, Customer customer) throws RenderException;

    /**
     * As {@link #draft} and {@link #render}, for a test copy: the same note, whose links lead
     * where the customer's would but count nothing for them (no open, click, rating or
     * unsubscribe is ever recorded from it).
     */
    NextNote.Draft testDraft(Customer customer);

    Note testRender(String piece, Customer customer) throws RenderException;

    /**
     * The note's HTML to show in a frame: as sent, less what would count as the customer
     * opening it (the open pixel).
     */
    String previewHtml(Note note);

    /** The pieces' ids, in catalog order: what the piece picker offers. */
    List<String> pieceIds();

    /** Sends {@code copy} (already a {@link TestCopy}); empty when the server took it, else why not. */
    Optional<String> send(Note copy);

    /** The report as the HTML page {@code report --out} writes. */
    String report();

    /** The shop's name, as the pages speak. */
    String shop();

    /** The reply address the shop uses: where a test copy's replies and bounces go, untraced. */
    String replyAddress();
}
