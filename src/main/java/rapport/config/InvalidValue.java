package rapport.config;

/**
 * A value-level check failed; carries only the reason. {@link YamlSection} adds the file, line
 * and key before it reaches the user as a {@link ConfigException}. Immutable.
 */
final class InvalidValue extends RuntimeException {
    InvalidValue(String reason) {
        // Always caught and rethrown with a location, so a stack trace would be wasted work.
        super(reason, null, false, false);
    }
}
