package rapport.cli;

/** A mistake in what the user typed or gave us (unknown customer, bad date): exit code 2. */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }
}
