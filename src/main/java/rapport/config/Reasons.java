package rapport.config;

/** The words a failure is reported with, wherever a connection or a check fails. Stateless. */
public final class Reasons {
    private Reasons() {}

    /** The deepest message: "Connection refused" says more than "Couldn't connect to host". */
    public static String of(Throwable e) {
        Throwable t = e;
        String message = e.getMessage();
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
            if (t.getMessage() != null && !t.getMessage().isBlank()) message = t.getMessage();
        }
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message.strip();
    }
}
