package rapport.dkim;

/**
 * A key file that cannot sign: missing, unreadable, not a PKCS#8 PEM key, of another algorithm
 * than RSA or Ed25519, or an RSA key under 2048 bits. The message is one sentence meant for the
 * person who configured the file; {@link #missing()} tells a file that does not exist yet (and
 * so may be made with {@code rapport dkim keygen}) from one that is wrong.
 */
public final class UnusableKeyException extends Exception {
    private final boolean missing;

    UnusableKeyException(String reason, boolean missing) {
        super(reason);
        this.missing = missing;
    }

    UnusableKeyException(String reason) {
        this(reason, false);
    }

    public boolean missing() {
        return missing;
    }
}
