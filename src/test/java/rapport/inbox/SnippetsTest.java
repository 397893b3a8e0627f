package rapport.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import org.eclipse.angus.mail.dsn.MultipartReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What `rapport replies` shows of a reply: the person's new words, nothing quoted, nothing signed. */
class SnippetsTest {

    @ParameterizedTest
    @ValueSource(strings = {"reply-gmail.eml", "reply-outlook.eml", "reply-apple-mail.eml"})
    void theHtmlPartAloneGivesTheSameSnippetAsThePlainText(String fixture) throws Exception {
        Multipart alternative = (Multipart) InboxFixtures.load(fixture).getContent();
        String plain = null;
        String html = null;
        for (int i = 0; i < alternative.getCount(); i++) {
            BodyPart part = alternative.getBodyPart(i);
            if (part.isMimeType("text/plain")) plain = (String) part.getContent();
            if (part.isMimeType("text/html")) html = (String) part.getContent();
        }
        assertEquals(Snippets.fromText(plain), Snippets.fromHtml(html));
    }

    @Test
    void thunderbirdsAttributionAndQuoteAreCut() {
        String text = """
                Lovely, thank you.

                On 24/11/2026 15:00, Pano at Kosmima wrote:
                > Hi Dana,
                > A soft cloth
                """;
        assertEquals("Lovely, thank you.", Snippets.fromText(text));
    }

    @Test
    void outlookOnTheWebHtmlWithoutPlainTextLosesItsReplyHeaderAndEverythingAfter() {
        String html = """
                <html><body><div dir="ltr">Could I order the engraving as a gift?</div>
                <div id="appendonsend"></div><hr style="display:inline-block;width:98%">
                <div id="divRplyFwdMsg" dir="ltr"><b>From:</b> Pano at Kosmima<br><b>Sent:</b> Tuesday</div>
                <div><p>Hi Eve, a soft cloth ...</p></div></body></html>
                """;
        assertEquals("Could I order the engraving as a gift?", Snippets.fromHtml(html));
    }

    @Test
    void interleavedQuotesAreDroppedAndTheAnswersKept() {
        String text = """
                > Do you also clean pearls?
                Yes, every Thursday.
                > And the price?
                Free for members.
                """;
        assertEquals("Yes, every Thursday. Free for members.", Snippets.fromText(text));
    }

    @Test
    void aLongReplyIsCutOnAWordBoundaryWithAnEllipsis() {
        String snippet = Snippets.fromText("word ".repeat(200));
        assertTrue(snippet.length() <= Snippets.MAX_LENGTH, "length " + snippet.length());
        assertTrue(snippet.endsWith("word…"), snippet);
    }

    @Test
    void aSentenceStartingWithOnIsNotTakenForAnAttribution() {
        assertEquals("On Saturday I will come by the shop. See you!", Snippets.fromText("On Saturday I will come by the shop.\nSee you!\n"));
    }

    @Test
    void theDsnContentHandlersAreRegisteredSoReportsParseAsMultipartReport() throws Exception {
        assertInstanceOf(MultipartReport.class, InboxFixtures.load("bounce-gmail.eml").getContent());
    }

    @Test
    void aCharsetJavaDoesNotKnowStillGivesASnippet() throws Exception {
        String text = InboxFixtures.text("reply-outlook-original-message.eml", InboxFixtures.CUSTOMER)
                .replace("charset=\"iso-8859-1\"", "charset=\"unicode-1-1-utf-7\"");
        assertTrue(Snippets.of(InboxFixtures.parse(text)).startsWith("Hallo Pano, vielen Dank f"));
    }
}
