package rapport.content;

import java.io.StringReader;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads the YAML front matter in a piece's leading {@code <#-- ... -->} comment. Every problem
 * becomes a lint error with the file line of the offending key. Stateless and thread-safe.
 */
final class FrontMatter {
    private static final Set<String> KEYS = Set.of(
            "subject", "stages", "kind", "interests", "priority", "repeat", "valid_from", "valid_until");
    private static final int DEFAULT_PRIORITY = 50;

    private FrontMatter() {}

    /** The piece, or the errors that keep it out of the catalog (added to {@code issues}). */
    static Optional<Piece> parse(String id, String file, String source, Set<String> knownStages,
                                 Optional<String> textTwin, List<LintIssue> issues) {
        String text = source.startsWith("\uFEFF") ? source.substring(1) : source;
        int open = text.indexOf("<#--");
        if (open < 0 || !text.substring(0, open).isBlank()) {
            issues.add(LintIssue.error(file, 1, "a piece must open with its front matter in a <#-- ... --> comment"));
            return Optional.empty();
        }
        int close = text.indexOf("-->", open);
        if (close < 0) {
            issues.add(LintIssue.error(file, lineOf(text, open), "the front matter comment <#-- is never closed with -->"));
            return Optional.empty();
        }
        int offset = lineOf(text, open) - 1;
        Node root;
        try {
            root = new Yaml(new LoaderOptions()).compose(new StringReader(text.substring(open + 4, close)));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 1 : e.getProblemMark().getLine() + 1;
            issues.add(LintIssue.error(file, offset + line, "front matter is not valid YAML: " + e.getProblem()));
            return Optional.empty();
        } catch (YAMLException e) {
            issues.add(LintIssue.error(file, offset + 1, "front matter is not valid YAML: " + e.getMessage()));
            return Optional.empty();
        }
        if (!(root instanceof MappingNode map)) {
            issues.add(LintIssue.error(file, offset + 1, "front matter must be a set of key: value lines"));
            return Optional.empty();
        }
        return new Reader(file, offset, knownStages, issues).read(id, map, textTwin);
    }

    static int lineOf(String text, int index) {
        int line = 1;
        for (int i = 0; i < index; i++) if (text.charAt(i) == '\n') line++;
        return line;
    }

    /** Walks the mapping once, collecting every error rather than stopping at the first. */
    private static final class Reader {
        private final String file;
        private final int offset;
        private final Set<String> knownStages;
        private final List<LintIssue> issues;
        private final int before;

        Reader(String file, int offset, Set<String> knownStages, List<LintIssue> issues) {
            this.file = file;
            this.offset = offset;
            this.knownStages = knownStages;
            this.issues = issues;
            this.before = issues.size();
        }

        Optional<Piece> read(String id, MappingNode map, Optional<String> textTwin) {
            Map<String, Node> values = new java.util.LinkedHashMap<>();
            for (NodeTuple tuple : map.getValue()) {
                String key = tuple.getKeyNode() instanceof ScalarNode s ? s.getValue() : String.valueOf(tuple.getKeyNode());
                if (!KEYS.contains(key)) {
                    error(tuple.getKeyNode(), "unknown front matter key \"" + key + "\" (known: " + String.join(", ", sorted(KEYS)) + ")");
                } else if (values.put(key, tuple.getValueNode()) != null) {
                    error(tuple.getKeyNode(), "\"" + key + "\" is given twice");
                }
            }
            int mapLine = line(map);
            String subject = scalar(values, "subject", mapLine, true);
            List<String> stages = list(values, "stages", mapLine, true);
            for (String stage : stages) {
                if (!knownStages.contains(stage)) {
                    error(values.get("stages"), "unknown stage \"" + stage + "\" (known: " + String.join(", ", knownStages) + ")");
                }
            }
            String kindText = scalar(values, "kind", mapLine, true);
            Kind kind = kindText == null ? null : Kind.fromLabel(kindText).orElse(null);
            if (kindText != null && kind == null) {
                error(values.get("kind"), "unknown kind \"" + kindText + "\" (known: " + Kind.labels() + ")");
            }
            List<String> interests = list(values, "interests", mapLine, false).stream()
                    .map(s -> s.toLowerCase(Locale.ROOT)).toList();
            int priority = priority(values);
            Repeat repeat = repeat(values);
            LocalDate from = date(values, "valid_from");
            LocalDate until = date(values, "valid_until");
            if (from != null && until != null && until.isBefore(from)) {
                error(values.get("valid_until"), "valid_until " + until + " is before valid_from " + from);
            }
            if (subject != null && subject.isBlank()) error(values.get("subject"), "subject is empty");
            if (issues.subList(before, issues.size()).stream().anyMatch(LintIssue::isError)) return Optional.empty();
            // The defaults send the piece, but as a choice nobody made: say so, at the top of the front matter.
            if (!values.containsKey("priority")) {
                warning(mapLine, "no priority: it ranks as " + DEFAULT_PRIORITY + " among the pieces that fit; write one, e.g. priority: 60");
            }
            if (!values.containsKey("repeat")) {
                warning(mapLine, "no repeat: each person gets it at most once (repeat: never); write repeat: never or e.g. repeat: after 365d");
            }
            return Optional.of(new Piece(id, file, subject, offset + line(values.get("subject")), stages, kind, interests,
                    priority, repeat, from, until, textTwin));
        }

        private int priority(Map<String, Node> values) {
            String text = scalar(values, "priority", 0, false);
            if (text == null) return DEFAULT_PRIORITY;
            try {
                return Integer.parseInt(text.trim());
            } catch (NumberFormatException e) {
                error(values.get("priority"), "priority must be a whole number, got \"" + text + "\"");
                return DEFAULT_PRIORITY;
            }
        }

        private Repeat repeat(Map<String, Node> values) {
            String text = scalar(values, "repeat", 0, false);
            if (text == null) return new Repeat.Never();
            Optional<Repeat> repeat = Repeat.parse(text);
            if (repeat.isEmpty()) error(values.get("repeat"), "repeat must be \"never\" or \"after Nd\" (e.g. after 90d), got \"" + text + "\"");
            return repeat.orElse(new Repeat.Never());
        }

        private LocalDate date(Map<String, Node> values, String key) {
            String text = scalar(values, key, 0, false);
            if (text == null) return null;
            try {
                return LocalDate.parse(text.trim());
            } catch (DateTimeParseException e) {
                error(values.get(key), key + " must be an ISO date (YYYY-MM-DD), got \"" + text + "\"");
                return null;
            }
        }

        private String scalar(Map<String, Node> values, String key, int parentLine, boolean required) {
            Node node = values.get(key);
            if (node == null) {
                if (required) issues.add(LintIssue.error(file, offset + Math.max(parentLine, 1), "front matter needs \"" + key + "\""));
                return null;
            }
            if (node instanceof ScalarNode s) return s.getValue();
            error(node, key + " must be a single value");
            return null;
        }

        private List<String> list(Map<String, Node> values, String key, int parentLine, boolean required) {
            Node node = values.get(key);
            if (node == null) {
                if (required) issues.add(LintIssue.error(file, offset + Math.max(parentLine, 1), "front matter needs \"" + key + "\""));
                return List.of();
            }
            List<String> out = new ArrayList<>();
            if (node instanceof ScalarNode s) {
                out.add(s.getValue().trim()); // a single name is a list of one
            } else if (node instanceof SequenceNode seq) {
                for (Node item : seq.getValue()) {
                    if (item instanceof ScalarNode s) out.add(s.getValue().trim());
                    else error(item, key + " must be a list of names");
                }
            } else {
                error(node, key + " must be a list like [a, b]");
            }
            if (required && out.isEmpty()) error(node, key + " must name at least one");
            return out;
        }

        private int line(Node node) {
            return node == null ? 0 : node.getStartMark().getLine() + 1;
        }

        private void warning(int line, String message) {
            issues.add(LintIssue.warning(file, offset + Math.max(line, 1), message));
        }

        private void error(Node node, String message) {
            issues.add(LintIssue.error(file, offset + Math.max(line(node), 1), message));
        }

        private static List<String> sorted(Set<String> set) {
            return set.stream().sorted().toList();
        }
    }
}
