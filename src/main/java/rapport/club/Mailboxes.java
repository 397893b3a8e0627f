package rapport.club;

import java.util.Locale;
import java.util.Optional;

/**
 * When two addresses reach the same person's mailbox: the same address in other capitals, a
 * plus-alias ({@code ana+club@example.com} is {@code ana@example.com}), or a Gmail address
 * written with other dots ({@code a.na@gmail.com} is {@code ana@gmail.com}, and
 * {@code googlemail.com} is {@code gmail.com}). Stateless.
 */
public final class Mailboxes {
    private Mailboxes() {}

    /**
     * Why {@code friend} is {@code inviter}'s own mailbox, in words for the owner, or empty when
     * it is someone else's.
     */
    public static Optional<String> sameAs(String inviter, String friend) {
        if (inviter == null || friend == null) return Optional.empty();
        if (inviter.equalsIgnoreCase(friend)) return Optional.of("the inviter's own address");
        if (!mailbox(inviter).equals(mailbox(friend))) return Optional.empty();
        boolean plus = local(friend).contains("+") || local(inviter).contains("+");
        return Optional.of(plus ? "a plus-alias of the inviter's own address (" + inviter + ")"
                : "the inviter's own Gmail address written another way (" + inviter + ")");
    }

    /** The mailbox an address delivers to, as far as its form tells. */
    static String mailbox(String email) {
        String lower = email.strip().toLowerCase(Locale.ROOT);
        int at = lower.lastIndexOf('@');
        String local = lower.substring(0, at);
        String domain = lower.substring(at + 1);
        int plus = local.indexOf('+');
        if (plus > 0) local = local.substring(0, plus);
        if (domain.equals("googlemail.com")) domain = "gmail.com";
        if (domain.equals("gmail.com")) local = local.replace(".", "");
        return local + "@" + domain;
    }

    private static String local(String email) {
        return email.substring(0, email.lastIndexOf('@'));
    }
}
