package rapport.content;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The content pieces of a workspace: every {@code templates/**}{@code /*.ftlh} whose path has no
 * part starting with {@code _}, with its front matter read. Pieces whose front matter is broken
 * are left out and reported in {@link #issues()}. Immutable once loaded; thread-safe.
 */
public final class Catalog {
    public static final String PIECE_SUFFIX = ".ftlh";
    public static final String TEXT_SUFFIX = ".txt.ftl";

    private final Path root;
    private final List<Piece> pieces;
    private final List<LintIssue> issues;

    private Catalog(Path root, List<Piece> pieces, List<LintIssue> issues) {
        this.root = root;
        this.pieces = List.copyOf(pieces);
        this.issues = List.copyOf(issues);
    }

    /** @param knownStages the ladder's names plus {@code dormant} */
    public static Catalog load(Path templates, Set<String> knownStages) {
        List<Piece> pieces = new ArrayList<>();
        List<LintIssue> issues = new ArrayList<>();
        if (!Files.isDirectory(templates)) return new Catalog(templates, pieces, issues);
        try (Stream<Path> files = Files.walk(templates)) {
            for (Path path : files.filter(Files::isRegularFile).sorted(Comparator.comparing(Path::toString)).toList()) {
                String relative = templates.relativize(path).toString().replace('\\', '/');
                if (isPartial(relative)) continue;
                String label = "templates/" + relative;
                if (relative.endsWith(TEXT_SUFFIX)) {
                    String pieceName = relative.substring(0, relative.length() - TEXT_SUFFIX.length()) + PIECE_SUFFIX;
                    if (!Files.exists(templates.resolve(pieceName))) {
                        issues.add(LintIssue.warning(label, 1, "plain-text twin without a piece: " + pieceName + " does not exist"));
                    }
                    continue;
                }
                if (!relative.endsWith(PIECE_SUFFIX)) continue;
                String id = relative.substring(0, relative.length() - PIECE_SUFFIX.length());
                String twin = id + TEXT_SUFFIX;
                Optional<String> textTwin = Files.exists(templates.resolve(twin)) ? Optional.of(twin) : Optional.empty();
                String source = Files.readString(path, StandardCharsets.UTF_8);
                FrontMatter.parse(id, label, source, knownStages, textTwin, issues).ifPresent(pieces::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + templates, e);
        }
        return new Catalog(templates, pieces, issues);
    }

    /** Layouts, macros and partials: any path part starting with {@code _}. */
    static boolean isPartial(String relative) {
        for (String part : relative.split("/")) if (part.startsWith("_")) return true;
        return false;
    }

    public Path root() {
        return root;
    }

    public List<Piece> pieces() {
        return pieces;
    }

    /** Front matter problems found while loading. */
    public List<LintIssue> issues() {
        return issues;
    }

    public Optional<Piece> piece(String id) {
        return pieces.stream().filter(p -> p.id().equals(id)).findFirst();
    }
}
