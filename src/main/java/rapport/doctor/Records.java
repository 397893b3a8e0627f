package rapport.doctor;

import java.time.Instant;
import java.util.Optional;

/**
 * What {@code rapport doctor} reads from the database, implemented by the store: whether it
 * answers and how far its schema is, and what the notes of a period met. Reading never changes
 * anything: no schema is created or migrated, no file is made. Implementations serve one doctor
 * run, from one thread.
 */
public interface Records {
    /**
     * The schema's state.
     *
     * @throws RuntimeException when the database cannot be reached, with the reason
     */
    Schema schema();

    /** The notes of the runs in {@code [from, to)}, their hard bounces, and the complaints that arrived then. */
    Rates rates(Instant from, Instant to);

    /**
     * How far the schema is: {@code absent} when there is no database yet (an embedded file the
     * first command will make), else the newest migration applied ({@code applied}, empty for an
     * empty database), the one this Rapport brings ({@code latest}), and whether a migration
     * failed half-way.
     */
    record Schema(boolean absent, Optional<Integer> applied, int latest, boolean failedMigration) {}

    /**
     * What notes met: {@code handed} notes the server took or refused for good, of them
     * {@code hardBounces} bounced for good (at the server's door or by a later DSN), and
     * {@code complaints} people reported as spam.
     */
    record Rates(long handed, long hardBounces, long complaints) {
        public long delivered() {
            return handed - hardBounces;
        }
    }
}
