package rapport.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static rapport.render.RenderFixtures.NOW;
import static rapport.render.RenderFixtures.RUN;
import static rapport.render.RenderFixtures.STAGES;
import static rapport.render.RenderFixtures.ZONE;
import static rapport.render.RenderFixtures.write;

import jakarta.mail.Header;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rapport.config.RapportConfig;
import rapport.content.Catalog;
import rapport.customer.Customer;
import rapport.tokens.Tokens;
import rapport.tokens.Tokens.Purpose;
import rapport.tokens.Tokens.Subject;

class MessageComposerTest {
    private static final Pattern TAGGED = Pattern.compile("replies\\+([a-z0-9.]+)@kosmima\\.example");

    @TempDir Path workspace;
    private RapportConfig config;
    private Renderer renderer;
    private Catalog catalog;
    private MessageComposer composer;
    private final Session session = MessageComposer.offlineSession();

    @BeforeEach
    void workspace() {
        Path templates = RenderFixtures.templates(workspace);
        write(templates, "_layout.ftlh", RenderFixtures.LAYOUT);
        write(templates, "care.ftlh", """
                <#--
                subject: "${customer.firstName!'Hello'}, pearls & silk: three habits"
                stages: [acquaintance]
                kind: tip
                -->
                <#import "_layout.ftlh" as layout>
                <@layout.page><p>Hi ${customer.firstName!"there"}, read the <a href="https://kosmima.example/care">guide</a>.</p></@layout.page>
                """);
        config = RenderFixtures.config(workspace);
        catalog = Catalog.load(templates, STAGES);
        renderer = new Renderer(new TemplateEngine(templates, ZONE), config, RenderFixtures.links(config));
        composer = new MessageComposer(session, config.sender());
    }

    private Note note(Customer customer) throws RenderException {
        return renderer.render(catalog.piece("care").orElseThrow(), customer, RUN, NOW);
    }

    private MimeMessage parse(byte[] eml) throws Exception {
        return new MimeMessage(session, new ByteArrayInputStream(eml));
    }

    private MimeMessage sent(Customer customer) throws Exception {
        return parse(composer.toEml(note(customer), NOW));
    }

    private static String headerSection(byte[] eml) {
        String all = new String(eml, StandardCharsets.ISO_8859_1);
        return all.substring(0, all.indexOf("\r\n\r\n"));
    }

    private static String token(String address) {
        Matcher m = TAGGED.matcher(address);
        assertTrue(m.find(), address);
        return m.group(1);
    }

    @Test
    void theBodyIsMultipartAlternativeWithTextThenHtml() throws Exception {
        MimeMessage message = sent(RenderFixtures.customer(42, "Ann", "Lee"));
        assertTrue(message.isMimeType("multipart/alternative"), message.getContentType());
        MimeMultipart parts = (MimeMultipart) message.getContent();
        assertEquals(2, parts.getCount());
        assertTrue(parts.getBodyPart(0).isMimeType("text/plain"), parts.getBodyPart(0).getContentType());
        assertTrue(parts.getBodyPart(1).isMimeType("text/html"), parts.getBodyPart(1).getContentType());
        assertTrue(((String) parts.getBodyPart(0).getContent()).startsWith("Hi Ann, read the guide (https://kosmima.example/care)."));
        assertTrue(((String) parts.getBodyPart(1).getContent()).contains("/c/"));
    }

    @Test
    void theMessageIdIsDeterministicForRunAndCustomer() throws Exception {
        Note note = note(RenderFixtures.customer(42, "Ann", "Lee"));
        String expected = RenderFixtures.links(config).messageId(42, RUN);
        assertEquals("<rapport.20260303.16@kosmima.example>", expected);
        MimeMessage first = parse(composer.toEml(note, NOW));
        MimeMessage again = parse(composer.toEml(note(RenderFixtures.customer(42, "Ann", "Lee")), NOW.plusSeconds(3600)));
        assertEquals(expected, first.getMessageID());
        assertEquals(expected, again.getMessageID());
        assertArrayEquals(new String[] {expected}, first.getHeader("Message-ID"));
        assertEquals(expected, composer.compose(note, NOW).getMessageID());
        assertFalse(expected.equals(parse(composer.toEml(note(RenderFixtures.customer(43, "Bo", "Lee")), NOW)).getMessageID()));
    }

    @Test
    void listUnsubscribeOffersTheHttpsOneClickUrlFirstAndMailtoSecond() throws Exception {
        MimeMessage message = sent(RenderFixtures.customer(42, "Ann", "Lee"));
        String header = message.getHeader("List-Unsubscribe", null).replaceAll("\\r\\n\\s", " ");
        Matcher m = Pattern.compile("<(https://news\\.kosmima\\.example/u/([a-z0-9.]+))>, *<mailto:(replies\\+[a-z0-9.]+@kosmima\\.example)\\?subject=unsubscribe>")
                .matcher(header);
        assertTrue(m.matches(), header);
        Tokens tokens = RenderFixtures.tokens();
        assertEquals(Optional.of(new Subject(42, RUN)), tokens.verify(Purpose.UNSUBSCRIBE, m.group(2)));
        assertEquals(Optional.of(new Subject(42, RUN)), tokens.verify(Purpose.UNSUBSCRIBE, token(m.group(3))));
        assertEquals("List-Unsubscribe=One-Click", message.getHeader("List-Unsubscribe-Post", null));
    }

    @Test
    void replyToAndReturnPathCarryTokensThatMatchTheCustomerAndMessage() throws Exception {
        MimeMessage message = sent(RenderFixtures.customer(42, "Ann", "Lee"));
        InternetAddress replyTo = (InternetAddress) message.getReplyTo()[0];
        assertTrue(replyTo.getAddress().startsWith("replies+r"), replyTo.getAddress());
        Tokens tokens = RenderFixtures.tokens();
        assertEquals(Optional.of(new Subject(42, RUN)), tokens.verify(Purpose.REPLY, token(replyTo.getAddress())));
        String returnPath = message.getHeader("Return-Path", null);
        assertTrue(returnPath.matches("<replies\\+b[a-z0-9.]+@kosmima\\.example>"), returnPath);
        assertEquals(Optional.of(new Subject(42, RUN)), tokens.verify(Purpose.BOUNCE, token(returnPath)));
        assertEquals(returnPath, "<" + ((org.eclipse.angus.mail.smtp.SMTPMessage) composer.compose(note(
                RenderFixtures.customer(42, "Ann", "Lee")), NOW)).getEnvelopeFrom() + ">");
    }

    @Test
    void fromSubjectAndDateAreSet() throws Exception {
        MimeMessage message = sent(RenderFixtures.customer(42, "Ann", "Lee"));
        InternetAddress from = (InternetAddress) message.getFrom()[0];
        assertEquals("hello@kosmima.example", from.getAddress());
        assertEquals("Pano at Kosmima", from.getPersonal());
        assertEquals("Ann, pearls & silk: three habits", message.getSubject());
        assertEquals(NOW, message.getSentDate().toInstant());
    }

    @Test
    void aNonAsciiNameIsEncodedAndReadsBackIntact() throws Exception {
        byte[] eml = composer.toEml(note(RenderFixtures.customer(42, "Zoë", "Ångström")), NOW);
        String headers = headerSection(eml);
        assertTrue(headers.chars().allMatch(c -> c < 128), "raw 8-bit bytes in the headers:\n" + headers);
        MimeMessage message = parse(eml);
        InternetAddress to = (InternetAddress) message.getRecipients(MimeMessage.RecipientType.TO)[0];
        assertEquals("Zoë Ångström", to.getPersonal());
        assertEquals("ann@example.com", to.getAddress());
        assertEquals("Zoë, pearls & silk: three habits", message.getSubject());
    }

    @Test
    void noHeaderCarriesALineBreakFromData() throws Exception {
        Customer odd = RenderFixtures.customer(42, "Ann\r\nBcc: evil@example.com\r\nX-Injected: yes", "Lee\n\nbody");
        byte[] eml = composer.toEml(note(odd), NOW);
        MimeMessage message = parse(eml);
        assertNull(message.getHeader("Bcc"));
        assertNull(message.getHeader("X-Injected"));
        for (Header header : Collections.list(message.getAllHeaders())) {
            String value = header.getValue().replaceAll("\\r\\n[ \\t]", " ");
            assertFalse(value.contains("\r") || value.contains("\n"), header.getName() + ": " + value);
        }
        InternetAddress to = (InternetAddress) message.getRecipients(MimeMessage.RecipientType.TO)[0];
        assertEquals("ann@example.com", to.getAddress());
        assertEquals(List.of("To"), Collections.list(message.getAllHeaders()).stream().map(Header::getName)
                .filter(name -> name.equalsIgnoreCase("To")).toList());
    }

    @Test
    void aNoteWithALineBreakInTheNameCannotInjectAHeaderEvenBuiltByHand() throws Exception {
        Note good = note(RenderFixtures.customer(42, "Ann", "Lee"));
        Note bad = new Note(good.customerId(), good.run(), good.piece(), good.kind(), good.toAddress(),
                "Ann\r\nBcc: evil@example.com", "Hi\r\nX-Injected: yes", good.text(), good.html(), good.messageId(),
                good.replyTo(), good.envelopeFrom(), good.listUnsubscribe());
        MimeMessage message = parse(composer.toEml(bad, NOW));
        assertNull(message.getHeader("Bcc"));
        assertNull(message.getHeader("X-Injected"));
    }
}
