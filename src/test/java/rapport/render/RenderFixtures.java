package rapport.render;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import rapport.TestWorkspace;
import rapport.config.RapportConfig;
import rapport.customer.Customer;
import rapport.customer.Status;
import rapport.tokens.Tokens;

/** A small workspace for render tests: a config, a templates folder, a customer. */
final class RenderFixtures {
    static final ZoneId ZONE = ZoneId.of("America/New_York");
    static final Instant NOW = Instant.parse("2026-03-03T14:00:00Z");
    static final String RUN = "20260303";
    static final String SECRET = "test-secret-for-rapport";
    static final Set<String> STAGES = Set.of("new", "acquaintance", "friend", "partner", "dormant");

    /** A layout like the sample one: a hidden preheader, the body, and a footer with the unsubscribe link. */
    static final String LAYOUT = """
            <#macro page preheader="">
            <html><body>
            <#if preheader?has_content><div style="display:none;max-height:0;">${preheader}</div></#if>
            <#nested>
            <p>${sender.name} &middot; ${sender.postalAddress}<br><a href="${links.unsubscribe}">No more notes</a></p>
            </body></html>
            </#macro>
            """;

    private RenderFixtures() {}

    /** The render tests' configuration: the sample one, signed with {@link #SECRET}, no promote rules. */
    static TestWorkspace settings() {
        return TestWorkspace.sample().secret(SECRET).withoutPromotion();
    }

    static RapportConfig config(Path workspace) {
        return settings().config(workspace);
    }

    static Path templates(Path workspace) {
        Path templates = workspace.resolve("templates");
        try {
            Files.createDirectories(templates);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return templates;
    }

    static Path write(Path folder, String name, String text) {
        Path file = folder.resolve(name);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    static Tokens tokens() {
        return new Tokens(List.of(SECRET));
    }

    static Links links(RapportConfig config) {
        return new Links(config.tracking(), config.sender(), tokens());
    }

    static Customer customer(long id, String firstName, String lastName) {
        return new Customer(id, "ann@example.com", firstName, lastName, "acquaintance", Status.ACTIVE,
                LocalDate.parse("2025-01-15"), Instant.parse("2026-02-01T14:00:00Z"), null, null, false,
                List.of("pearls"), Map.of("ring_size", "6"), new Customer.Engagement(3, 2, 1, 0));
    }
}
