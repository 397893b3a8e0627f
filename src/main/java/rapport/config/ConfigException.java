package rapport.config;

/**
 * A configuration mistake the user must fix: names the file, the line and the key.
 * The CLI prints {@link #getMessage()} as one line and exits with code 2.
 */
public final class ConfigException extends RuntimeException {
    private final String file;
    private final int line;
    private final String key;

    public ConfigException(String file, int line, String key, String reason) {
        super(format(file, line, key, reason));
        this.file = file;
        this.line = line;
        this.key = key;
    }

    private static String format(String file, int line, String key, String reason) {
        StringBuilder b = new StringBuilder(file);
        if (line > 0) b.append(':').append(line);
        b.append(": ");
        if (key != null && !key.isEmpty()) b.append(key).append(": ");
        return b.append(reason).toString();
    }

    public String file() { return file; }
    public int line() { return line; }
    public String key() { return key; }
}
