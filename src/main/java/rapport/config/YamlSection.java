package rapport.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * One YAML mapping of the configuration, read key by key. It knows its dotted path and the line
 * of every value, so each mistake is reported where the user will look for it; environment
 * references are expanded as each scalar is read. Unknown and duplicate keys are rejected on
 * construction. Immutable after construction, and used only inside one load call.
 */
final class YamlSection {
    private static final Pattern WHOLE = Pattern.compile("[+-]?[0-9]+");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?");

    private final String file;
    private final Map<String, String> env;
    private final String path;
    private final int line;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();

    private YamlSection(String file, Map<String, String> env, String path, int line) {
        this.file = file;
        this.env = env;
        this.path = path;
        this.line = line;
    }

    /** Reads {@code node} as the mapping at {@code path}, allowing only the {@code known} keys. */
    static YamlSection of(String file, Map<String, String> env, String path, Node node, List<String> known) {
        if (!(node instanceof MappingNode mapping)) {
            throw new ConfigException(file, lineOf(node), path, "expected a mapping, got " + describe(node));
        }
        YamlSection section = new YamlSection(file, env, path, lineOf(node));
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
                throw new ConfigException(file, lineOf(tuple.getKeyNode()), path,
                        "keys must be plain names, got " + describe(tuple.getKeyNode()));
            }
            String key = keyNode.getValue();
            if (!known.contains(key)) {
                String hint = Spelling.closest(key, known).map(k -> "; did you mean \"" + k + "\"?")
                        .orElse("; expected one of " + String.join(", ", known));
                throw section.failAt(keyNode, key, "unknown key" + hint);
            }
            NodeTuple first = section.entries.putIfAbsent(key, tuple);
            if (first != null) {
                throw section.failAt(keyNode, key,
                        "duplicate key (first at line " + lineOf(first.getKeyNode()) + ")");
            }
        }
        return section;
    }

    /** The mapping under {@code key}, if the file has one there. */
    Optional<YamlSection> section(String key, List<String> known) {
        return value(key).map(node -> of(file, env, path(key), node, known));
    }

    /** The mapping under {@code key}, or an empty one (every key at its default) when absent. */
    YamlSection sectionOrEmpty(String key, List<String> known) {
        return section(key, known).orElseGet(() -> new YamlSection(file, env, path(key), line));
    }

    YamlSection requiredSection(String key, List<String> known) {
        return section(key, known).orElseThrow(() -> absent(key));
    }

    /** The list under {@code key}; absent is an error. */
    SequenceNode requiredList(String key) {
        Node node = value(key).orElseThrow(() -> absent(key));
        if (!(node instanceof SequenceNode list)) {
            throw failAt(node, key, "expected a list, got " + describe(node));
        }
        return list;
    }

    /** The items of the list under {@code key}; empty when absent. */
    List<Node> items(String key) {
        Optional<Node> node = value(key);
        if (node.isEmpty()) return List.of();
        if (!(node.get() instanceof SequenceNode list)) throw failAt(node.get(), key, "expected a list, got " + describe(node.get()));
        return list.getValue();
    }

    /** A list entry read as a mapping, under the path {@code key[index]}. */
    YamlSection entry(String key, int index, Node node, List<String> known) {
        return of(file, env, path(key) + "[" + index + "]", node, known);
    }

    /** The scalar under {@code key} with environment references expanded; empty when absent. */
    Optional<String> text(String key) {
        Optional<Node> value = value(key);
        if (value.isEmpty()) return Optional.empty();
        if (!(value.get() instanceof ScalarNode scalar)) {
            throw failAt(value.get(), key, "expected a single value, got " + describe(value.get()));
        }
        try {
            return Optional.of(Placeholders.substitute(scalar.getValue(), env));
        } catch (InvalidValue e) {
            throw failAt(scalar, key, e.getMessage());
        }
    }

    /** The list of scalars under {@code key}, each with environment references expanded; empty when absent. */
    List<String> texts(String key) {
        Optional<Node> value = value(key);
        if (value.isEmpty()) return List.of();
        if (!(value.get() instanceof SequenceNode list)) {
            throw failAt(value.get(), key, "expected a list, got " + describe(value.get()));
        }
        List<String> out = new java.util.ArrayList<>();
        for (Node item : list.getValue()) {
            if (!(item instanceof ScalarNode scalar)) throw failAt(item, key, "expected a list of values, got " + describe(item));
            try {
                out.add(Placeholders.substitute(scalar.getValue(), env));
            } catch (InvalidValue e) {
                throw failAt(scalar, key, e.getMessage());
            }
        }
        return List.copyOf(out);
    }

    String text(String key, String defaultValue) {
        return text(key).orElse(defaultValue);
    }

    /** A present, non-blank value. */
    String required(String key) {
        String value = text(key).orElseThrow(() -> absent(key));
        if (value.isBlank()) throw fail(key, "must not be empty");
        return value;
    }

    int whole(String key, int defaultValue, int min, int max) {
        return text(key).map(t -> toWhole(key, t, min, max)).orElse(defaultValue);
    }

    int requiredWhole(String key, int min, int max) {
        return toWhole(key, text(key).orElseThrow(() -> absent(key)), min, max);
    }

    double decimal(String key, double defaultValue, double min) {
        Optional<String> text = text(key).map(String::strip);
        if (text.isEmpty()) return defaultValue;
        if (!DECIMAL.matcher(text.get()).matches()) {
            throw fail(key, "expected a number, got \"" + text.get() + "\"");
        }
        double value = Double.parseDouble(text.get());
        if (value < min) throw fail(key, "must be at least " + format(min) + ", got " + text.get());
        return value;
    }

    boolean flag(String key, boolean defaultValue) {
        Optional<String> text = text(key);
        if (text.isEmpty()) return defaultValue;
        // The YAML 1.1 spellings SnakeYAML itself reads as booleans.
        return switch (text.get().strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw fail(key, "expected true or false, got \"" + text.get() + "\"");
        };
    }

    /** The value (or the default when absent) passed through {@code check}, located on failure. */
    <T> T checked(String key, String defaultValue, Function<String, T> check) {
        return apply(key, text(key, defaultValue), check);
    }

    <T> T requiredChecked(String key, Function<String, T> check) {
        return apply(key, required(key), check);
    }

    private <T> T apply(String key, String value, Function<String, T> check) {
        try {
            return check.apply(value);
        } catch (InvalidValue e) {
            throw fail(key, e.getMessage());
        }
    }

    /** An error about {@code key}, on the line of its value (or of this mapping when absent). */
    ConfigException fail(String key, String reason) {
        NodeTuple tuple = entries.get(key);
        return tuple == null ? new ConfigException(file, line, path(key), reason)
                : failAt(tuple.getValueNode(), key, reason);
    }

    private ConfigException failAt(Node node, String key, String reason) {
        return new ConfigException(file, lineOf(node), path(key), reason);
    }

    private ConfigException absent(String key) {
        NodeTuple tuple = entries.get(key);
        return tuple == null ? new ConfigException(file, line, path(key), "required key is missing")
                : failAt(tuple.getValueNode(), key, "a value is required");
    }

    /** The value node under {@code key}; a YAML null ({@code key:} with nothing after) counts as absent. */
    private Optional<Node> value(String key) {
        NodeTuple tuple = entries.get(key);
        if (tuple == null) return Optional.empty();
        Node node = tuple.getValueNode();
        return Tag.NULL.equals(node.getTag()) && node instanceof ScalarNode ? Optional.empty() : Optional.of(node);
    }

    private int toWhole(String key, String text, int min, int max) {
        String t = text.strip();
        if (!WHOLE.matcher(t).matches()) throw fail(key, "expected a whole number, got \"" + text + "\"");
        long value;
        try {
            value = Long.parseLong(t);
        } catch (NumberFormatException e) {
            value = t.startsWith("-") ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        if (value < min || value > max) {
            throw fail(key, max == Integer.MAX_VALUE
                    ? "must be at least " + min + ", got " + t
                    : "must be between " + min + " and " + max + ", got " + t);
        }
        return (int) value;
    }

    private String path(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static String format(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    static int lineOf(Node node) {
        return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }

    static String describe(Node node) {
        if (node instanceof MappingNode) return "a mapping";
        if (node instanceof SequenceNode) return "a list";
        if (Tag.NULL.equals(node.getTag())) return "an empty value";
        return "\"" + ((ScalarNode) node).getValue() + "\"";
    }
}
