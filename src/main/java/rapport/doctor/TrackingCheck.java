package rapport.doctor;

import rapport.config.Reasons;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * {@code GET {tracking.base_url}/health} answers 200, through whatever proxy stands in front of
 * {@code serve}. Not answering is a problem, not a warning: every note already sent carries
 * links to that address, and a reader's one-click unsubscribe that goes nowhere is taken as
 * ignored (Gmail and Yahoo require it to work, within two days) and turns into a spam report.
 */
final class TrackingCheck extends OneLine {
    static final String NAME = "tracking";
    private static final Duration WAIT = Duration.ofSeconds(5);
    private final String baseUrl;

    TrackingCheck(String baseUrl) {
        super(NAME);
        this.baseUrl = baseUrl;
    }

    @Override
    Finding check() {
        String url = baseUrl + "/health";
        HttpClient client = HttpClient.newBuilder().connectTimeout(WAIT).followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(WAIT).GET().build();
        String fix = "start `rapport serve` (and the proxy in front of it) so that " + url + " answers; unsubscribe links depend on it";
        int status;
        try {
            status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.net.http.HttpTimeoutException e) {
            return Finding.problem(NAME, url + " does not answer within " + WAIT.toSeconds() + " s", fix);
        } catch (java.net.ConnectException e) {
            if (unresolved(e)) {
                return Finding.problem(NAME, url + " does not answer: " + URI.create(url).getHost() + " is not in DNS", fix);
            }
            return Finding.problem(NAME, url + " does not answer: nothing listens there", fix);
        } catch (IOException e) {
            return Finding.problem(NAME, url + " does not answer: " + Reasons.of(e), fix);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Finding.problem(NAME, url + " was not asked: interrupted", fix);
        }
        if (status == 200) return Finding.ok(NAME, url + " answers 200");
        if (status == 503) {
            return Finding.problem(NAME, url + " answers 503: serve runs, but its database does not answer",
                    "look at serve's log and the database line above");
        }
        return Finding.problem(NAME, url + " answers " + status + ", not 200: something other than serve answers there",
                "point tracking.base_url (or the proxy) at the address serve listens on (tracking.listen)");
    }

    /** Whether the connection failed because the host name has no address. */
    private static boolean unresolved(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.nio.channels.UnresolvedAddressException || t instanceof java.net.UnknownHostException) return true;
        }
        return false;
    }
}
