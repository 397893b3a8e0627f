package rapport.render;

import freemarker.core.Environment;
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
import java.util.Set;
import rapport.config.RapportConfig;
import rapport.config.Spelling;
import rapport.content.Piece;

/**
 * The stand-in customers lint renders each piece for: a full one (every field of the data model
 * present, any attribute answering) and a sparse one (only what every customer has). The full one
 * refuses every name outside {@link Model}'s lists the moment a template asks for it, default or
 * not, and notes whether the piece read any customer data at all. Not thread-safe: one per lint
 * run of a piece.
 */
final class LintModel {
    static final String SAMPLE_UNSUBSCRIBE = "https://unsubscribe.invalid/u/sample";
    static final Map<String, Object> SAMPLE_LINKS = Map.copyOf(new NoteLinks(SAMPLE_UNSUBSCRIBE, "https://unsubscribe.invalid/p/sample",
            "https://unsubscribe.invalid/f/sample?v=useful", "https://unsubscribe.invalid/f/sample?v=not-for-me").model());
    static final Map<String, Object> SAMPLE_LINKS_INVITING = Map.copyOf(new NoteLinks(SAMPLE_UNSUBSCRIBE,
            "https://unsubscribe.invalid/p/sample", "https://unsubscribe.invalid/f/sample?v=useful",
            "https://unsubscribe.invalid/f/sample?v=not-for-me", "https://unsubscribe.invalid/join?r=sample").model());
    private boolean customerRead;
    private boolean referralRead;

    TemplateHashModel full(Piece piece, RapportConfig.Sender sender, Instant now) {
        return full(piece, sender, now, true);
    }

    /** @param invited whether the stand-in gets an invitation link ({@code links.referral}) */
    TemplateHashModel full(Piece piece, RapportConfig.Sender sender, Instant now, boolean invited) {
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
        c.put("referredBy", "Maria");
        counts(c);
        Map<String, Object> model = new HashMap<>();
        model.put("customer", new Watched("customer.", c, Model.CUSTOMER));
        model.put("sender", new Watched("sender.", Model.sender(sender), Model.SENDER));
        model.put("links", new Watched("links.", invited ? SAMPLE_LINKS_INVITING : SAMPLE_LINKS, Model.LINKS));
        model.put("now", new SimpleDate(Date.from(now), TemplateDateModel.DATETIME));
        return new Watched("", model, Model.TOP_LEVEL);
    }

    /** Only what every customer has: what a piece must not need without a default. */
    Map<String, Object> sparse(Piece piece, RapportConfig.Sender sender, Instant now) {
        Map<String, Object> c = new HashMap<>();
        c.put("email", "someone@example.com");
        c.put("stage", piece.stages().get(0));
        c.put("interests", List.of());
        c.put("attributes", Map.of());
        counts(c);
        Map<String, Object> model = new HashMap<>();
        model.put("customer", c);
        model.put("sender", Model.sender(sender));
        // Who gets no invitation link is the referral check's to say, by stage: here everyone has one.
        model.put("links", SAMPLE_LINKS_INVITING);
        model.put("now", new SimpleDate(Date.from(now), TemplateDateModel.DATETIME));
        return model;
    }

    boolean customerRead() {
        return customerRead;
    }

    /** Whether the piece asked for {@code links.referral} (with a default or not). */
    boolean referralRead() {
        return referralRead;
    }

    private static void counts(Map<String, Object> c) {
        c.put("notesReceived", 3);
        c.put("opens", 2);
        c.put("clicks", 1);
        c.put("replies", 0);
        c.put("referrals", 1);
    }

    /**
     * One hash of the model ({@code prefix} names it, empty for the top level). FreeMarker asks
     * the hash for a name even under {@code !}, {@code ??}, {@code ?has_content} and
     * {@code ?default}, so refusing here catches what a default would hide.
     */
    private final class Watched implements TemplateHashModel {
        private final String prefix;
        private final Map<String, Object> values;
        private final Set<String> known;

        Watched(String prefix, Map<String, Object> values, Set<String> known) {
            this.prefix = prefix;
            this.values = values;
            this.known = known;
        }

        @Override
        public TemplateModel get(String key) throws TemplateModelException {
            if (prefix.equals("customer.")) customerRead = true;
            if (prefix.equals("links.") && key.equals("referral")) referralRead = true;
            if (!known.contains(key) && !isFreemarkersOwn(key)) {
                String hint = Spelling.closest(key, known).map(k -> "; did you mean \"" + k + "\"?").orElse("");
                String where = prefix.isEmpty() ? " (nor does the template set it)" : "";
                throw new UnknownName("refers to data the model does not have: " + prefix + key + where + hint);
            }
            Object value = values.get(key);
            return value == null ? null : freemarker.template.ObjectWrapper.DEFAULT_WRAPPER.wrap(value);
        }

        /** FreeMarker looks its built-in shared directives ({@code <@compress>}) up in the data model first. */
        private boolean isFreemarkersOwn(String key) {
            Environment env = Environment.getCurrentEnvironment();
            return prefix.isEmpty() && env != null && env.getConfiguration().getSharedVariable(key) != null;
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
