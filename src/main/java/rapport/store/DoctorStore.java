package rapport.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import org.h2.api.ErrorCode;
import rapport.config.RapportConfig;
import rapport.doctor.Records;

/**
 * What {@code rapport doctor} reads from the database, on one plain connection of its own rather
 * than the pool every other command opens: opening the pool migrates the schema (the doctor only
 * reports how far it is), creates an embedded file that is not there yet, and keeps retrying an
 * unreachable server for seconds. Connecting waits a bounded time. The connection is made on
 * first use, and a failure to make it is remembered and reported the same way to every caller.
 * Not thread-safe: one per doctor run; close it at the end.
 */
public final class DoctorStore implements Records, AutoCloseable {
    private static final Sql SQL = Sql.load("/rapport/store/doctor.sql");
    private static final Sql DATABASE = Sql.load("/rapport/store/database.sql");
    private static final String WAIT_SECONDS = "5";

    private final RapportConfig.Database settings;
    private Connection connection;
    private Schema schema;
    private StoreException failure;

    public DoctorStore(RapportConfig.Database settings) {
        this.settings = settings;
    }

    @Override
    public Schema schema() {
        if (failure != null) throw failure;
        if (schema != null) return schema;
        try {
            schema = read();
            return schema;
        } catch (SQLException e) {
            failure = new StoreException(Database.rootMessage(e), e);
            throw failure;
        }
    }

    private Schema read() throws SQLException {
        int latest = Integer.parseInt(Database.LATEST_MIGRATION);
        try {
            connection = connect();
        } catch (SQLException e) {
            if (e.getErrorCode() == ErrorCode.DATABASE_NOT_FOUND_WITH_IF_EXISTS_1) return new Schema(true, Optional.empty(), latest, false);
            throw e;
        }
        try (PreparedStatement st = connection.prepareStatement(DATABASE.get("has-schema-history"));
             ResultSet rs = st.executeQuery()) {
            if (!rs.next() || rs.getInt(1) == 0) return new Schema(false, Optional.empty(), latest, false);
        }
        Optional<Integer> applied = Optional.empty();
        boolean failed = false;
        try (PreparedStatement st = connection.prepareStatement(SQL.get("migrations"));
             ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                if (!rs.getBoolean(2)) {
                    failed = true;
                    continue;
                }
                int version = major(rs.getString(1));
                if (applied.isEmpty() || version > applied.get()) applied = Optional.of(version);
            }
        }
        return new Schema(false, applied, latest, failed);
    }

    /** The leading number of a Flyway version, {@code 13} or {@code 13.1}. */
    private static int major(String version) {
        int dot = version.indexOf('.');
        return Integer.parseInt(dot < 0 ? version : version.substring(0, dot));
    }

    /**
     * The database as every command opens it, except that an embedded file that is not there
     * stays not there ({@code IFEXISTS}), and a server gets bounded waits.
     */
    private Connection connect() throws SQLException {
        String url = Database.durable(settings.url());
        if (embeddedFile()) url += ";IFEXISTS=TRUE";
        Properties p = new Properties();
        p.setProperty("user", settings.username());
        p.setProperty("password", settings.password());
        if (settings.url().startsWith("jdbc:postgresql:")) {
            p.setProperty("connectTimeout", WAIT_SECONDS);
            p.setProperty("loginTimeout", WAIT_SECONDS);
            p.setProperty("socketTimeout", "30");
        }
        return DriverManager.getConnection(url, p);
    }

    @Override
    public Rates rates(Instant from, Instant to) {
        schema();
        try {
            long handed;
            long bounced;
            try (PreparedStatement st = connection.prepareStatement(SQL.get("notes-in-period"))) {
                Jdbc.bind(st, from, to);
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    handed = rs.getLong(1);
                    bounced = rs.getLong(2);
                }
            }
            try (PreparedStatement st = connection.prepareStatement(SQL.get("complaints-in-period"))) {
                Jdbc.bind(st, from, to);
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    return new Rates(handed, bounced, rs.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot count the last notes' complaints and bounces: " + Database.rootMessage(e), e);
        }
    }

    private boolean embeddedFile() {
        return settings.url().startsWith("jdbc:h2:file:");
    }

    /**
     * Closes the connection; an embedded file that only this run had open is shut the way every
     * command shuts it ({@link Database#close()} says why), not in H2's own orderly way.
     */
    @Override
    public void close() {
        if (connection == null) return;
        try (Connection c = connection) {
            if (embeddedFile() && alone(c)) {
                try (var st = c.createStatement()) {
                    st.execute(DATABASE.get("shutdown-immediately"));
                }
            }
        } catch (SQLException e) {
            // shut already, or by the statement above: nothing left to do
        }
    }

    private static boolean alone(Connection c) throws SQLException {
        try (var st = c.createStatement(); var rs = st.executeQuery(DATABASE.get("sessions"))) {
            return rs.next() && rs.getInt(1) <= 1;
        }
    }
}
