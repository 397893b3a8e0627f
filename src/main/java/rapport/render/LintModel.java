package rapport.render;

import freemarker.template.SimpleDate;
import freemarker.template.SimpleScalar;
import freemarker.template.TemplateDateModel;
import freemarker.template.TemplateHashModel;
import freemarker.template.TemplateModel;
import freemarker.template.TemplateModelException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import rapport.config.RapportConfig;
import rapport.content.Piece;

/**
 * The stand-in customers lint renders each piece for: a full one (every field of the data model
 * present, any attribute answering) and a sparse one (only what every customer has). Notes
 * whether the piece read any customer data at all. Not thread-safe: one per lint run of a piece.
 */
final class LintModel {
    static final String SAMPLE_UNSUBSCRIBE = "https://unsubscribe.invalid/u/sample";
    private boolean customerRead;

    Map<String, Object> full(Piece piece, RapportConfig.Sender sender, Instant now) {
        Map<String, Object> c = new HashMap<>();
        c.put("firstName", "Alexandra");
        c.put("lastName", "Whitfield");
        c.put("email", "alexandra.whitfield@example.com");
        c.put("stage", piece.stages().get(0));
        c.put("interests", piece.interests().isEmpty() ? List.of("gifts") : piece.interests());
        c.put("attributes", (TemplateHashModel) new AnyAttribute());
        c.put("joinedAt", new SimpleDate(Date.from(now.minus(400, ChronoUnit.DAYS)), TemplateDateModel.DATE));
        c.put("lastContactAt", new SimpleDate(Date.from(now.minus(30, ChronoUnit.DAYS)), TemplateDateModel.DATETIME));
        c.put("daysSinceLastContact", 30);
        counts(c);
        return model(c, sender, now);
    }

    /** Only what every customer has: what a piece must not need without a default. */
    Map<String, Object> sparse(Piece piece, RapportConfig.Sender sender, Instant now) {
        Map<String, Object> c = new HashMap<>();
        c.put("email", "someone@example.com");
        c.put("stage", piece.stages().get(0));
        c.put("interests", List.of());
        c.put("attributes", Map.of());
        counts(c);
        return model(c, sender, now);
    }

    boolean customerRead() {
        return customerRead;
    }

    private static void counts(Map<String, Object> c) {
        c.put("notesReceived", 3);
        c.put("opens", 2);
        c.put("clicks", 1);
        c.put("replies", 0);
    }

    private Map<String, Object> model(Map<String, Object> customer, RapportConfig.Sender sender, Instant now) {
        Map<String, Object> model = new HashMap<>();
        model.put("customer", new Watched(customer));
        model.put("sender", Model.sender(sender));
        model.put("links", Map.of("unsubscribe", SAMPLE_UNSUBSCRIBE));
        model.put("now", new SimpleDate(Date.from(now), TemplateDateModel.DATETIME));
        return model;
    }

    /** The customer hash, noting that the piece looked at it. */
    private final class Watched implements TemplateHashModel {
        private final Map<String, Object> values;

        Watched(Map<String, Object> values) {
            this.values = values;
        }

        @Override
        public TemplateModel get(String key) throws TemplateModelException {
            customerRead = true;
            Object value = values.get(key);
            return value == null ? null : freemarker.template.ObjectWrapper.DEFAULT_WRAPPER.wrap(value);
        }

        @Override
        public boolean isEmpty() {
            return false;
        }
    }

    /** Attributes are the shop's own CSV columns: lint cannot know them, so any name answers. */
    private static final class AnyAttribute implements TemplateHashModel {
        @Override
        public TemplateModel get(String key) {
            return new SimpleScalar("sample " + key);
        }

        @Override
        public boolean isEmpty() {
            return false;
        }
    }
}
