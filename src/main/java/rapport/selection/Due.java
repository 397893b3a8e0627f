package rapport.selection;

import java.time.LocalDate;
import java.util.Optional;

/** Whether a customer is due for a note now, and why. */
public sealed interface Due {
    String reason();

    boolean due();

    /** Due: a note may go out today. {@code dormant} when the dormant cadence and pieces apply. */
    record Yes(String reason, boolean dormant) implements Due {
        @Override public boolean due() { return true; }
    }

    /** Why a customer is not due, for summaries that count rather than explain. */
    enum Hold {
        SUPPRESSED("not active"), AWAITING_REPLY("waiting for a personal answer"),
        UNKNOWN_STAGE("stage not in the ladder"), PAUSED("paused at their request"), CADENCE("cadence not reached"),
        CAP("hard cap reached");

        private final String label;

        Hold(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** Not due; {@code nextDueOn} is the first day it could change by itself, when one is known. */
    record No(String reason, Optional<LocalDate> nextDueOn, Hold hold) implements Due {
        @Override public boolean due() { return false; }
    }
}
