package rapport.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import rapport.customer.EmailAddresses;
import rapport.customer.ImportedCustomer;

/**
 * The report's days fall on the calendar of the shop's time zone, alike on H2 and PostgreSQL,
 * whether the zone is a region or a fixed offset from UTC.
 */
class ReportStoreTest {
    private static final String EMAIL = "zoe@example.com";
    private static final Instant SINCE = Instant.parse("2026-11-01T00:00:00Z");
    /** Half past eleven at night in UTC, half past one the next morning in Athens (two hours east in winter). */
    private static final String LATE = "2026-11-30T23:30:00Z";

    @TempDir Path dir;

    @ParameterizedTest
    @MethodSource("rapport.store.TestDatabases#kinds")
    void aLateEveningInUtcIsTheNextMorningInAthens(TestDatabases.Kind kind) throws SQLException {
        try (TestDatabases.TestDb test = TestDatabases.open(kind, dir)) {
            Database db = test.database();
            CustomerStore customers = new CustomerStore(db, Clock.fixed(SINCE, ZoneOffset.UTC));
            customers.insert(List.of(new ImportedCustomer(2, EmailAddresses.key(EMAIL), EMAIL, "Zoë", null, null, null, null, null, null)),
                    "new", LocalDate.parse("2026-11-01"));
            long customer = customers.findByEmail(EMAIL).orElseThrow().id();
            try (Connection c = db.connection()) {
                insert(c, "insert into events (customer_id, type, at, detail) values (?, 'referral', ?, 'Ana counted')", customer, LATE);
                insert(c, "insert into events (customer_id, type, at, detail) values (?, 'referral', ?, 'too early')", customer,
                        "2026-10-31T12:00:00Z");
                insert(c, "insert into signups (email_key, email, consent, created_at, confirmed_at) values ('k', 'a@example.com', 'yes', ?, ?)",
                        LATE, LATE);
                insert(c, "insert into rewards (customer_id, at, state, created_at) values (?, 1, 'waiting', ?)", customer, LATE);
            }
            ReportStore store = new ReportStore(db);
            for (ZoneId athens : List.of(ZoneId.of("Europe/Athens"), ZoneOffset.ofHours(2))) {
                assertEquals(Set.of("2026-12-01 referral"), days(store.days(SINCE, athens)), athens.toString());
                assertEquals(Set.of("2026-12-01 signup-asked", "2026-12-01 signup-confirmed", "2026-12-01 reward-earned"),
                        days(store.club(SINCE, athens)), athens.toString());
            }
            assertEquals(Set.of("2026-11-30 referral"), days(store.days(SINCE, ZoneOffset.UTC)));
            assertEquals(Set.of("2026-11-30 referral"), days(store.days(SINCE, ZoneOffset.ofHours(-5))), "five hours west");
        }
    }

    @Test
    void aFixedOffsetOfPartOfAnHourIsRefusedWithTheSettingToChange() {
        StoreException e = assertThrows(StoreException.class, () -> ReportStore.zoneName(ZoneOffset.ofHoursMinutes(5, 30)));
        assertEquals("the report reads days by schedule.time_zone, which must be a region (such as Asia/Kolkata) or whole "
                + "hours from UTC, not +05:30", e.getMessage());
    }

    private static Set<String> days(List<ReportStore.Day> days) {
        return days.stream().map(d -> d.day() + " " + d.type() + (d.count() == 1 ? "" : " x" + d.count())).collect(Collectors.toSet());
    }

    private static void insert(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            Object[] bound = new Object[params.length];
            for (int i = 0; i < params.length; i++) bound[i] = params[i] instanceof String s ? Instant.parse(s) : params[i];
            Jdbc.bind(st, bound);
            st.executeUpdate();
        }
    }
}
