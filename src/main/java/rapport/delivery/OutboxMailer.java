package rapport.delivery;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import rapport.render.MessageComposer;

/**
 * Writes each message as an {@code .eml} file into the outbox folder, atomically: written to a
 * temporary file and renamed, so a reader never sees half a message and a resend overwrites the
 * same file. The file name is the Message-ID's unique part. Thread-safe.
 */
public final class OutboxMailer implements Mailer {
    private final Path outbox;

    public OutboxMailer(Path outbox) {
        this.outbox = outbox;
    }

    @Override
    public Session session() {
        return MessageComposer.offlineSession();
    }

    @Override
    public Channel open() {
        return new Channel() {
            @Override
            public Answer send(MimeMessage message, String envelopeFrom, String recipient) {
                try {
                    Files.createDirectories(outbox);
                    String id = message.getMessageID().replaceAll("[<>]", "").replaceAll("@.*", "");
                    Path temp = Files.createTempFile(outbox, ".writing-", ".tmp");
                    message.setHeader("Return-Path", "<" + envelopeFrom + ">");
                    try (OutputStream out = Files.newOutputStream(temp)) {
                        message.writeTo(out);
                    }
                    Files.move(temp, outbox.resolve(id + ".eml"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    return Answer.ACCEPTED;
                } catch (IOException | MessagingException e) {
                    return new Answer.Refused(Refusal.CONNECTION, "cannot write to " + outbox + ": " + e.getMessage());
                }
            }

            @Override
            public void close() {
            }
        };
    }
}
