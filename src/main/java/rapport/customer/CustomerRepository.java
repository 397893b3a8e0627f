package rapport.customer;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the customer features need from storage. The store implements it at the edge;
 * implementations are thread-safe.
 */
public interface CustomerRepository {

    /** The status of each of these identity keys that is already known. */
    Map<String, Status> statusByKey(Collection<String> emailKeys);

    /** Adds new customers in one batch; the order of their ids within it is the store's to choose. */
    void insert(List<ImportedCustomer> rows, String defaultStage, java.time.LocalDate joinedDefault);

    /** Updates existing customers in one batch; null fields keep what is stored; status is never touched. */
    void update(List<ImportedCustomer> rows);

    Optional<Customer> findByEmail(String email);

    /** Oldest first. */
    List<TimelineEvent> timeline(long customerId);

    /** Piece history, and the notes sent at or after {@code since}, of each customer. */
    Map<Long, SendHistory> histories(List<Long> customerIds, Instant since);

    /**
     * Streams customers in id order, one page at a time, so the audience is never held whole.
     * A null stage means every stage.
     */
    default void forEachPage(String stage, int pageSize, Consumer<List<Customer>> page) {
        forEachPage(stage, pageSize, 0, page);
    }

    /** As {@link #forEachPage(String, int, Consumer)}, starting after the customer id {@code after}. */
    void forEachPage(String stage, int pageSize, long after, Consumer<List<Customer>> page);

    /** Erases a person's data and timeline, keeping only the suppressed identity key. */
    void forget(Customer customer);
}
