package rapport.tracking;

import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import rapport.render.RenderException;
import rapport.render.TemplateEngine;

/**
 * The pages people see in a browser, rendered from the product's own templates
 * ({@code rapport/pages/*.ftlh}, all sharing {@code _page.ftlh}) by the sandboxed engine, with
 * every value escaped. They speak in the shop's name ({@code sender.name}), handed to every
 * page as {@code shop}. Thread-safe.
 */
final class PageSet {
    private final TemplateEngine engine;
    private final String shop;

    PageSet(String shop, ZoneId zone) {
        this.engine = TemplateEngine.pages(zone);
        this.shop = shop;
    }

    /** The page {@code name} (without {@code .ftlh}) filled with {@code model} and the shop's name. */
    String render(String name, Map<String, Object> model) {
        Map<String, Object> all = new HashMap<>(model);
        all.put("shop", shop);
        try {
            return engine.render(name + ".ftlh", all);
        } catch (RenderException e) {
            // The pages ship with the product: one that fails is a bug, never a person's doing.
            throw new IllegalStateException("the page " + name + " cannot be rendered: " + e.getMessage(), e);
        }
    }
}
