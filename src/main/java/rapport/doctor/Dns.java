package rapport.doctor;

import rapport.config.Reasons;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import javax.naming.CommunicationException;
import javax.naming.Context;
import javax.naming.NameNotFoundException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.OperationNotSupportedException;
import javax.naming.ServiceUnavailableException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;

/**
 * DNS look-ups through the JDK's own DNS provider (JNDI), asking the system's resolver or one
 * chosen server ({@code doctor.dns}). The JDK's provider is enough for TXT and MX and adds no
 * library; every query waits a bounded time. A name that does not exist, or has no record of
 * the type, is an empty answer; a server that does not answer is a {@link Failure}, and once it
 * has not answered, later look-ups fail at once with the same words rather than each waiting
 * out its own timeouts. Thread-safe: each look-up opens its own context.
 */
public final class Dns {
    /** First wait in milliseconds; the provider doubles it on each of its retries. */
    private static final String FIRST_WAIT_MILLIS = "1500";
    private static final String RETRIES = "2";

    private final String url;
    private final String where;
    /** Why the server did not answer, once it did not; null while it answers. */
    private volatile String silent;

    private Dns(String url, String where) {
        this.url = url;
        this.where = where;
    }

    /** The resolvers the system names ({@code /etc/resolv.conf}). */
    public static Dns system() {
        return new Dns("dns:", "the system's resolver");
    }

    /** One server, such as a local one on loopback. */
    public static Dns server(String host, int port) {
        String literal = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return new Dns("dns://" + literal + ":" + port, "the DNS server " + literal + ":" + port + " (doctor.dns)");
    }

    /** The configured server, or the system's resolver. */
    public static Dns of(Optional<String> host, int port) {
        return host.map(h -> server(h, port)).orElseGet(Dns::system);
    }

    /** Who is asked, in words: "the system's resolver" or the server of doctor.dns. */
    public String where() {
        return where;
    }

    /** The TXT records of {@code name}, each with its strings joined as SPF and DMARC read them. */
    public List<String> txt(String name) {
        return lookUp(name, "TXT").stream().map(Dns::joined).toList();
    }

    /** The MX records of {@code name}, as {@code preference host.}. */
    public List<String> mx(String name) {
        return lookUp(name, "MX");
    }

    private List<String> lookUp(String name, String type) {
        String question = type + " of " + name + " from " + where + ": ";
        if (silent != null) throw new Failure(question + silent, null);
        Hashtable<String, String> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.dns.DnsContextFactory");
        env.put(Context.PROVIDER_URL, url);
        env.put("com.sun.jndi.dns.timeout.initial", FIRST_WAIT_MILLIS);
        env.put("com.sun.jndi.dns.timeout.retries", RETRIES);
        DirContext context = null;
        try {
            context = new InitialDirContext(env);
            Attributes attributes = context.getAttributes(name, new String[] {type});
            Attribute values = attributes.get(type);
            List<String> records = new ArrayList<>();
            if (values == null) return records;
            NamingEnumeration<?> all = values.getAll();
            while (all.hasMore()) records.add(String.valueOf(all.next()));
            return records;
        } catch (NameNotFoundException e) {
            return List.of();
        } catch (CommunicationException e) {
            silent = "no answer";
            throw new Failure(question + silent, e);
        } catch (ServiceUnavailableException e) {
            throw new Failure(question + "the server failed to answer (SERVFAIL)", e);
        } catch (OperationNotSupportedException e) {
            throw new Failure(question + "the server refused to answer (REFUSED)", e);
        } catch (NamingException e) {
            throw new Failure(question + Reasons.of(e), e);
        } finally {
            close(context);
        }
    }

    private static void close(DirContext context) {
        if (context == null) return;
        try {
            context.close();
        } catch (NamingException e) {
            // nothing held open that matters
        }
    }

    /**
     * One TXT record as the provider writes it (each string, in quotes when it holds a space, a
     * quote or a backslash, separated by spaces) back to its strings joined without a separator,
     * as RFC 7208 and RFC 7489 read a record split into several strings.
     */
    static String joined(String written) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < written.length()) {
            char c = written.charAt(i);
            if (c == ' ') {
                i++;
            } else if (c == '"') {
                i++;
                while (i < written.length() && written.charAt(i) != '"') {
                    if (written.charAt(i) == '\\' && i + 1 < written.length()) i++;
                    out.append(written.charAt(i++));
                }
                i++;
            } else {
                while (i < written.length() && written.charAt(i) != ' ') out.append(written.charAt(i++));
            }
        }
        return out.toString();
    }

    /** A DNS server that did not answer, or refused: nothing can be said about the records. */
    public static final class Failure extends RuntimeException {
        Failure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
