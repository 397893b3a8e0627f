package rapport.store;

/** A database fault (unreachable, schema trouble, a failed statement): the job failed, exit 1. */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
