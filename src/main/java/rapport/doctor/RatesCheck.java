package rapport.doctor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

/**
 * The last 30 days' complaint and bounce rates, ending at the command's clock.
 *
 * <p>Complaints (people pressing "report spam", as the providers' feedback loops tell the
 * mailbox) are counted against the notes delivered: Gmail and Yahoo ask bulk senders to stay
 * under 0.1% and refuse mail at 0.3% and above. Hard bounces are counted against the notes
 * handed to the server: 2% is where a list starts to look neglected to receivers, and 5% is
 * where sending services such as Amazon SES put an account under review, so those are the
 * warning and the problem. When the database does not answer there is nothing to count, and
 * the database's own line already says so: no line here.
 */
final class RatesCheck implements Check {
    static final Duration WINDOW = Duration.ofDays(30);
    static final double COMPLAINTS_WARNING = 0.001;
    static final double COMPLAINTS_PROBLEM = 0.003;
    static final double BOUNCES_WARNING = 0.02;
    static final double BOUNCES_PROBLEM = 0.05;
    private final Records records;
    private final Clock clock;
    private final ZoneId zone;

    RatesCheck(Records records, Clock clock, ZoneId zone) {
        this.records = records;
        this.clock = clock;
        this.zone = zone;
    }

    @Override
    public String name() {
        return "rates";
    }

    @Override
    public List<Finding> run() {
        Instant to = clock.instant();
        Records.Schema schema;
        try {
            schema = records.schema();
        } catch (RuntimeException e) {
            return List.of();
        }
        Records.Rates rates = schema.absent() || schema.applied().isEmpty() ? new Records.Rates(0, 0, 0)
                : records.rates(to.minus(WINDOW), to);
        String period = " in the 30 days to " + LocalDate.ofInstant(to, zone);
        return List.of(complaints(rates, period), bounces(rates, period));
    }

    private static Finding complaints(Records.Rates r, String period) {
        String name = "complaints";
        if (r.delivered() == 0) return Finding.ok(name, "no notes delivered" + period);
        double rate = (double) r.complaints() / r.delivered();
        String detail = count(r.complaints(), "complaint") + " in " + count(r.delivered(), "note") + " delivered" + period + " (" + percent(rate) + ")";
        String fix = "send fewer notes to people who do not open them (slower cadences, dormant check-ins) and keep the unsubscribe"
                + " link plain to see";
        if (rate >= COMPLAINTS_PROBLEM) {
            return Finding.problem(name, detail + ": at 0.3% Gmail and Yahoo start refusing your mail", fix);
        }
        if (rate >= COMPLAINTS_WARNING) return Finding.warning(name, detail + ": above the 0.1% Gmail and Yahoo advise", fix);
        return Finding.ok(name, detail);
    }

    private static Finding bounces(Records.Rates r, String period) {
        String name = "bounces";
        if (r.handed() == 0) return Finding.ok(name, "no notes sent" + period);
        double rate = (double) r.hardBounces() / r.handed();
        String detail = count(r.hardBounces(), "hard bounce") + " in " + count(r.handed(), "note") + " sent" + period + " (" + percent(rate) + ")";
        String fix = "import only addresses that signed up recently and confirmed; bounced ones are already never mailed again";
        if (rate >= BOUNCES_PROBLEM) return Finding.problem(name, detail + ": receivers take a list this stale for a spammer's", fix);
        if (rate >= BOUNCES_WARNING) return Finding.warning(name, detail + ": above 2%, where receivers start to notice", fix);
        return Finding.ok(name, detail);
    }

    private static String count(long n, String thing) {
        return n + " " + thing + (n == 1 ? "" : "s");
    }

    private static String percent(double rate) {
        return String.format(Locale.ROOT, "%.2f%%", rate * 100);
    }
}
