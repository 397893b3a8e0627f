package rapport.studio;

import java.time.ZoneId;
import java.util.Map;
import rapport.render.ShopPages;
import rapport.render.TemplateEngine;

/**
 * The studio's pages, from its own template set ({@code rapport/studio/*.ftlh}, sharing
 * {@code _desk.ftlh}) in the one sandboxed engine, every value escaped. Thread-safe.
 */
final class StudioPages {
    private final ShopPages pages;

    StudioPages(String shop, ZoneId zone) {
        this.pages = new ShopPages(TemplateEngine.studio(zone), shop, "studio page");
    }

    String render(String name, Map<String, Object> model) {
        return pages.render(name, model);
    }
}
