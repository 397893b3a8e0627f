package rapport.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * Named SQL statements read from a resource file beside the store classes, where each starts
 * with a {@code -- name: some-name} line. A {@code (:name)} placeholder stands for a list and is
 * expanded to as many parameters as the list has. Immutable and thread-safe.
 */
final class Sql {
    private final String file;
    private final Map<String, String> statements;

    private Sql(String file, Map<String, String> statements) {
        this.file = file;
        this.statements = statements;
    }

    static Sql load(String resource) {
        try (InputStream in = Sql.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing SQL resource " + resource);
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> out = new HashMap<>();
            String name = null;
            StringBuilder body = new StringBuilder();
            for (String line : text.split("\n")) {
                String trimmed = line.trim();
                if (trimmed.startsWith("-- name:")) {
                    if (name != null) out.put(name, body.toString().trim());
                    name = trimmed.substring("-- name:".length()).trim();
                    body.setLength(0);
                } else if (!trimmed.startsWith("--")) {
                    body.append(line).append('\n');
                }
            }
            if (name != null) out.put(name, body.toString().trim());
            return new Sql(resource, Collections.unmodifiableMap(out));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String get(String name) {
        String sql = statements.get(name);
        if (sql == null) throw new IllegalStateException("no statement '" + name + "' in " + file);
        return sql;
    }

    /** The statement with its {@code (:list)} placeholder expanded to {@code count} parameters. */
    String get(String name, int count) {
        String params = "?" + ",?".repeat(Math.max(0, count - 1));
        return get(name).replaceFirst("\\(:[a-z]+\\)", "(" + params + ")");
    }

    /**
     * The statement with its {@code (values :list)} placeholder expanded to a table of
     * {@code count} bigint rows, to join on: unlike {@code in (...)}, a join seeks each id in
     * the index on H2 too, where a long {@code in} list is checked row by row.
     */
    String getValues(String name, int count) {
        String rows = "(cast(? as bigint))" + ",(cast(? as bigint))".repeat(Math.max(0, count - 1));
        return get(name).replaceFirst("\\(values :[a-z]+\\)", "(values " + rows + ")");
    }
}
