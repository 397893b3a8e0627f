package rapport.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import rapport.feedback.BounceReasons;
import rapport.feedback.BounceReasons.Verdict;

/**
 * Hundreds of real bounce mails from many mail servers and providers (Sisimai's public corpus,
 * see {@code src/test/resources/bounces/README.md}), each labelled by what it must mean for a
 * customer, read through the real reader and reason table. Prints a confusion summary (label
 * against verdict) and every sample that went the wrong way.
 */
class BounceCorpusTest {
    private static final BounceReasons REASONS = BounceReasons.standard();
    private static final Session SESSION = Session.getInstance(new Properties());
    /** Label (the folder under bounces/) → verdict → samples. */
    private static final Map<String, Map<Verdict, List<String>>> RESULTS = new TreeMap<>();

    @BeforeAll
    static void readEverySample() throws Exception {
        Path root = root();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".eml")).sorted().toList()) {
                String label = root.relativize(file).getName(0).toString();
                BounceReader.Finding found;
                try (InputStream in = Files.newInputStream(file)) {
                    MimeMessage mail = new MimeMessage(SESSION, in);
                    found = BounceReader.judge(BounceReader.read(mail), REASONS);
                }
                RESULTS.computeIfAbsent(label, l -> new EnumMap<>(Verdict.class))
                        .computeIfAbsent(found.verdict(), v -> new ArrayList<>())
                        .add(root.relativize(file) + " → " + found.reason().name() + " " + found.status() + " " + found.diagnostic());
            }
        }
        StringBuilder summary = new StringBuilder("bounce corpus: label → verdicts\n");
        RESULTS.forEach((label, byVerdict) -> {
            summary.append(String.format("  %-18s", label));
            for (Verdict v : Verdict.values()) summary.append(String.format(" %s %3d", v, byVerdict.getOrDefault(v, List.of()).size()));
            summary.append('\n');
        });
        System.out.print(summary);
    }

    @Test
    void theCorpusHoldsHundredsOfRealBounces() {
        assertTrue(total("hard") >= 100 && total("sender-side") >= 100, RESULTS.keySet().toString());
    }

    @Test
    void atLeast95PercentOfHardBouncesSuppress() {
        report("hard", Verdict.HARD);
        assertTrue(share("hard", Verdict.HARD) >= 0.95, "hard bounces read as hard: " + share("hard", Verdict.HARD));
    }

    @Test
    void atMost2PercentOfRefusalsAboutTheSenderSuppress() {
        report("sender-side", Verdict.SENDER);
        assertTrue(share("sender-side", Verdict.HARD) <= 0.02, "refusals about the sender read as hard: " + share("sender-side", Verdict.HARD));
    }

    @Test
    void temporaryStatesOfAMailboxNeverSuppressAtOnce() {
        report("mailbox-temporary", Verdict.SOFT);
        assertTrue(share("mailbox-temporary", Verdict.HARD) <= 0.02, "mailbox-temporary read as hard: " + share("mailbox-temporary", Verdict.HARD));
    }

    @Test
    void successReportsAreNeverFailures() {
        report("success", Verdict.DELIVERED);
        assertEquals(total("success"), RESULTS.get("success").getOrDefault(Verdict.DELIVERED, List.of()).size(), RESULTS.get("success").toString());
    }

    @Test
    void otherTemporaryFailuresRarelySuppress() {
        report("other-temporary", Verdict.SOFT);
        assertFalse(share("other-temporary", Verdict.HARD) > 0.10, "other temporary failures read as hard: " + share("other-temporary", Verdict.HARD));
    }

    @Test
    void hardBouncesWhoseMimeBoundaryIsLostAreStillReadAsHard() throws Exception {
        Path root = root();
        int broken = 0;
        int hard = 0;
        List<String> missed = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root.resolve("hard"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".eml")).sorted().toList()) {
                String text = Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1);
                java.util.regex.Matcher boundary = java.util.regex.Pattern.compile("(?i)boundary=\"?([^\";\\s]+)\"?").matcher(text);
                if (!boundary.find()) continue;
                String damaged = text.substring(0, boundary.start()) + "boundary=\"never-there\"" + text.substring(boundary.end());
                MimeMessage mail = new MimeMessage(SESSION, new java.io.ByteArrayInputStream(damaged.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
                BounceReader.Finding found = BounceReader.judge(BounceReader.read(mail), REASONS);
                broken++;
                if (found.verdict() == Verdict.HARD) hard++;
                else missed.add(root.relativize(file) + " → " + found.reason().name() + " " + found.diagnostic());
            }
        }
        System.out.println("hard bounces with a lost MIME boundary: " + hard + " of " + broken + " read as hard");
        missed.forEach(m -> System.out.println("  broken MIME missed: " + m));
        assertTrue(broken >= 100 && hard >= 0.95 * broken, hard + " of " + broken);
    }

    @Test
    void mailThatIsNoBounceIsNeverTakenForOneEvenAtTheBounceAddress() throws Exception {
        MailClassifier classifier = new MailClassifier(InboxFixtures.TOKENS, InboxFixtures.REPLY_TO);
        String delivered = "Delivered-To: " + InboxFixtures.LINKS.envelopeFrom(InboxFixtures.CUSTOMER, InboxFixtures.RUN) + "\r\n";
        List<String> taken = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root().resolve("not-a-bounce"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".eml")).sorted().toList()) {
                byte[] text = (delivered + Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1))
                        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
                Inbound read = classifier.classify(new MimeMessage(SESSION, new java.io.ByteArrayInputStream(text)), java.time.Instant.EPOCH);
                if (read instanceof Inbound.Bounce) taken.add(file.getFileName().toString());
            }
        }
        assertEquals(List.of(), taken);
    }

    private static void report(String label, Verdict expected) {
        RESULTS.get(label).forEach((verdict, samples) -> {
            if (verdict != expected) samples.forEach(s -> System.out.println("  " + label + " read as " + verdict + ": " + s));
        });
    }

    private static int total(String label) {
        return RESULTS.getOrDefault(label, Map.of()).values().stream().mapToInt(List::size).sum();
    }

    private static double share(String label, Verdict verdict) {
        return (double) RESULTS.get(label).getOrDefault(verdict, List.of()).size() / total(label);
    }

    private static Path root() throws URISyntaxException {
        return Path.of(BounceCorpusTest.class.getResource("/bounces/README.md").toURI()).getParent();
    }
}
