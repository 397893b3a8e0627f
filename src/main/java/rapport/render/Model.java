package rapport.render;

import freemarker.template.SimpleDate;
import freemarker.template.TemplateDateModel;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import rapport.config.RapportConfig;
import rapport.customer.Customer;

/**
 * Builds the data model a template sees: {@code customer}, {@code sender}, {@code links} and
 * {@code now}. Only plain values go in (strings, numbers, lists, maps, dates), so templates
 * reach no Java object. A value the store does not have is left out, which FreeMarker reports
 * as missing instead of printing nothing. Stateless.
 */
public final class Model {
    /**
     * The names a template may use, by the hash that holds them: the one list lint holds every
     * piece to, with or without a default. {@code customer.attributes} takes any name (the shop's
     * own CSV columns), so it has no list.
     */
    static final Set<String> TOP_LEVEL = Set.of("customer", "sender", "links", "now");
    static final Set<String> CUSTOMER = Set.of("firstName", "lastName", "email", "stage", "interests", "attributes",
            "joinedAt", "lastContactAt", "daysSinceLastContact", "notesReceived", "opens", "clicks", "replies", "referrals", "referredBy");
    static final Set<String> SENDER = Set.of("name", "address", "postalAddress");
    static final Set<String> LINKS = Set.of("unsubscribe", "preferences", "useful", "notForMe", "referral");

    private Model() {}

    public static Map<String, Object> of(Customer c, RapportConfig.Sender sender, Map<String, String> links,
                                         Instant now, ZoneId zone) {
        Map<String, Object> model = new HashMap<>();
        model.put("customer", customer(c, now, zone));
        model.put("sender", sender(sender));
        model.put("links", Map.copyOf(links));
        model.put("now", new SimpleDate(Date.from(now), TemplateDateModel.DATETIME));
        return model;
    }

    static Map<String, Object> customer(Customer c, Instant now, ZoneId zone) {
        Map<String, Object> m = new LinkedHashMap<>();
        putIfPresent(m, "firstName", c.firstName());
        putIfPresent(m, "lastName", c.lastName());
        putIfPresent(m, "email", c.email());
        m.put("stage", c.stage());
        m.put("interests", c.interests());
        m.put("attributes", c.attributes());
        if (c.joinedAt() != null) {
            m.put("joinedAt", new SimpleDate(Date.from(c.joinedAt().atStartOfDay(zone).toInstant()), TemplateDateModel.DATE));
        }
        if (c.lastNoteAt() != null) {
            m.put("lastContactAt", new SimpleDate(Date.from(c.lastNoteAt()), TemplateDateModel.DATETIME));
            LocalDate last = c.lastNoteAt().atZone(zone).toLocalDate();
            m.put("daysSinceLastContact", Math.max(0, ChronoUnit.DAYS.between(last, now.atZone(zone).toLocalDate())));
        }
        m.put("notesReceived", c.engagement().notes());
        m.put("opens", c.engagement().opens());
        m.put("clicks", c.engagement().clicks());
        m.put("replies", c.engagement().replies());
        m.put("referrals", c.circle().referrals());
        putIfPresent(m, "referredBy", c.circle().referredBy());
        return m;
    }

    static Map<String, Object> sender(RapportConfig.Sender sender) {
        return Map.of("name", sender.name(), "address", sender.address(), "postalAddress", sender.postalAddress());
    }

    private static void putIfPresent(Map<String, Object> m, String key, Object value) {
        if (value != null) m.put(key, value);
    }
}
