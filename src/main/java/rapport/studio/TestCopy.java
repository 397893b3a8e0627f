package rapport.studio;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import rapport.render.Note;

/**
 * The note a marketer sends to themself from the studio: the customer's note word for word,
 * {@code [TEST] } before its subject, addressed to the marketer. Everything in its headers that
 * would trace back to the customer is replaced by the shop's plain reply address: a reply, a
 * bounce or a one-click unsubscribe of the test copy must never count as the customer's. Its
 * body comes from {@link Desk#testDraft} or {@link Desk#testRender}, whose links count nothing
 * either. Stateless.
 */
final class TestCopy {
    static final String PREFIX = "[TEST] ";
    private static final SecureRandom RANDOM = new SecureRandom();

    private TestCopy() {}

    static Note of(Note note, String to, String replyAddress) {
        byte[] id = new byte[12];
        RANDOM.nextBytes(id);
        String domain = replyAddress.substring(replyAddress.lastIndexOf('@') + 1);
        return new Note(note.customerId(), note.run(), note.piece(), note.kind(), to, "", PREFIX + note.subject(),
                note.text(), note.html(), "<rapport.studio-test." + HexFormat.of().formatHex(id) + "@" + domain + ">",
                replyAddress, replyAddress, List.of("<mailto:" + replyAddress + "?subject=unsubscribe>"));
    }
}
