package rapport.club;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import rapport.customer.EmailAddresses;
import rapport.customer.Status;

/**
 * The rules of joining by oneself: what a posted join form may do, how an address is written
 * down, and who may come back by their own confirmation. No I/O and no clock: "now" is passed in.
 * Stateless.
 *
 * <p>Double opt-in: a form only ever leads to a confirmation note to the address it names; the
 * person becomes a customer when they press the button the note leads to. So that the join page
 * cannot be used to find out whether an address is known, or to flood a mailbox, every form that
 * is well filled gets the same answer, and the rules here decide quietly whether a note goes out.
 */
public final class Joining {
    /** The field people never see: only a robot fills it in. */
    public static final String HONEYPOT = "website";
    /** One confirmation note per address within this long, however often the form is sent. */
    public static final Duration ONE_NOTE_PER = Duration.ofHours(1);
    static final int MAX_FIRST_NAME = 100;
    private static final Pattern BREAKS = Pattern.compile("[\\s\\p{Cntrl}]+");

    private Joining() {}

    /**
     * What the form leads to, given what is known of its address ({@code known}: the customer's
     * status, if there is one; {@code lastSignup}: when the newest signup for it was kept) and the
     * interests on {@code offered}. Checked in this order: a filled honeypot (a robot: nothing, and
     * the same answer as a person gets), the address, the consent, then the address's standing.
     */
    public static Admission admit(JoinForm form, List<String> offered, Optional<Status> known, Optional<Instant> lastSignup,
                                  Instant now, String client, String wording) {
        if (form.honeypot() != null && !form.honeypot().isBlank()) return new Admission.Ignored("the hidden field was filled in");
        Optional<String> email = address(form.email());
        if (email.isEmpty()) return new Admission.Invalid("Please check your email address: it should look like name@example.com.");
        if (!form.consent()) return new Admission.Invalid("Please tick the box to say you would like our notes, or we cannot send any.");
        if (known.isPresent()) {
            Status status = known.get();
            if (status == Status.ACTIVE) return new Admission.Ignored("already a customer receiving notes");
            if (!mayRejoin(status)) return new Admission.Ignored("the address " + status.label() + " and is never added again");
        }
        if (lastSignup.isPresent() && lastSignup.get().isAfter(now.minus(ONE_NOTE_PER))) {
            return new Admission.Ignored("a confirmation note went to the address less than an hour ago");
        }
        return new Admission.Accepted(new SignupRequest(email.get(), firstName(form.firstName()).orElse(null),
                chosen(offered, form.interests()), new Consent(now, client, wording)));
    }

    /**
     * Whether an address with this status may become active again by its own confirmation: a new
     * one, one that unsubscribed (their own new consent) or bounced (the confirmation note itself
     * arrived) may; one that complained, or that was erased on request ({@code customers forget}:
     * the shop promised to keep it suppressed), never does.
     */
    public static boolean mayRejoin(Status status) {
        return status != Status.COMPLAINED && status != Status.FORGOTTEN;
    }

    /** When a signup asked for at {@code asked} is no longer confirmed: {@code days} later. */
    public static Instant deadline(Instant asked, int days) {
        return asked.plus(Duration.ofDays(days));
    }

    /**
     * The address as it is kept: surrounding space trimmed, the domain in lower case (it is not
     * case-sensitive; the local part may be, so it stays as typed); empty when it is no address
     * every mail server takes without quoting.
     */
    public static Optional<String> address(String typed) {
        if (typed == null) return Optional.empty();
        String email = typed.strip();
        if (!EmailAddresses.isValid(email)) return Optional.empty();
        int at = email.lastIndexOf('@');
        return Optional.of(email.substring(0, at + 1) + email.substring(at + 1).toLowerCase(Locale.ROOT));
    }

    /** The first name as kept: one line, single spaces, at most 100 characters; empty when none was given. */
    public static Optional<String> firstName(String typed) {
        if (typed == null) return Optional.empty();
        String name = BREAKS.matcher(typed).replaceAll(" ").strip();
        if (name.isEmpty()) return Optional.empty();
        if (name.codePointCount(0, name.length()) > MAX_FIRST_NAME) {
            name = name.substring(0, name.offsetByCodePoints(0, MAX_FIRST_NAME)).strip();
        }
        return Optional.of(name);
    }

    /** The chosen interests that are on offer, in the order offered; anything else is ignored. */
    public static List<String> chosen(List<String> offered, List<String> submitted) {
        Set<String> picked = new LinkedHashSet<>();
        for (String s : submitted) picked.add(s.strip().toLowerCase(Locale.ROOT));
        return offered.stream().filter(picked::contains).toList();
    }
}
