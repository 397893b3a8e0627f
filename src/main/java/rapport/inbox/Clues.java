package rapport.inbox;

import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeUtility;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import rapport.feedback.MessageRef;
import rapport.tokens.Tokens;

/**
 * Finds the tokens and Message-IDs that tie a mail to a note: tagged addresses
 * ({@code replies+TOKEN@domain}) in header values, and ids shaped like ours. Header values are
 * scanned as text rather than parsed as addresses, because a bounce or a mangled reply often
 * carries addresses no strict parser accepts. Only tokens that verify for the wanted purpose
 * count. Thread-safe.
 */
final class Clues {
    /** Our Message-IDs: {@code <rapport.RUN.CUSTOMER@domain>}; any domain, since reply_to may have changed since. */
    private static final Pattern OUR_ID = Pattern.compile("<rapport\\.[0-9a-z]{1,24}\\.[0-9a-z]{1,13}@[^<>\\s@]+>",
            Pattern.CASE_INSENSITIVE);

    private final Tokens tokens;
    private final Pattern tagged;

    Clues(Tokens tokens, String replyToAddress) {
        int at = replyToAddress.lastIndexOf('@');
        if (at <= 0 || at == replyToAddress.length() - 1) {
            throw new IllegalArgumentException("the reply-to address must look like local@domain: " + replyToAddress);
        }
        this.tokens = tokens;
        // Local parts are compared without case: some servers upper-case or re-case addresses.
        this.tagged = Pattern.compile(Pattern.quote(replyToAddress.substring(0, at)) + "\\+([0-9a-z.]{1,80})@"
                + Pattern.quote(replyToAddress.substring(at + 1)), Pattern.CASE_INSENSITIVE);
    }

    /** The first token in these texts that verifies for one of the purposes, tried in order. */
    Optional<MessageRef> token(List<String> texts, Tokens.Purpose... purposes) {
        for (String text : texts) {
            if (text == null) continue;
            Matcher m = tagged.matcher(text);
            while (m.find()) {
                String candidate = m.group(1).toLowerCase(Locale.ROOT);
                for (Tokens.Purpose purpose : purposes) {
                    Optional<Tokens.Subject> subject = tokens.verify(purpose, candidate);
                    if (subject.isPresent()) return Optional.of(new MessageRef(subject.get().customerId(), subject.get().run()));
                }
            }
        }
        return Optional.empty();
    }

    /** Whether any of these texts names a tagged address carrying a token that verifies for {@code purpose}. */
    boolean has(List<String> texts, Tokens.Purpose purpose) {
        return token(texts, purpose).isPresent();
    }

    /** Our Message-IDs in these texts, in order of appearance, without repeats. */
    static List<String> messageIds(List<String> texts) {
        Set<String> ids = new LinkedHashSet<>();
        for (String text : texts) {
            if (text == null) continue;
            Matcher m = OUR_ID.matcher(text);
            while (m.find()) ids.add(m.group());
        }
        return List.copyOf(ids);
    }

    /** Every value of these headers of a part, unfolded; missing headers give nothing. */
    static List<String> headers(Part part, String... names) throws MessagingException {
        List<String> values = new ArrayList<>();
        for (String name : names) {
            String[] found = part.getHeader(name);
            if (found != null) for (String v : found) values.add(MimeUtility.unfold(v));
        }
        return values;
    }

    /** As {@link #headers(Part, String...)} for header blocks that are not parts (DSN and ARF fields). */
    static List<String> headers(InternetHeaders block, String... names) {
        List<String> values = new ArrayList<>();
        for (String name : names) {
            String[] found = block.getHeader(name);
            if (found != null) for (String v : found) values.add(MimeUtility.unfold(v));
        }
        return values;
    }

    /** The headers where the address a mail was delivered to shows. */
    static final String[] RECIPIENT_HEADERS = {"To", "Cc", "Delivered-To", "X-Original-To", "Envelope-To", "X-Envelope-To"};

    /** The headers in which a mail refers to earlier ones. */
    static final String[] THREAD_HEADERS = {"In-Reply-To", "References"};

    static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
