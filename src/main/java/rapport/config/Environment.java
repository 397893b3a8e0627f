package rapport.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * The process environment, read here and nowhere else: {@code ${NAME}} substitution, the
 * {@code RAPPORT_HOME} workspace default, the log level, debugging, the user's home. Thread-safe.
 */
public final class Environment {
    private Environment() {}

    public static Map<String, String> variables() {
        return System.getenv();
    }

    /** {@code --workspace} when given, else {@code RAPPORT_HOME}, else the current directory. */
    public static Path workspace(Path option) {
        if (option != null) return option.toAbsolutePath().normalize();
        String home = System.getenv("RAPPORT_HOME");
        return Path.of(home == null || home.isBlank() ? "." : home).toAbsolutePath().normalize();
    }

    /** {@code RAPPORT_LOG_LEVEL}: how much the log says on stderr (warnings and errors unless set). */
    public static String logLevel() {
        return System.getenv("RAPPORT_LOG_LEVEL");
    }

    /** The user's home folder, for an H2 file named {@code ~/...}. */
    public static String userHome() {
        return System.getProperty("user.home");
    }

    /** {@code RAPPORT_DEBUG=1}: print stack traces of failures. */
    public static boolean debug() {
        return "1".equals(System.getenv("RAPPORT_DEBUG"));
    }
}
