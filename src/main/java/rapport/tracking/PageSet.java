package rapport.tracking;

import java.time.ZoneId;
import java.util.Map;
import rapport.render.ShopPages;
import rapport.render.TemplateEngine;

/**
 * The pages people see in a browser, rendered from the product's own templates
 * ({@code rapport/pages/*.ftlh}, all sharing {@code _page.ftlh}) by the sandboxed engine, with
 * every value escaped. They speak in the shop's name ({@code sender.name}), handed to every
 * page as {@code shop}. Thread-safe.
 */
final class PageSet {
    private final ShopPages pages;

    PageSet(String shop, ZoneId zone) {
        this.pages = new ShopPages(TemplateEngine.pages(zone), shop, "page");
    }

    /** The page {@code name} (without {@code .ftlh}) filled with {@code model} and the shop's name. */
    String render(String name, Map<String, Object> model) {
        return pages.render(name, model);
    }
}
