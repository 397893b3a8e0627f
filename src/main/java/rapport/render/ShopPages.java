package rapport.render;

import java.util.HashMap;
import java.util.Map;

/**
 * A set of pages that ship with the product (the public pages of {@code serve}, the studio's),
 * rendered from their own templates by the sandboxed engine with every value escaped, each
 * handed the shop's name as {@code shop}. Thread-safe.
 */
public final class ShopPages {
    private final TemplateEngine engine;
    private final String shop;
    private final String kind;

    /** @param kind what the pages are called in an error, e.g. "page" or "studio page" */
    public ShopPages(TemplateEngine engine, String shop, String kind) {
        this.engine = engine;
        this.shop = shop;
        this.kind = kind;
    }

    /** The page {@code name} (without {@code .ftlh}) filled with {@code model} and the shop's name. */
    public String render(String name, Map<String, Object> model) {
        Map<String, Object> all = new HashMap<>(model);
        all.put("shop", shop);
        try {
            return engine.render(name + ".ftlh", all);
        } catch (RenderException e) {
            // The pages ship with the product: one that fails is a bug, never a person's doing.
            throw new IllegalStateException("the " + kind + " " + name + " cannot be rendered: " + e.getMessage(), e);
        }
    }
}
