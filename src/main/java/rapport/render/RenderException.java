package rapport.render;

/**
 * A piece could not be rendered for a customer: a missing value, a syntax error, a forbidden
 * construct. The message names the template file and line; it is never rendered into an email.
 */
public final class RenderException extends Exception {
    private final String file;
    private final int line;

    public RenderException(String file, int line, String reason) {
        super(file + ":" + Math.max(line, 1) + ": " + reason);
        this.file = file;
        this.line = line;
    }

    public String file() { return file; }
    public int line() { return line; }

    /** The message without the {@code file:line: } prefix. */
    public String reason() {
        String m = getMessage();
        int cut = m.indexOf(": ", file.length());
        return cut < 0 ? m : m.substring(cut + 2);
    }
}
