package rapport.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import rapport.customer.Customer;
import rapport.customer.TimelineEvent;

/** {@code rapport customers}: who is where, and one person's timeline. */
@Command(name = "customers", mixinStandardHelpOptions = true, description = "List, show, export or forget customers.",
        subcommands = {CustomersCommand.ListCustomers.class, CustomersCommand.Show.class,
                CustomersCommand.Export.class, CustomersCommand.Forget.class})
final class CustomersCommand implements Runnable {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Every customer, in pages, optionally of one stage.")
    static final class ListCustomers implements Callable<Integer> {
        @Mixin CommonOptions common;

        @Option(names = "--stage", paramLabel = "S", description = "Only customers at this stage.")
        String stage;

        @Override
        public Integer call() throws IOException {
            try (Workspace ws = common.open()) {
                if (stage != null && ws.config().stage(stage).isEmpty()) {
                    throw new UsageException("--stage: unknown stage \"" + stage + "\" (known: "
                            + String.join(", ", ws.config().stageNames()) + ")");
                }
                if (common.json) {
                    JsonGenerator json = Json.generator(common.out());
                    json.writeStartArray();
                    ws.customers().forEachPage(stage, 1000, page -> page.forEach(c -> write(json, summary(c))));
                    json.writeEndArray();
                    json.flush();
                    common.out().println();
                } else {
                    common.out().printf("%-36s %-24s %-13s %-12s %s%n", "EMAIL", "NAME", "STAGE", "STATUS", "LAST NOTE");
                    ws.customers().forEachPage(stage, 1000, page -> page.forEach(c -> common.out().printf(
                            "%-36s %-24s %-13s %-12s %s%n", c.email() == null ? "(forgotten)" : c.email(), name(c),
                            c.stage(), c.status().label(), c.lastNoteAt() == null ? "never" : c.lastNoteAt().toString())));
                }
                common.out().flush();
                return 0;
            }
        }

        private static void write(JsonGenerator json, Object value) {
            try {
                json.writeObject(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One customer and their timeline.")
    static final class Show implements Callable<Integer> {
        @Mixin CommonOptions common;
        @Parameters(paramLabel = "EMAIL") String email;

        @Override
        public Integer call() {
            try (Workspace ws = common.open()) {
                Customer c = find(ws, email);
                List<TimelineEvent> events = ws.customers().timeline(c.id());
                if (common.json) {
                    Json.print(common.out(), detail(c, events));
                    return 0;
                }
                var out = common.out();
                out.printf("%s  %s%n", c.email(), name(c));
                out.printf("stage %s, status %s, joined %s, last note %s%n", c.stage(), c.status().label(),
                        c.joinedAt() == null ? "unknown" : c.joinedAt(), c.lastNoteAt() == null ? "never" : c.lastNoteAt());
                out.printf("interests: %s%s%n", c.interests().isEmpty() ? "none" : String.join(", ", c.interests()),
                        c.wishes().interestsChosen() ? " (chosen by them: an import leaves them alone)" : "");
                if (!c.attributes().isEmpty()) out.printf("attributes: %s%n", c.attributes());
                out.printf("notes %d, human opens %d, clicks %d, replies %d%s%n", c.engagement().notes(), c.engagement().opens(),
                        c.engagement().clicks(), c.engagement().replies(), c.awaitingReply() ? "; waiting for our answer (rapport replies)" : "");
                if (c.circle().referrals() > 0) out.printf("Friends brought: %d%n", c.circle().referrals());
                if (c.circle().referredBy() != null) out.printf("Invited by: %s%n", c.circle().referredBy());
                if (c.dormantSince() != null) out.printf("dormant since %s: gentle check-ins only%n", c.dormantSince());
                if (c.fewerNotes()) out.println("asked for fewer notes: the slow cadence applies");
                c.wishes().pause().ifPresent(until -> out.printf("paused by them until %s%n", until));
                if (!c.wishes().declinedPieces().isEmpty()) {
                    out.printf("said \"not for me\" to: %s%n", String.join(", ", new java.util.TreeSet<>(c.wishes().declinedPieces())));
                }
                out.println(events.isEmpty() ? "timeline: nothing yet" : "timeline:");
                for (TimelineEvent e : events) {
                    out.printf("  %s  %-11s %s%s%s%s%n", e.at(), e.type(), e.piece() == null ? "" : e.piece() + " ",
                            e.detail() == null ? "" : e.detail(), e.machine() ? " (machine: proxy or scanner, not counted)" : "",
                            e.fetches() > 1 ? " (pixel fetched " + e.fetches() + " times in all)" : "");
                }
                out.flush();
                return 0;
            }
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true, description = "Everything held about a person, as JSON.")
    static final class Export implements Callable<Integer> {
        @Mixin CommonOptions common;
        @Parameters(paramLabel = "EMAIL") String email;

        @Override
        public Integer call() {
            try (Workspace ws = common.open()) {
                Customer c = find(ws, email);
                Json.print(common.out(), detail(c, ws.customers().timeline(c.id())));
                return 0;
            }
        }
    }

    @Command(name = "forget", mixinStandardHelpOptions = true,
            description = "Erase a person (name, data, timeline) but keep the address suppressed.")
    static final class Forget implements Callable<Integer> {
        @Mixin CommonOptions common;
        @Parameters(paramLabel = "EMAIL") String email;

        @Override
        public Integer call() {
            try (Workspace ws = common.open()) {
                Customer c = find(ws, email);
                ws.customers().forget(c);
                if (common.json) Json.print(common.out(), Map.of("email", email.trim(), "status", "forgotten"));
                else common.out().printf("%s is forgotten: their data and timeline are erased; the address stays suppressed.%n", email.trim());
                common.out().flush();
                return 0;
            }
        }
    }

    static Customer find(Workspace ws, String email) {
        Customer c = ws.customers().findByEmail(email.trim())
                .orElseThrow(() -> new UsageException("no customer with the email " + email.trim()));
        if (c.email() == null) throw new UsageException(email.trim() + " was forgotten on request; nothing is held but the suppression");
        return c;
    }

    static String name(Customer c) {
        String name = c.fullName();
        return name.isEmpty() ? "-" : name;
    }

    static Map<String, Object> summary(Customer c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("email", c.email());
        m.put("first_name", c.firstName());
        m.put("last_name", c.lastName());
        m.put("stage", c.stage());
        m.put("status", c.status().label());
        m.put("last_contact_at", c.lastNoteAt() == null ? null : c.lastNoteAt().toString());
        return m;
    }

    static Map<String, Object> detail(Customer c, List<TimelineEvent> events) {
        Map<String, Object> m = summary(c);
        m.put("joined_at", c.joinedAt() == null ? null : c.joinedAt().toString());
        m.put("last_engaged_at", c.lastEngagedAt() == null ? null : c.lastEngagedAt().toString());
        m.put("interests", c.interests());
        m.put("attributes", c.attributes());
        m.put("awaiting_reply", c.awaitingReply());
        m.put("dormant_since", c.dormantSince() == null ? null : c.dormantSince().toString());
        m.put("fewer_notes", c.fewerNotes());
        m.put("interests_chosen", c.wishes().interestsChosen());
        m.put("paused_until", c.wishes().pause().map(Object::toString).orElse(null));
        m.put("not_for_me", new java.util.TreeSet<>(c.wishes().declinedPieces()));
        m.put("engagement", Map.of("notes", c.engagement().notes(), "opens", c.engagement().opens(),
                "clicks", c.engagement().clicks(), "replies", c.engagement().replies()));
        m.put("referrals", c.circle().referrals());
        m.put("referred_by", c.circle().referredBy());
        m.put("events", events.stream().map(e -> {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("type", e.type());
            event.put("at", e.at().toString());
            event.put("piece", e.piece());
            event.put("detail", e.detail());
            event.put("run_id", e.run());
            event.put("machine", e.machine());
            if (e.type().equals("open")) event.put("fetches", e.fetches());
            return event;
        }).toList());
        return m;
    }
}
