package rapport.cli;

/** The answer of a command the contract names but this version does not do yet: exit 1, nothing done. */
final class NotYet {
    private NotYet() {}

    static int say(CommonOptions common, String command) {
        common.err().println("rapport: `" + command + "` is not yet available in this version; nothing was done.");
        common.err().flush();
        return Failures.FAILED;
    }
}
