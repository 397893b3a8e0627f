package rapport.doctor;

import jakarta.mail.MessagingException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import rapport.config.RapportConfig;
import rapport.dkim.DkimRecord;
import rapport.dkim.DkimSigner;

/**
 * A note rendered and composed as the send would, signed with the configured key exactly as the
 * send signs it, verifies against the key receivers find in DNS, and its signature covers the
 * one-click unsubscribe headers that Gmail and Yahoo require signed. Where {@link DkimCheck}
 * compares keys, this follows a real note all the way through: the signer, the bytes written and
 * the published record together. What is wrong with the record itself is the dkim line's to say;
 * here it only means nothing could be verified.
 */
final class SignatureCheck extends OneLine {
    static final String NAME = "signature";
    private static final List<String> UNSUBSCRIBE = List.of("list-unsubscribe", "list-unsubscribe-post");

    private final Dns dns;
    private final RapportConfig.Dkim dkim;
    private final SampleNote sample;

    SignatureCheck(Dns dns, RapportConfig.Dkim dkim, SampleNote sample) {
        super(NAME);
        this.dns = dns;
        this.dkim = dkim;
        this.sample = sample;
    }

    @Override
    Finding check() {
        DkimRecord ours = new DkimRecord(dkim.selector(), dkim.domain(), dkim.key());
        List<String> records;
        try {
            records = dns.txt(ours.name()).stream().filter(r -> DkimCheck.tags(r).containsKey("p")).toList();
        } catch (Dns.Failure e) {
            return notTried("the key at " + ours.name() + " could not be looked up");
        }
        if (records.size() != 1 || DkimCheck.tags(records.get(0)).get("p").isBlank()) {
            return notTried("no single DKIM key is published at " + ours.name());
        }
        SampleNote.Sample made = sample.make();
        if (made instanceof SampleNote.Sample.None none) {
            return Finding.warning(NAME, "no note to sign: " + none.reason(), none.fix());
        }
        SampleNote.Sample.Composed note = (SampleNote.Sample.Composed) made;
        byte[] raw = signed(note);
        SignatureVerifier.Verdict verdict = SignatureVerifier.verify(raw, records.get(0));
        String what = "a fresh note (" + note.whose() + ")";
        if (verdict instanceof SignatureVerifier.Verdict.WrongKey wrong) {
            return Finding.problem(NAME, what + " does not verify against the key published at " + ours.name() + ": "
                            + wrong.reason() + "; receivers will treat every note as unsigned",
                    "publish the record for the key in dkim.private_key_file at " + ours.name() + ": \"" + ours.value()
                            + "\" (`rapport dkim keygen` printed it for a new key)");
        }
        if (verdict instanceof SignatureVerifier.Verdict.Broken broken) {
            return Finding.problem(NAME, what + " cannot be verified: " + broken.reason(),
                    "this is a fault in Rapport's signing: report this line with the output of `rapport preview --format eml`");
        }
        Set<String> covered = ((SignatureVerifier.Verdict.Pass) verdict).covered();
        List<String> uncovered = UNSUBSCRIBE.stream().filter(n -> !covered.contains(n)).toList();
        if (!uncovered.isEmpty()) {
            return Finding.problem(NAME, what + " verifies, but its signature does not cover " + String.join(" and ", uncovered)
                            + ": Gmail and Yahoo ignore one-click unsubscribe headers that are not signed",
                    "this is a fault in Rapport's signing: report this line");
        }
        return Finding.ok(NAME, "a fresh note's signature verifies against the published key (" + note.whose()
                + ", " + dkim.key().algorithm().tag() + ", covering List-Unsubscribe and List-Unsubscribe-Post)");
    }

    private static Finding notTried(String why) {
        return Finding.warning(NAME, "no note's signature verified: " + why, "fix what the dkim line names, then run the doctor again");
    }

    /** The note signed as {@code Mailer.of} signs it on the way out, as the bytes that would go on the wire. */
    private byte[] signed(SampleNote.Sample.Composed note) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(16_384);
            new DkimSigner(dkim.domain(), dkim.selector(), dkim.key()).sign(note.message()).writeTo(bytes);
            return bytes.toByteArray();
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("cannot sign a note in memory: " + e.getMessage(), e);
        }
    }
}
