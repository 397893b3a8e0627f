package rapport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rapport.content.Kind;

/** {@code rapport init}: a workspace that imports, previews, sends and lints clean with no edit. */
class InitCommandTest {
    @TempDir Path dir;

    @Test
    void aNewWorkspaceImportsPreviewsAndSendsWithNoEdit() throws Exception {
        Path ws = dir.resolve("corner-books");
        CliRun.Result init = CliRun.run(null, "init", ws.toString(), "--name", "Sam at Corner Books", "--address", "hello@cornerbooks.example");
        assertEquals(0, init.exit(), init.err());
        assertTrue(init.out().contains("rapport import samples/customers.csv"), init.out());
        String config = Files.readString(ws.resolve("config/rapport.yaml"), StandardCharsets.UTF_8);
        assertTrue(config.contains("name: \"Sam at Corner Books\""), config);
        assertTrue(config.contains("[your shop's street address, town and postcode]"), config);

        CliRun.Result lint = CliRun.run(ws, "templates", "lint");
        assertEquals(0, lint.exit(), lint.out() + lint.err());
        assertTrue(lint.out().contains("0 errors, 0 warnings"), lint.out());

        CliRun.Result imported = CliRun.run(ws, "import", ws.resolve("samples/customers.csv").toString());
        assertEquals(0, imported.exit(), imported.err());
        assertTrue(imported.out().contains("rejected 0"), imported.out());

        CliRun.Result preview = CliRun.run(ws, "preview", "alex.morgan@example.com", "--as-of", "2026-12-01");
        assertEquals(0, preview.exit(), preview.err());
        assertTrue(preview.out().contains("Chosen: welcome"), preview.out());
        assertTrue(preview.out().contains("Hi Alex,"), preview.out());
        assertTrue(preview.out().contains("— Sam at Corner Books"), preview.out());

        JsonNode sent = Json.MAPPER.readTree(CliRun.run(ws, "send", "--as-of", "2026-12-01", "--json").out());
        assertEquals(0, sent.get("failed").asInt());
        assertTrue(sent.get("sent").asInt() > 0, sent.toString());
        try (Stream<Path> outbox = Files.list(ws.resolve("outbox"))) {
            List<Path> notes = outbox.toList();
            assertEquals(sent.get("sent").asInt(), notes.size());
            String one = Files.readString(notes.get(0), StandardCharsets.UTF_8);
            assertTrue(one.contains("From: Sam at Corner Books <hello@cornerbooks.example>"), one);
        }
    }

    @Test
    void theStarterPiecesCoverEveryStageAndEveryKind() {
        Path ws = dir.resolve("shop");
        assertEquals(0, CliRun.run(null, "init", ws.toString(), "--name", "Sam", "--address", "sam@shop.example").exit());
        String list = CliRun.run(ws, "templates", "list").out();
        for (String stage : List.of("new", "acquaintance", "friend", "partner", "dormant")) {
            assertTrue(list.contains(stage), stage + "\n" + list);
        }
        for (Kind kind : Kind.values()) {
            assertTrue(list.contains(kind.label()), kind + "\n" + list);
        }
        // A customer silent for months gets the check-in written for them.
        CliRun.run(ws, "import", ws.resolve("samples/customers.csv").toString());
        CliRun.Result quiet = CliRun.run(ws, "preview", "tom.walsh@example.net", "--as-of", "2026-12-01");
        assertTrue(quiet.out().contains("Chosen: still-here"), quiet.out());
    }

    @Test
    void aFolderWithFilesIsRefusedAndAnEmptyOneIsUsed() throws Exception {
        Path full = Files.createDirectories(dir.resolve("full"));
        Files.writeString(full.resolve("notes.txt"), "mine");
        CliRun.Result refused = CliRun.run(null, "init", full.toString(), "--name", "Sam", "--address", "sam@shop.example");
        assertEquals(2, refused.exit());
        assertTrue(refused.err().contains("is not empty"), refused.err());
        assertEquals(List.of(full.resolve("notes.txt")), Files.list(full).toList());

        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertEquals(0, CliRun.run(null, "init", empty.toString(), "--name", "Sam", "--address", "sam@shop.example").exit());
        assertTrue(Files.exists(empty.resolve("templates/welcome.ftlh")));
    }

    @Test
    void withoutATerminalAMissingNameOrABadAddressIsAUsageError() {
        CliRun.Result noName = CliRun.run(null, "init", dir.resolve("a").toString(), "--address", "sam@shop.example");
        assertEquals(2, noName.exit());
        assertTrue(noName.err().contains("init needs --name"), noName.err());
        assertFalse(Files.exists(dir.resolve("a/config")));

        CliRun.Result badAddress = CliRun.run(null, "init", dir.resolve("b").toString(), "--name", "Sam", "--address", "sam at shop");
        assertEquals(2, badAddress.exit());
        assertTrue(badAddress.err().contains("sender.address"), badAddress.err());
        assertFalse(Files.exists(dir.resolve("b/config")));
    }

    @Test
    void aFolderWithoutConfigurationSaysHowToMakeAWorkspace() {
        for (String[] command : List.of(new String[] {"customers", "list"}, new String[] {"send"}, new String[] {"preview", "a@b.example"})) {
            CliRun.Result r = CliRun.run(dir, command);
            assertEquals(2, r.exit(), String.join(" ", command));
            assertTrue(r.err().contains("no config/rapport.yaml here (" + dir.toAbsolutePath() + "): make a workspace with `rapport init DIR`"),
                    r.err());
        }
    }
}
