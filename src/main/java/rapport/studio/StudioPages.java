package rapport.studio;

import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import rapport.render.RenderException;
import rapport.render.TemplateEngine;

/**
 * The studio's pages, from its own template set ({@code rapport/studio/*.ftlh}, sharing
 * {@code _desk.ftlh}) in the one sandboxed engine, every value escaped. Thread-safe.
 */
final class StudioPages {
    private final TemplateEngine engine;
    private final String shop;

    StudioPages(String shop, ZoneId zone) {
        this.engine = TemplateEngine.studio(zone);
        this.shop = shop;
    }

    String render(String name, Map<String, Object> model) {
        Map<String, Object> all = new HashMap<>(model);
        all.put("shop", shop);
        try {
            return engine.render(name + ".ftlh", all);
        } catch (RenderException e) {
            // The pages ship with the product: one that fails is a bug, never the marketer's doing.
            throw new IllegalStateException("the studio page " + name + " cannot be rendered: " + e.getMessage(), e);
        }
    }
}
