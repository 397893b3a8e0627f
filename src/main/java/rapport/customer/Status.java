package rapport.customer;

import java.util.Locale;

/** Whether a customer may be mailed; everything but {@code ACTIVE} is a suppression. */
public enum Status {
    ACTIVE, UNSUBSCRIBED, BOUNCED, COMPLAINED, FORGOTTEN;

    /** The lower-case name used in the database, JSON and on screen. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Status fromLabel(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }

    public boolean mailable() {
        return this == ACTIVE;
    }
}
