import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The two baselines Rapport's send is measured against, run as a single-file program on the
 * project's class path (`java -cp "target/lib/*" bench/Baselines.java MODE N PORT CONNECTIONS BYTES`):
 *
 *   naive  a loop calling Transport.send per message: a new SMTP connection each time.
 *   tuned  CONNECTIONS threads, each with one SMTP connection kept open, sending a message built
 *          once (multipart/alternative, text + HTML, about BYTES bytes) to a new recipient each time.
 *
 * Prints one line: "MODE N messages in S s: R msg/s (message of Z bytes)". Mode `size` only prints
 * the size of the message BYTES builds, to match it to Rapport's.
 */
public final class Baselines {
    public static void main(String[] args) throws Exception {
        String mode = args[0];
        int n = Integer.parseInt(args[1]);
        int port = Integer.parseInt(args[2]);
        int connections = Integer.parseInt(args[3]);
        int bytes = Integer.parseInt(args[4]);
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(port));
        props.put("mail.smtp.connectiontimeout", "30000");
        props.put("mail.smtp.timeout", "30000");
        Session session = Session.getInstance(props);
        int size = size(message(session, bytes, 0));
        if (mode.equals("size")) {
            System.out.println(size);
            return;
        }
        long start = System.nanoTime();
        if (mode.equals("naive")) {
            for (int i = 0; i < n; i++) {
                MimeMessage m = message(session, bytes, i);
                Transport.send(m);
            }
        } else {
            AtomicInteger next = new AtomicInteger();
            List<Thread> threads = new ArrayList<>();
            List<Exception> failures = new ArrayList<>();
            for (int t = 0; t < connections; t++) {
                Thread thread = new Thread(() -> {
                    try (Transport transport = session.getTransport("smtp")) {
                        MimeMessage m = message(session, bytes, 0);
                        transport.connect();
                        for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                            transport.sendMessage(m, new Address[] {new InternetAddress("c" + i + "@example.com")});
                        }
                    } catch (Exception e) {
                        synchronized (failures) {
                            failures.add(e);
                        }
                    }
                });
                thread.start();
                threads.add(thread);
            }
            for (Thread thread : threads) thread.join();
            if (!failures.isEmpty()) throw failures.get(0);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%s %d messages in %.1f s: %.0f msg/s (message of %d bytes)%n", mode, n, seconds, n / seconds, size);
    }

    /** A note of about {@code bytes} bytes as sent: text and HTML parts, quoted-printable. */
    private static MimeMessage message(Session session, int bytes, int i) throws Exception {
        StringBuilder text = new StringBuilder();
        while (text.length() < bytes / 3) {
            text.append("A soft cloth and a dry drawer do more for silver than any polish; bring it by and we will look.\n");
        }
        String html = "<!doctype html><html><body><p>" + text.toString().replace("\n", "</p>\n<p>") + "</p></body></html>";
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress("hello@kosmima.example", "Pano at Kosmima"));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress("c" + i + "@example.com"));
        m.setReplyTo(new Address[] {new InternetAddress("replies+r" + i + "@kosmima.example")});
        m.setSubject("Ana, how to keep silver bright", "UTF-8");
        m.setHeader("List-Unsubscribe", "<https://news.kosmima.example/u/u" + i + ">");
        m.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        MimeBodyPart textPart = new MimeBodyPart();
        textPart.setText(text.toString(), "UTF-8", "plain");
        MimeBodyPart htmlPart = new MimeBodyPart();
        htmlPart.setText(html, "UTF-8", "html");
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(textPart);
        alternative.addBodyPart(htmlPart);
        m.setContent(alternative);
        m.saveChanges();
        return m;
    }

    static int size(MimeMessage m) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.writeTo(out);
        return out.size();
    }
}
