package rapport.render;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rapport.config.RapportConfig;
import rapport.content.Catalog;
import rapport.content.Piece;
import rapport.customer.Customer;

/**
 * Every demo piece, rendered for a customer and written as the message a send would write, scored
 * by SpamAssassin's local rules (`spamassassin -L -t`): a note that carries value must not look
 * like spam to the filters between the shop and its customers. Runs where SpamAssassin is
 * installed (`.ci/run` installs it); skipped with a notice elsewhere.
 */
class SpamScoreTest {
    private static final double MOST = 0.5;
    private static final Pattern SCORE = Pattern.compile("Content analysis details:\\s+\\((-?[0-9.]+) points");
    private static final Pattern RULE = Pattern.compile("(?m)^\\s*(-?[0-9.]+)\\s+([A-Z_0-9]+)\\s");
    private static final Path SPAMASSASSIN = Path.of("/usr/bin/spamassassin");

    @TempDir Path dir;

    @Test
    void everyDemoNoteScoresAtMostHalfAPointWithSpamAssassinsLocalRules() throws Exception {
        assumeTrue(Files.isExecutable(SPAMASSASSIN), "SpamAssassin is not installed (apt-get install spamassassin)");
        Path workspace = RenderFixtures.settings().sampleTemplates().write(dir);
        RapportConfig config = RenderFixtures.config(workspace);
        Path templates = workspace.resolve("templates");
        TemplateEngine engine = new TemplateEngine(templates, config.schedule().timeZone());
        Renderer renderer = new Renderer(engine, config, RenderFixtures.links(config));
        MessageComposer composer = new MessageComposer(MessageComposer.offlineSession(), config.sender());
        Customer customer = new Customer(7, "ann.lee@example.com", "Ann", "Lee", "friend", rapport.customer.Status.ACTIVE,
                java.time.LocalDate.parse("2024-05-02"), RenderFixtures.NOW.minusSeconds(86_400L * 20), null, null, false,
                List.of("pearls", "rings", "watches", "repairs", "engagement", "gifts", "vintage"),
                Map.of("ring_size", "6.5", "anniversary_month", "12", "favourite_metal", "gold"),
                new Customer.Engagement(3, 2, 1, 0));

        List<Piece> pieces = Catalog.load(templates, RenderFixtures.STAGES).pieces();
        assertTrue(pieces.size() >= 10, "the demo pieces: " + pieces.size());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Map<String, Future<String>> reports = new TreeMap<>();
        try {
            for (Piece piece : pieces) {
                byte[] eml = composer.toEml(renderer.render(piece, customer, RenderFixtures.RUN, RenderFixtures.NOW), RenderFixtures.NOW);
                reports.put(piece.id(), pool.submit(() -> score(eml)));
            }
            List<String> tooHigh = new ArrayList<>();
            for (Map.Entry<String, Future<String>> r : reports.entrySet()) {
                String report = r.getValue().get(2, TimeUnit.MINUTES);
                Matcher m = SCORE.matcher(report);
                assertTrue(m.find(), r.getKey() + ": no score in SpamAssassin's report:\n" + report);
                double score = Double.parseDouble(m.group(1));
                if (score > MOST) tooHigh.add(r.getKey() + " " + score + " " + rules(report));
            }
            assertTrue(tooHigh.isEmpty(), "notes SpamAssassin scores above " + MOST + ": " + tooHigh);
        } finally {
            pool.shutdownNow();
        }
    }

    /** SpamAssassin's report for one message, with its network tests off. */
    private String score(byte[] eml) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(SPAMASSASSIN.toString(), "-L", "-t").redirectErrorStream(false)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(eml);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "spamassassin did not finish");
        return out;
    }

    /** The rules that scored, as "RULE points". */
    private static List<String> rules(String report) {
        List<String> out = new ArrayList<>();
        Matcher m = RULE.matcher(report.substring(Math.max(0, report.indexOf("pts rule name"))));
        while (m.find()) if (Double.parseDouble(m.group(1)) != 0) out.add(m.group(2) + " " + m.group(1));
        return out;
    }
}
