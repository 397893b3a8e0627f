package rapport.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {
    @TempDir Path dir;

    @Test
    void theUpToDateCheckKnowsTheNewestMigration() throws IOException, URISyntaxException {
        Path folder = Path.of(Database.class.getResource("/rapport/store/migration").toURI());
        try (Stream<Path> files = Files.list(folder)) {
            int newest = files.map(p -> p.getFileName().toString())
                    .map(n -> Integer.parseInt(n.substring(1, n.indexOf("__"))))
                    .max(Integer::compare).orElseThrow();
            assertEquals(String.valueOf(newest), Database.LATEST_MIGRATION);
        }
    }

    @Test
    void reopeningAMigratedDatabaseKeepsItsData() {
        try (TestDatabases.TestDb db = TestDatabases.open(TestDatabases.Kind.H2, dir)) {
            new CustomerStore(db.database(), java.time.Clock.systemUTC()).insert(java.util.List.of(
                    new rapport.customer.ImportedCustomer(2, rapport.customer.EmailAddresses.key("a@example.com"),
                            "a@example.com", null, null, null, null, null, null, null)), "new", java.time.LocalDate.now());
        }
        try (TestDatabases.TestDb db = TestDatabases.open(TestDatabases.Kind.H2, dir)) {
            assertEquals(true, new CustomerStore(db.database(), java.time.Clock.systemUTC()).findByEmail("a@example.com").isPresent());
        }
    }
}
