package rapport.doctor;

/** How one finding of {@code rapport doctor} stands; only a problem fails the command. Immutable. */
public enum Status {
    OK("ok"), WARNING("warning"), PROBLEM("problem");

    private final String word;

    Status(String word) {
        this.word = word;
    }

    /** As printed and as the JSON's {@code status} carries it. */
    public String word() {
        return word;
    }
}
