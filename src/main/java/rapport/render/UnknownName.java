package rapport.render;

import freemarker.template.TemplateModelException;

/**
 * A template asked for a name the data model does not have. Thrown by lint's stand-in model at
 * the moment of asking, so FreeMarker places it at the line that asked, and so a default
 * ({@code !"there"}, {@code ??}) cannot hide a misspelling. Immutable.
 */
final class UnknownName extends TemplateModelException {
    UnknownName(String message) {
        super(message);
    }
}
