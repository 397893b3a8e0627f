package rapport.studio;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import rapport.content.LintIssue;
import rapport.customer.Customer;
import rapport.delivery.NextNote;
import rapport.delivery.Reach;
import rapport.render.Note;
import rapport.render.RenderException;
import rapport.selection.Candidate;
import rapport.selection.Due;
import rapport.selection.LearnedValue;

/**
 * Each studio page's model, read through the {@link Desk}, and the page drawn from it: a
 * handler stays thin. Models hold plain maps, lists and strings, all the sandboxed engine
 * shows. Thread-safe.
 */
final class Views {
    /** Search results on one page: a marketer looks for one person, never a list to scroll. */
    static final int MATCHES = 20;

    /** A page and its status, or for a 303 the place to go. */
    record Answer(int status, String body) {}

    private final Desk desk;
    private final StudioPages pages;
    private final Access access;

    Views(Desk desk, StudioPages pages, Access access) {
        this.desk = desk;
        this.pages = pages;
        this.access = access;
    }

    String forbidden() {
        return pages.render("forbidden", Map.of());
    }

    String problem(String words) {
        return pages.render("problem", Map.of("words", words, "stamp", "0"));
    }

    /** The catalog, drawn with the live-reload stamp and the number of counts ended so far. */
    String catalog(long stamp, long counted) {
        Desk.Shelf shelf = desk.shelf();
        Desk.Reached reached = desk.reach();
        List<Map<String, Object>> pieces = new ArrayList<>();
        for (Desk.Shelved s : shelf.pieces()) {
            Map<String, Object> m = new HashMap<>();
            m.put("id", s.piece().id());
            m.put("file", s.piece().file());
            m.put("kind", s.piece().kind().label());
            m.put("stages", String.join(", ", s.piece().stages()));
            m.put("interests", s.piece().interests().isEmpty() ? "anyone" : String.join(", ", s.piece().interests()));
            m.put("priority", s.piece().priority());
            m.put("repeat", s.piece().repeat().toString());
            m.put("fails", s.fails());
            m.put("issues", issues(s.issues()));
            m.put("learned", s.value() == null ? "0" : LearnedValue.signed(s.value().learned()));
            m.put("band", s.value() == null ? "" : s.value().band());
            m.put("useful", s.value() == null ? 0 : s.value().useful());
            m.put("notForMe", s.value() == null ? 0 : s.value().notForMe());
            m.put("reach", reached.count().map(c -> c.of(s.piece().id())).orElse(0));
            pieces.add(m);
        }
        Map<String, Object> model = new HashMap<>();
        model.put("pieces", pieces);
        model.put("loose", issues(shelf.loose()));
        model.put("errors", shelf.errors());
        model.put("warnings", shelf.warnings());
        model.put("counting", reached.counting());
        model.put("due", reached.count().map(Reach.Count::due).orElse(0));
        model.put("reachProblem", reached.problem().orElse(""));
        model.put("counted", Long.toString(counted));
        model.put("stamp", Long.toString(stamp));
        return pages.render("catalog", model);
    }

    private static List<Map<String, Object>> issues(List<LintIssue> issues) {
        return issues.stream().map(i -> Map.<String, Object>of("file", i.file(), "line", Math.max(1, i.line()),
                "error", i.isError(), "message", i.message())).toList();
    }

    String search(String words, long stamp) {
        String trimmed = words.trim();
        List<Map<String, Object>> found = trimmed.isEmpty() ? List.of() : desk.search(trimmed, MATCHES).stream()
                .map(m -> Map.<String, Object>of("email", m.email(), "name", m.name(), "stage", m.stage(), "status", m.status(),
                        "href", "/customer?email=" + Studio.encode(m.email())))
                .toList();
        return pages.render("customers", Map.of("q", trimmed, "found", found, "more", found.size() >= MATCHES,
                "stamp", Long.toString(stamp)));
    }

    Answer customer(String email, Optional<String> piece, Optional<String> sentTo, long stamp) {
        return customerPage(email, piece, sentTo.map(to -> "A test copy is on its way to " + to + "."), Optional.empty(), stamp);
    }

    private Answer customerPage(String email, Optional<String> piece, Optional<String> notice, Optional<String> problem,
                                long stamp) {
        Optional<Customer> found = email.isBlank() ? Optional.empty() : desk.customer(email.trim());
        if (found.isEmpty()) {
            return new Answer(404, pages.render("customers", Map.of("q", email.trim(), "found", List.of(), "more", false,
                    "missing", true, "stamp", Long.toString(stamp))));
        }
        Customer c = found.get();
        NextNote.Draft draft = desk.draft(c);
        Map<String, Object> model = new HashMap<>();
        model.put("customer", Map.of("email", c.email(), "name", name(c), "stage", c.stage(), "status", c.status().label()));
        model.put("decision", decision(draft));
        model.put("candidates", draft.decision().candidates().stream().map(Views::candidate).toList());
        model.put("pieces", desk.pieceIds());
        model.put("picked", piece.orElse(""));
        Map<String, Object> preview = new HashMap<>();
        if (piece.isPresent()) {
            try {
                note(preview, desk.render(piece.get(), c));
            } catch (RenderException e) {
                preview.put("error", e.getMessage());
            }
        } else if (draft.renderError().isPresent()) {
            preview.put("error", draft.renderError().get().getMessage());
        } else if (draft.note().isPresent()) {
            note(preview, draft.note().get());
        }
        model.put("preview", preview);
        model.put("token", access.formToken());
        notice.ifPresent(n -> model.put("notice", n));
        problem.ifPresent(p -> model.put("problem", p));
        model.put("stamp", Long.toString(stamp));
        return new Answer(200, pages.render("customer", model));
    }

    private void note(Map<String, Object> preview, Note note) {
        preview.put("subject", note.subject());
        preview.put("piece", note.piece());
        preview.put("html", desk.previewHtml(note));
        preview.put("text", note.text());
    }

    private static Map<String, Object> decision(NextNote.Draft draft) {
        Due due = draft.decision().due();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("due", due.due());
        m.put("reason", due.reason());
        m.put("nextDueOn", due instanceof Due.No no ? no.nextDueOn().map(Object::toString).orElse("") : "");
        m.put("chosen", draft.decision().chosen().orElse(""));
        m.put("skip", draft.decision().skipReason().orElse(""));
        m.put("effectiveStage", draft.decision().effectiveStage());
        return m;
    }

    private static Map<String, Object> candidate(Candidate c) {
        return Map.of("piece", c.piece(), "eligible", c.eligible(), "reason", c.reason(),
                "learned", LearnedValue.signed(c.learned()), "evidence", c.evidence() == null ? "" : c.evidence());
    }

    private static String name(Customer c) {
        return String.join(" ", java.util.stream.Stream.of(c.firstName(), c.lastName())
                .filter(s -> s != null && !s.isBlank()).toList());
    }

    /** The test send's form: the token, the customer, the piece shown (empty: their next note), the address. */
    Answer sendTest(String form, long stamp) {
        if (!access.formTokenMatches(Access.param(form, "token").orElse(null))) {
            return new Answer(403, forbidden());
        }
        String email = Access.param(form, "email").orElse("").trim();
        Optional<String> piece = Access.param(form, "piece").filter(p -> !p.isBlank());
        String to = Access.param(form, "to").orElse("").trim();
        Optional<Customer> customer = desk.customer(email);
        if (customer.isEmpty()) return new Answer(404, problem("There is no customer with the address " + email + "."));
        if (!isAddress(to)) {
            return customerPage(email, piece, Optional.empty(), Optional.of("Type the address the test should go to, "
                    + "like you@example.com."), stamp);
        }
        Note note;
        try {
            if (piece.isPresent()) {
                note = desk.testRender(piece.get(), customer.get());
            } else {
                NextNote.Draft draft = desk.testDraft(customer.get());
                if (draft.renderError().isPresent()) throw draft.renderError().get();
                if (draft.note().isEmpty()) {
                    return customerPage(email, piece, Optional.empty(), Optional.of("No note is due for this customer: "
                            + "pick a piece to send a test of it."), stamp);
                }
                note = draft.note().get();
            }
        } catch (RenderException e) {
            return customerPage(email, piece, Optional.empty(), Optional.of("Not sent: " + e.getMessage()), stamp);
        }
        Optional<String> refused = desk.send(TestCopy.of(note, to, desk.replyAddress()));
        if (refused.isPresent()) {
            return customerPage(email, piece, Optional.empty(), Optional.of("Not sent: " + refused.get()), stamp);
        }
        return new Answer(303, "/customer?email=" + Studio.encode(email) + piece.map(p -> "&piece=" + Studio.encode(p)).orElse("")
                + "&sent=" + Studio.encode(to));
    }

    private static boolean isAddress(String to) {
        if (to.isEmpty() || !to.contains("@")) return false;
        try {
            new InternetAddress(to, true).validate();
            return true;
        } catch (AddressException e) {
            return false;
        }
    }

    String report() {
        return desk.report();
    }
}
