package rapport.cli;

import rapport.feedback.StagePass;

/** One line that tells the operator how the stage rules moved people. Stateless. */
final class StagesLine {
    private StagesLine() {}

    static String of(StagePass.Changes c) {
        return "relationships: " + c.promoted() + " moved up · " + c.dormant() + " fell dormant · " + c.woke() + " back from dormant";
    }
}
