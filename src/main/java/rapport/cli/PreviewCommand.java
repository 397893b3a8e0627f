package rapport.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import rapport.customer.Customer;
import rapport.delivery.NextNote;
import rapport.render.MessageComposer;
import rapport.selection.Candidate;
import rapport.selection.Due;

/** {@code rapport preview EMAIL}: the customer's next note exactly as it would be sent, and why. Writes nothing. */
@Command(name = "preview", mixinStandardHelpOptions = true,
        description = "Show a customer's next email exactly as it would be sent, and why: due or not, the chosen "
                + "piece, and every other piece with the reason it lost. Writes nothing.")
final class PreviewCommand implements Callable<Integer> {
    enum Format { text, html, eml }

    @Mixin CommonOptions common;

    @Parameters(paramLabel = "EMAIL") String email;

    @Mixin AsOfOption asOf;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default): the explanation and the text part; html: the HTML part; eml: the whole message.")
    Format format;

    @Override
    public Integer call() {
        try (Workspace ws = common.open(asOf)) {
            Instant when = ws.clock().instant();
            NextNote nextNote = ws.nextNote(when);
            Customer customer = ws.customers().findByEmail(email.trim())
                    .orElseThrow(() -> new UsageException("no customer with the email " + email.trim()));
            NextNote.Draft plan = nextNote.draft(customer, when);
            if (common.json) {
                Json.print(common.out(), json(plan));
            } else if (format == Format.text) {
                explain(common.out(), plan);
                plan.note().ifPresent(n -> common.out().printf("%nSubject: %s%n%n%s", n.subject(), n.text()));
            } else {
                explain(common.err(), plan);
                plan.note().ifPresent(n -> common.out().print(format == Format.html ? n.html()
                        : new String(new MessageComposer(MessageComposer.offlineSession(), ws.config().sender())
                                .toEml(n, when), StandardCharsets.UTF_8)));
            }
            common.out().flush();
            plan.renderError().ifPresent(e -> common.err().println("rapport: cannot render: " + e.getMessage()));
            return plan.renderError().isPresent() ? Failures.BAD_INPUT : 0;
        }
    }

    private static Map<String, Object> json(NextNote.Draft plan) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("email", plan.customer().email());
        out.put("stage", plan.customer().stage());
        out.put("effective_stage", plan.decision().effectiveStage());
        out.put("status", plan.customer().status().label());
        out.put("due", plan.decision().due().due());
        out.put("reason", plan.decision().due().reason());
        out.put("next_due_on", plan.decision().due() instanceof Due.No no ? no.nextDueOn().map(Object::toString).orElse(null) : null);
        out.put("template", plan.decision().chosen().orElse(null));
        out.put("subject", plan.note().map(n -> n.subject()).orElse(null));
        out.put("text", plan.note().map(n -> n.text()).orElse(null));
        out.put("html", plan.note().map(n -> n.html()).orElse(null));
        out.put("message_id", plan.note().map(n -> n.messageId()).orElse(null));
        out.put("error", plan.renderError().map(Throwable::getMessage).orElse(null));
        out.put("skipped", plan.decision().skipReason().orElse(null));
        out.put("candidates", plan.decision().candidates().stream().map(c -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("template", c.piece());
            m.put("eligible", c.eligible());
            m.put("score", c.eligible() ? c.score() : null);
            m.put("learned", c.learned());
            m.put("evidence", c.evidence());
            m.put("reason", c.reason());
            return m;
        }).toList());
        return out;
    }

    private static void explain(PrintWriter out, NextNote.Draft plan) {
        Customer c = plan.customer();
        out.printf("%s — stage %s%s, %s%n", c.email(), c.stage(),
                plan.decision().effectiveStage().equals(c.stage()) ? "" : " (now " + plan.decision().effectiveStage() + ")",
                c.status().label());
        Due due = plan.decision().due();
        out.printf("Due: %s — %s%s%n", due.due() ? "yes" : "no", due.reason(),
                due instanceof Due.No no && no.nextDueOn().isPresent() ? "; next due on " + no.nextDueOn().get() : "");
        out.printf("Chosen: %s%n", plan.decision().chosen().orElse("nothing — " + plan.decision().skipReason().orElse("")));
        out.println("Candidates:");
        for (Candidate candidate : plan.decision().candidates()) {
            out.printf("  %s %-28s %s%n", candidate.eligible() ? "+" : "-", candidate.piece(), candidate.reason());
            if (candidate.eligible()) out.printf("    %-28s learned value: %s%n", "", candidate.evidence());
        }
        out.flush();
    }
}
