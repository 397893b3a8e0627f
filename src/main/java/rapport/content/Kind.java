package rapport.content;

import java.util.Arrays;
import java.util.Optional;

/** What a piece does for the reader; the selector avoids sending the same kind twice in a row. */
public enum Kind {
    WELCOME("welcome"), TIP("tip"), STORY("story"), HEADS_UP("heads-up"), REWARD("reward"),
    REFERRAL("referral"), CHECK_IN("check-in"), FEEDBACK("feedback");

    private final String label;

    Kind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static Optional<Kind> fromLabel(String label) {
        return Arrays.stream(values()).filter(k -> k.label.equals(label)).findFirst();
    }

    public static String labels() {
        return String.join(" | ", Arrays.stream(values()).map(Kind::label).toList());
    }
}
