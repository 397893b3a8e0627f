package rapport.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * The process environment, read here and nowhere else: {@code ${NAME}} substitution and the
 * {@code RAPPORT_HOME} workspace default. Thread-safe.
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

    /** {@code RAPPORT_DEBUG=1}: print stack traces of failures. */
    public static boolean debug() {
        return "1".equals(System.getenv("RAPPORT_DEBUG"));
    }
}
