package rapport.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import rapport.club.Confirmation;
import rapport.club.Consent;
import rapport.club.Inviter;
import rapport.club.Joining;
import rapport.club.PendingSignup;
import rapport.club.SignupRequest;
import rapport.club.Signups;
import rapport.customer.Status;

/**
 * Signups waiting for their confirmation, and the one transaction that turns a confirmed signup
 * into an active customer with its {@code signup} event. Thread-safe: every call borrows its own
 * connection.
 */
public final class SignupStore implements Signups {
    private static final Sql SQL = Sql.load("/rapport/store/signups.sql");

    private final Database db;

    public SignupStore(Database db) {
        this.db = db;
    }

    @Override
    public Optional<Status> statusOf(String emailKey) {
        return query("look up an address", "status", st -> st.setString(1, emailKey),
                rs -> Status.fromLabel(rs.getString(1)));
    }

    @Override
    public Optional<Inviter> inviter(long customerId) {
        return query("look up an inviter", "inviter", st -> st.setLong(1, customerId),
                rs -> new Inviter(rs.getLong(1), rs.getString(2)));
    }

    @Override
    public Optional<Instant> lastSignupAt(String emailKey) {
        return query("look up a signup", "last-signup", st -> st.setString(1, emailKey), rs -> Jdbc.instant(rs, "last_at"));
    }

    @Override
    public PendingSignup add(SignupRequest r) {
        return Jdbc.transactionWithOutcome(db, "keep a signup", c -> {
            try (PreparedStatement st = c.prepareStatement(SQL.get("insert"), Statement.RETURN_GENERATED_KEYS)) {
                st.setString(1, r.emailKey());
                st.setString(2, r.email());
                Jdbc.setText(st, 3, r.firstName());
                Jdbc.setText(st, 4, String.join(";", r.interests()));
                Jdbc.setText(st, 5, r.consent().client());
                st.setString(6, r.consent().wording());
                Jdbc.setInstant(st, 7, r.consent().at());
                if (r.referredBy() == null) st.setNull(8, java.sql.Types.BIGINT);
                else st.setLong(8, r.referredBy());
                st.executeUpdate();
                try (ResultSet keys = st.getGeneratedKeys()) {
                    keys.next();
                    return new PendingSignup(keys.getLong(1), r.email(), r.firstName(), r.interests(), r.consent(), null,
                            r.referredBy());
                }
            }
        });
    }

    @Override
    public int dropUnconfirmed(Instant before) {
        return Jdbc.transactionWithOutcome(db, "drop unconfirmed signups", c -> {
            try (PreparedStatement st = c.prepareStatement(SQL.get("drop-unconfirmed"))) {
                Jdbc.setInstant(st, 1, before);
                return st.executeUpdate();
            }
        });
    }

    @Override
    public Optional<PendingSignup> find(long id) {
        return query("find a signup", "find", st -> st.setLong(1, id), SignupStore::signup);
    }

    @Override
    public Confirmation confirm(long id, Instant now, Instant notBefore, String firstStage, LocalDate today) {
        return Jdbc.transactionWithOutcome(db, "confirm a signup", c -> {
            PendingSignup signup;
            String key;
            try (PreparedStatement st = c.prepareStatement(SQL.get("lock-signup"))) {
                st.setLong(1, id);
                try (ResultSet rs = st.executeQuery()) {
                    if (!rs.next()) return new Confirmation.Expired();
                    signup = signup(rs);
                    key = rs.getString("email_key");
                }
            }
            if (signup.confirmedAt() != null) return new Confirmation.AlreadyConfirmed(signup.email());
            if (signup.createdAt().isBefore(notBefore)) return new Confirmation.Expired();
            Long customer = null;
            Status status = null;
            try (PreparedStatement st = c.prepareStatement(SQL.get("lock-customer"))) {
                st.setString(1, key);
                try (ResultSet rs = st.executeQuery()) {
                    if (rs.next()) {
                        customer = rs.getLong(1);
                        status = Status.fromLabel(rs.getString(2));
                    }
                }
            }
            if (status != null && !Joining.mayRejoin(status)) return new Confirmation.Refused(signup.email());
            String interests = String.join(";", signup.interests());
            if (customer == null) {
                customer = addCustomer(c, key, signup, interests, firstStage, today, now);
            } else if (status != Status.ACTIVE) {
                update(c, "welcome-back", signup.email(), signup.firstName(), interests, now, customer);
            }
            update(c, "mark-confirmed", now, id);
            update(c, "signup-event", customer, now, signup.consent().detail(now));
            if (signup.referredBy() != null) invited(c, signup, customer, status, now);
            return new Confirmation.Joined(customer, signup.email(), status != null && status != Status.ACTIVE);
        });
    }

    /**
     * The friend came through an invitation: who brought them goes on their record, and a
     * referral waits for the stage pass to count it once they have stayed long enough. An
     * invitation from someone erased since brings nobody.
     */
    private static void invited(Connection c, PendingSignup signup, long friend, Status prior, Instant now) throws SQLException {
        String name;
        try (PreparedStatement st = c.prepareStatement(SQL.get("inviter"))) {
            st.setLong(1, signup.referredBy());
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) return;
                name = rs.getString(2);
            }
        }
        long inviter = signup.referredBy();
        if (inviter != friend) update(c, "invited", inviter, name, friend);
        update(c, "referral", inviter, friend, signup.id(), prior == null ? null : prior.label(), now);
    }

    private static long addCustomer(Connection c, String key, PendingSignup s, String interests, String stage, LocalDate today,
                                    Instant now) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(SQL.get("add-customer"), Statement.RETURN_GENERATED_KEYS)) {
            st.setString(1, key);
            st.setString(2, s.email());
            Jdbc.setText(st, 3, s.firstName());
            st.setString(4, stage);
            Jdbc.setDate(st, 5, today);
            Jdbc.setText(st, 6, interests);
            Jdbc.setInstant(st, 7, now);
            Jdbc.setInstant(st, 8, now);
            st.executeUpdate();
            try (ResultSet keys = st.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    private static void update(Connection c, String name, Object... params) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(SQL.get(name))) {
            Jdbc.bind(st, params);
            st.executeUpdate();
        }
    }

    private static PendingSignup signup(ResultSet rs) throws SQLException {
        String interests = rs.getString("interests");
        Consent consent = new Consent(Jdbc.instant(rs, "created_at"), rs.getString("client_address"), rs.getString("consent"));
        long inviter = rs.getLong("referred_by");
        Long referredBy = rs.wasNull() ? null : inviter;
        return new PendingSignup(rs.getLong("id"), rs.getString("email"), rs.getString("first_name"),
                interests == null || interests.isEmpty() ? List.of() : Arrays.asList(interests.split(";")), consent,
                Jdbc.instant(rs, "confirmed_at"), referredBy);
    }

    private interface Binder {
        void bind(PreparedStatement st) throws SQLException;
    }

    private interface Reader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> Optional<T> query(String what, String name, Binder binder, Reader<T> reader) {
        try (Connection c = db.connection(); PreparedStatement st = c.prepareStatement(SQL.get(name))) {
            binder.bind(st);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.ofNullable(reader.read(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw CustomerStore.fault(what, e);
        }
    }
}
