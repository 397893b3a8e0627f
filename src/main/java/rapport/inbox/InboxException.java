package rapport.inbox;

/**
 * The mailbox could not be read: unreachable, login refused, a folder missing or not writable.
 * The message is one sentence for the user, naming the server and the reason; the job failed
 * and the next poll tries again, since unhandled mail stays in the mailbox.
 */
public final class InboxException extends RuntimeException {
    public InboxException(String message, Throwable cause) {
        super(message, cause);
    }
}
