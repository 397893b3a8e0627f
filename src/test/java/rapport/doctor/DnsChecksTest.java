package rapport.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import rapport.testing.LocalDns;

/** SPF, DKIM, DMARC and MX as the doctor reads them, and a fresh note's signature checked against the published key, from a real DNS server (dnsmasq) on loopback. */
class DnsChecksTest {
    @BeforeAll
    static void needsDnsmasq() {
        assumeTrue(LocalDns.available(), "dnsmasq is not installed (.ci/run installs it): the DNS checks are not tried");
    }

    private static Finding spf(LocalDns dns, String domain) {
        List<Finding> findings = new SpfCheck(Dns.server("127.0.0.1", dns.port()), domain).run();
        assertEquals(1, findings.size());
        return findings.get(0);
    }

    @Test
    void aRecordEndingInMinusAllIsFineAndItsLookUpsAreCounted() throws Exception {
        try (LocalDns dns = LocalDns.records()
                .txt("shop.example", "v=spf1 mx include:relay.example -all")
                .txt("relay.example", "v=spf1 ip4:192.0.2.0/24 a:out.relay.example ~all")
                .start()) {
            Finding f = spf(dns, "shop.example");
            assertEquals(Status.OK, f.status(), f.toString());
            assertTrue(f.detail().contains("\"v=spf1 mx include:relay.example -all\""), f.detail());
            assertTrue(f.detail().contains("(3 of 10 DNS look-ups)"), f.detail());
        }
    }

    @Test
    void aRecordPublishedAsSeveralStringsIsReadAsOne() throws Exception {
        try (LocalDns dns = LocalDns.records().txt("shop.example", "v=spf1 ip4:192.0.2.1 ", "ip4:192.0.2.2 -all").start()) {
            Finding f = spf(dns, "shop.example");
            assertEquals(Status.OK, f.status(), f.toString());
            assertTrue(f.detail().contains("\"v=spf1 ip4:192.0.2.1 ip4:192.0.2.2 -all\""), f.detail());
        }
    }

    @Test
    void moreThanTenLookUpsIsAProblemBecauseReceiversGiveUp() throws Exception {
        LocalDns.Records records = LocalDns.records();
        StringBuilder top = new StringBuilder("v=spf1");
        for (int i = 1; i <= 11; i++) {
            top.append(" include:r").append(i).append(".example");
            records.txt("r" + i + ".example", "v=spf1 ip4:192.0.2." + i + " -all");
        }
        try (LocalDns dns = records.txt("shop.example", top + " -all").start()) {
            Finding f = spf(dns, "shop.example");
            assertEquals(Status.PROBLEM, f.status(), f.toString());
            assertTrue(f.detail().contains("more than 10 DNS look-ups"), f.detail());
        }
    }

    @Test
    void noRecordTwoRecordsAndABrokenIncludeAreProblemsEachNamed() throws Exception {
        try (LocalDns dns = LocalDns.records()
                .txt("shop.example", "google-site-verification=abc")
                .txt("two.example", "v=spf1 -all").txt("two.example", "v=spf1 mx -all")
                .txt("broken.example", "v=spf1 include:gone.example -all")
                .start()) {
            Finding none = spf(dns, "shop.example");
            assertEquals(Status.PROBLEM, none.status());
            assertTrue(none.detail().startsWith("no SPF record at shop.example"), none.detail());
            assertTrue(none.fix().orElseThrow().contains("v=spf1"), none.toString());

            Finding two = spf(dns, "two.example");
            assertEquals(Status.PROBLEM, two.status());
            assertTrue(two.detail().startsWith("2 SPF records at two.example"), two.detail());

            Finding broken = spf(dns, "broken.example");
            assertEquals(Status.PROBLEM, broken.status());
            assertTrue(broken.detail().contains("gone.example has no SPF record"), broken.detail());
        }
    }

    @Test
    void anEndingThatVouchesForNoOneIsAWarning() throws Exception {
        try (LocalDns dns = LocalDns.records()
                .txt("open.example", "v=spf1 mx ?all")
                .txt("plus.example", "v=spf1 +all")
                .txt("endless.example", "v=spf1 mx")
                .start()) {
            for (String domain : List.of("open.example", "plus.example", "endless.example")) {
                Finding f = spf(dns, domain);
                assertEquals(Status.WARNING, f.status(), f.toString());
                assertTrue(f.fix().orElseThrow().contains("-all"), f.toString());
            }
        }
    }

    @Test
    void dmarcIsFoundAtTheOrganizationalDomainWhenTheSubdomainHasNone() throws Exception {
        try (LocalDns dns = LocalDns.records().txt("_dmarc.shop.example", "v=DMARC1; p=reject; aspf=s").start()) {
            Dns server = Dns.server("127.0.0.1", dns.port());
            Dmarc dmarc = new Dmarc(server, "news.shop.example");
            Finding found = new DmarcCheck(server, dmarc).run().get(0);
            assertEquals(Status.OK, found.status(), found.toString());
            assertTrue(found.detail().startsWith("_dmarc.shop.example: \"v=DMARC1; p=reject; aspf=s\""), found.detail());

            Finding strict = new AlignmentCheck(server, dmarc, "shop.example", false).run().get(0);
            assertEquals(Status.PROBLEM, strict.status(), "aspf=s wants the very same domain: " + strict);
            Finding signed = new AlignmentCheck(server, dmarc, "shop.example", true).run().get(0);
            assertEquals(Status.WARNING, signed.status(), "an aligned DKIM signature can still carry DMARC: " + signed);
        }
    }

    @Test
    void aServerThatDoesNotAnswerIsAProblemThatSaysWhichServer() throws Exception {
        int closed;
        try (java.net.DatagramSocket s = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Finding f = new MxCheck(Dns.server("127.0.0.1", closed), "replies@shop.example").run().get(0);
        assertEquals(Status.PROBLEM, f.status(), f.toString());
        assertTrue(f.detail().contains("MX of shop.example from the DNS server 127.0.0.1:" + closed), f.detail());
        assertTrue(f.fix().orElseThrow().contains("doctor.dns"), f.toString());
    }

    @Test
    void theDkimKeyPublishedForTheSelectorMustBeTheKeyRapportSignsWith() throws Exception {
        rapport.dkim.DkimKey ours = rapport.dkim.DkimKey.generate(rapport.dkim.DkimKey.Algorithm.named("ed25519"));
        rapport.dkim.DkimKey other = rapport.dkim.DkimKey.generate(rapport.dkim.DkimKey.Algorithm.named("ed25519"));
        var dkim = new rapport.config.RapportConfig.Dkim("shop.example", "s1", java.nio.file.Path.of("config/dkim.pem"), ours);
        String published = new rapport.dkim.DkimRecord("s1", "shop.example", ours).value();
        try (LocalDns dns = LocalDns.records().txt("s1._domainkey.shop.example", published)
                .txt("s2._domainkey.shop.example", new rapport.dkim.DkimRecord("s2", "shop.example", other).value()).start()) {
            Dns server = Dns.server("127.0.0.1", dns.port());
            Finding good = new DkimCheck(server, dkim).run().get(0);
            assertEquals(Status.OK, good.status(), good.toString());

            var wrong = new rapport.config.RapportConfig.Dkim("shop.example", "s2", java.nio.file.Path.of("config/dkim.pem"), ours);
            Finding mismatch = new DkimCheck(server, wrong).run().get(0);
            assertEquals(Status.PROBLEM, mismatch.status(), mismatch.toString());
            assertTrue(mismatch.detail().contains("is not the ed25519 key in dkim.private_key_file"), mismatch.detail());

            var missing = new rapport.config.RapportConfig.Dkim("shop.example", "s3", java.nio.file.Path.of("config/dkim.pem"), ours);
            Finding none = new DkimCheck(server, missing).run().get(0);
            assertEquals(Status.PROBLEM, none.status(), none.toString());
            assertTrue(none.fix().orElseThrow().contains("s3._domainkey.shop.example"), none.fix().toString());
        }
    }

    /** A note as the composer makes one: the one-click headers, a text and an HTML part, a line with trailing spaces. */
    private static SampleNote note(boolean unsubscribeHeaders) {
        return () -> {
            try {
                jakarta.mail.internet.MimeMessage m = new jakarta.mail.internet.MimeMessage(rapport.render.MessageComposer.offlineSession());
                m.setFrom("Kosmima <hello@shop.example>");
                m.setRecipients(jakarta.mail.Message.RecipientType.TO, "ana@example.com");
                m.setSubject("Caring for silver, Ana", "UTF-8");
                m.setSentDate(java.util.Date.from(java.time.Instant.parse("2026-11-24T09:00:00Z")));
                if (unsubscribeHeaders) {
                    m.setHeader("List-Unsubscribe", "<https://shop.example/u/abc>, <mailto:u+abc@shop.example>");
                    m.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
                }
                jakarta.mail.internet.MimeMultipart parts = new jakarta.mail.internet.MimeMultipart("alternative");
                jakarta.mail.internet.MimeBodyPart text = new jakarta.mail.internet.MimeBodyPart();
                text.setText("Polish it  gently.   \nThat is all.\n", "UTF-8");
                jakarta.mail.internet.MimeBodyPart html = new jakarta.mail.internet.MimeBodyPart();
                html.setContent("<p>Polish it gently. Ευχαριστώ</p>", "text/html; charset=UTF-8");
                parts.addBodyPart(text);
                parts.addBodyPart(html);
                m.setContent(parts);
                m.saveChanges();
                return new SampleNote.Sample.Composed(m, "silver-care for ana@example.com");
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    @ParameterizedTest
    @EnumSource(rapport.dkim.DkimKey.Algorithm.class)
    void aFreshNoteSignedWithTheKeyVerifiesOnlyAgainstThatKeyPublished(rapport.dkim.DkimKey.Algorithm algorithm) throws Exception {
        rapport.dkim.DkimKey ours = rapport.dkim.DkimKey.generate(algorithm);
        rapport.dkim.DkimKey other = rapport.dkim.DkimKey.generate(algorithm);
        try (LocalDns dns = LocalDns.records()
                .txt("s1._domainkey.shop.example", new rapport.dkim.DkimRecord("s1", "shop.example", ours).strings().toArray(String[]::new))
                .txt("s2._domainkey.shop.example", new rapport.dkim.DkimRecord("s2", "shop.example", other).value()).start()) {
            Dns server = Dns.server("127.0.0.1", dns.port());
            var signing = new rapport.config.RapportConfig.Dkim("shop.example", "s1", java.nio.file.Path.of("config/dkim.pem"), ours);
            Finding good = new SignatureCheck(server, signing, note(true)).run().get(0);
            assertEquals(Status.OK, good.status(), good.toString());
            assertEquals("signature", good.name());
            assertTrue(good.detail().startsWith("a fresh note's signature verifies against the published key (silver-care for"
                    + " ana@example.com, " + algorithm.tag()), good.detail());

            var republished = new rapport.config.RapportConfig.Dkim("shop.example", "s2", java.nio.file.Path.of("config/dkim.pem"), ours);
            Finding wrong = new SignatureCheck(server, republished, note(true)).run().get(0);
            assertEquals(Status.PROBLEM, wrong.status(), wrong.toString());
            assertTrue(wrong.detail().contains("does not verify against the key published at s2._domainkey.shop.example"), wrong.detail());
            assertTrue(wrong.fix().orElseThrow().contains(new rapport.dkim.DkimRecord("s2", "shop.example", ours).value()),
                    "the fix names the record for the configured key: " + wrong.fix());
        }
    }

    @Test
    void aSignatureThatLeavesTheOneClickHeadersUncoveredIsAProblem() throws Exception {
        rapport.dkim.DkimKey ours = rapport.dkim.DkimKey.generate(rapport.dkim.DkimKey.Algorithm.ED25519);
        try (LocalDns dns = LocalDns.records().txt("s1._domainkey.shop.example", new rapport.dkim.DkimRecord("s1", "shop.example", ours).value())
                .start()) {
            var signing = new rapport.config.RapportConfig.Dkim("shop.example", "s1", java.nio.file.Path.of("config/dkim.pem"), ours);
            // h= names them even when absent (so that one added later breaks the signature), which covers nothing.
            Finding f = new SignatureCheck(Dns.server("127.0.0.1", dns.port()), signing, note(false)).run().get(0);
            assertEquals(Status.PROBLEM, f.status(), f.toString());
            assertTrue(f.detail().contains("verifies, but its signature does not cover list-unsubscribe and list-unsubscribe-post"),
                    f.detail());
        }
    }

    @Test
    void noPublishedKeyLeavesTheSignatureUntriedAndPointsAtTheDkimLine() throws Exception {
        rapport.dkim.DkimKey ours = rapport.dkim.DkimKey.generate(rapport.dkim.DkimKey.Algorithm.ED25519);
        try (LocalDns dns = LocalDns.records().txt("shop.example", "v=spf1 -all").start()) {
            var signing = new rapport.config.RapportConfig.Dkim("shop.example", "s1", java.nio.file.Path.of("config/dkim.pem"), ours);
            Finding f = new SignatureCheck(Dns.server("127.0.0.1", dns.port()), signing, () -> {
                throw new AssertionError("no note is rendered when there is no key to check it against");
            }).run().get(0);
            assertEquals(Status.WARNING, f.status(), f.toString());
            assertTrue(f.detail().contains("no single DKIM key is published at s1._domainkey.shop.example"), f.detail());
            assertTrue(f.fix().orElseThrow().contains("dkim line"), f.toString());
        }
    }
}
