package rapport.schedule;

/** The scheduler could not be built, planned or stopped: a fault, with Quartz's reason. */
public final class SchedulingException extends RuntimeException {
    SchedulingException(String message, Throwable cause) {
        super(message, cause);
    }
}
