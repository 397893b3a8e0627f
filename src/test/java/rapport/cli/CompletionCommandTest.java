package rapport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code rapport completion}: one bash/zsh script that knows every command a user can type. */
class CompletionCommandTest {
    @Test
    void theScriptNamesEveryCommandButTheHiddenOne() {
        CliRun.Result r = CliRun.run(null, "completion");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("#!/usr/bin/env bash"), r.out());
        assertTrue(r.out().contains("complete -F _complete_rapport"), r.out());
        for (String command : RapportCommand.COMMANDS.keySet()) {
            if (command.equals("warm-up")) {
                assertFalse(r.out().contains(command), "warm-up is for the launcher, not for people");
            } else {
                assertTrue(r.out().contains(command), command);
            }
        }
        assertTrue(r.out().contains("--as-of"), "options are completed too");
    }
}
