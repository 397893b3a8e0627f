package rapport.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rapport.config.RapportConfig;

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

    @Test
    void anH2FileGetsASmallPageCacheUnlessItsUrlSetsOne() throws SQLException {
        String url = "jdbc:h2:file:" + dir.resolve("rapport").toAbsolutePath();
        try (Database db = Database.open(new RapportConfig.Database(url, "sa", ""), 2)) {
            assertEquals(4, cacheMegabytes(db));
        }
        try (Database db = Database.open(new RapportConfig.Database(url + ";CACHE_SIZE=32768", "sa", ""), 2)) {
            assertEquals(32, cacheMegabytes(db), "the operator's own setting wins");
        }
    }

    private static int cacheMegabytes(Database db) throws SQLException {
        try (Connection c = db.connection();
             ResultSet rs = c.createStatement().executeQuery(
                     "select setting_value from information_schema.settings where setting_name = 'info.CACHE_MAX_SIZE'")) {
            rs.next();
            return Integer.parseInt(rs.getString(1));
        }
    }

    @Test
    void aThreadInterruptedWhileWritingLeavesTheDatabaseOpen() throws Exception {
        try (TestDatabases.TestDb db = TestDatabases.open(TestDatabases.Kind.H2, dir)) {
            DataSource pool = db.database().dataSource();
            try (Connection c = pool.getConnection()) {
                c.createStatement().execute("create table notes (n int)");
            }
            // As Quartz does to its own thread when serve stops: interrupts while H2 commits.
            AtomicInteger written = new AtomicInteger();
            Thread writer = new Thread(() -> {
                try (Connection c = pool.getConnection(); PreparedStatement insert = c.prepareStatement("insert into notes values (?)")) {
                    for (int i = 0; i < 2_000; i++) {
                        Thread.interrupted();
                        insert.setInt(1, i);
                        insert.executeUpdate();
                        written.incrementAndGet();
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            writer.start();
            while (writer.isAlive()) {
                writer.interrupt();
                Thread.sleep(1);
            }
            try (Connection c = pool.getConnection(); ResultSet rs = c.createStatement().executeQuery("select count(*) from notes")) {
                rs.next();
                assertEquals(2_000, written.get());
                assertEquals(2_000, rs.getInt(1));
            }
        }
    }

    @Test
    void closingLeavesTheDatabaseOfAnH2ServerRunning() throws Exception {
        org.h2.tools.Server server = org.h2.tools.Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
        try {
            // Kept in the server's memory for as long as the server runs, unless someone shuts it down.
            String url = "jdbc:h2:tcp://127.0.0.1:" + server.getPort() + "/mem:shared;DB_CLOSE_DELAY=-1";
            RapportConfig.Database settings = new RapportConfig.Database(url, "sa", "");
            try (Database db = Database.open(settings, 2)) {
                assertEquals(true, db.answers());
            }
            try (Connection c = java.sql.DriverManager.getConnection(url, "sa", "");
                 ResultSet rs = c.createStatement().executeQuery("select count(*) from customers")) {
                assertEquals(true, rs.next(), "the schema is still there: the server's database was not shut down");
            }
        } finally {
            server.stop();
        }
    }
}
