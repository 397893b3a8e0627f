package rapport.render;

import freemarker.cache.ClassTemplateLoader;
import freemarker.cache.FileTemplateLoader;
import freemarker.cache.TemplateLoader;
import freemarker.core.InvalidReferenceException;
import freemarker.core.ParseException;
import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.SimpleObjectWrapper;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import freemarker.template.TemplateHashModel;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import rapport.content.Piece;

/**
 * The one FreeMarker {@link Configuration} of a workspace, sandboxed: templates load only from
 * {@code templates/} (or, for the {@linkplain #pages pages}, the product's own set), {@code ?new}
 * can instantiate nothing, {@code ?api} is off, the object wrapper exposes only plain data (no
 * Java methods or classes), {@code .ftlh} output is HTML-escaped, and every error is rethrown,
 * never written into an email or a page. Templates are parsed
 * once and cached. Thread-safe: FreeMarker templates may be processed concurrently.
 */
public final class TemplateEngine {
    /** White space and control characters: a header value keeps none but single spaces. */
    private static final Pattern BREAKS = Pattern.compile("[\\s\\p{Cntrl}]+");

    static final freemarker.template.Version VERSION = Configuration.VERSION_2_3_34;

    private final Path templates;
    private final Configuration configuration;
    private final Map<String, Template> subjects = new ConcurrentHashMap<>();

    public TemplateEngine(Path templates, ZoneId zone) {
        this(templates, confined(templates), zone);
    }

    /**
     * The engine of the pages {@code serve} shows people in a browser (the unsubscribe page and
     * those to come): the same sandbox, over the product's own set in {@code rapport/pages/} on
     * the class path, never the marketer's folder. Dates and times it formats are in {@code zone}.
     */
    public static TemplateEngine pages(ZoneId zone) {
        return product("rapport/pages", zone);
    }

    /**
     * The engine of the studio's own pages ({@code rapport studio}): the same sandbox, over the
     * product's set in {@code rapport/studio/} on the class path, apart from the public pages.
     */
    public static TemplateEngine studio(ZoneId zone) {
        return product("rapport/studio", zone);
    }

    /** The engine of the relationship report's page ({@code report --out}, the studio's Report), over {@code rapport/report/}. */
    public static TemplateEngine report(ZoneId zone) {
        return product("rapport/report", zone);
    }

    private static TemplateEngine product(String set, ZoneId zone) {
        return new TemplateEngine(null, new ClassTemplateLoader(TemplateEngine.class.getClassLoader(), set), zone);
    }

    private TemplateEngine(Path templates, TemplateLoader loader, ZoneId zone) {
        this.templates = templates;
        Configuration cfg = new Configuration(VERSION);
        cfg.setTemplateLoader(loader);
        cfg.setDefaultEncoding("UTF-8");
        cfg.setRecognizeStandardFileExtensions(true);
        cfg.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        cfg.setLogTemplateExceptions(false);
        cfg.setWrapUncheckedExceptions(true);
        cfg.setFallbackOnNullLoopVariable(false);
        cfg.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
        cfg.setAPIBuiltinEnabled(false);
        cfg.setObjectWrapper(new SimpleObjectWrapper(VERSION));
        cfg.setTemplateNameFormat(freemarker.cache.TemplateNameFormat.DEFAULT_2_4_0);
        cfg.setLocalizedLookup(false);
        cfg.setTemplateUpdateDelayMilliseconds(Long.MAX_VALUE);
        cfg.setLocale(Locale.US);
        cfg.setTimeZone(TimeZone.getTimeZone(zone));
        cfg.setNumberFormat("0.##");
        this.configuration = cfg;
    }

    private static TemplateLoader confined(Path templates) {
        try {
            // Its default canonical-path check also refuses links that point out of templates/.
            return new ConfinedLoader(templates.toFile());
        } catch (IOException e) {
            throw new IllegalStateException("cannot use " + templates + " as the template folder: " + e.getMessage(), e);
        }
    }

    /** Renders a template of the templates folder, by its name there (e.g. {@code welcome.ftlh}). */
    public String render(String name, Map<String, Object> model) throws RenderException {
        return renderModel(name, model);
    }

    /** Renders for lint's stand-in, a hash that sees every name a template asks for. */
    String render(String name, TemplateHashModel model) throws RenderException {
        return renderModel(name, model);
    }

    /**
     * Runs a template as {@link #render} does and throws what it would throw, but keeps none of
     * the output: checking that a note can be written costs no copy of it.
     */
    public void check(String name, Map<String, Object> model) throws RenderException {
        process(template(name), model, name, 0, Writer.nullWriter());
    }

    private String renderModel(String name, Object model) throws RenderException {
        StringWriter out = new StringWriter();
        process(template(name), model, name, 0, out);
        return out.toString();
    }

    private Template template(String name) throws RenderException {
        Template template;
        try {
            template = configuration.getTemplate(name);
        } catch (IOException e) {
            // FreeMarker caches a failed parse and rethrows it wrapped on later calls: look through.
            ParseException p = parseCause(e);
            if (p != null) throw syntaxError(p, name);
            throw new RenderException(label(name, name), 1, "cannot load the template: " + firstLine(e.getMessage()));
        }
        return template;
    }

    /** Renders a piece's subject line: plain text, whitespace folded onto one line. */
    public String renderSubject(Piece piece, Map<String, Object> model) throws RenderException {
        return renderSubjectModel(piece, model);
    }

    /** Renders a subject for lint's stand-in, a hash that sees every name a template asks for. */
    String renderSubject(Piece piece, TemplateHashModel model) throws RenderException {
        return renderSubjectModel(piece, model);
    }

    private String renderSubjectModel(Piece piece, Object model) throws RenderException {
        Template template = subjects.get(piece.id());
        if (template == null) {
            try {
                template = new Template(piece.id() + " (subject)", new StringReader(piece.subject()), configuration);
            } catch (ParseException e) {
                SyntaxErrors.Located at = SyntaxErrors.locate(e, piece.subject());
                throw new RenderException(piece.file(), piece.subjectLine() + at.line() - 1, "syntax error in the subject: " + at.message());
            } catch (IOException e) {
                throw new IllegalStateException("reading a string cannot fail", e);
            }
            subjects.put(piece.id(), template);
        }
        StringWriter out = new StringWriter();
        process(template, model, piece.file(), piece.subjectLine(), out);
        return oneLine(out.toString());
    }

    /** Folds every run of white space and control characters into one space: a header value stays on one line. */
    static String oneLine(String text) {
        return BREAKS.matcher(text).replaceAll(" ").trim();
    }

    private void process(Template template, Object model, String name, int subjectLine, Writer out) throws RenderException {
        try {
            template.process(model, out);
        } catch (TemplateException e) {
            // An imported or included template does not parse: blame it and its line, not the importer.
            ParseException p = parseCause(e);
            if (p != null) throw syntaxError(p, name);
            String file = subjectLine > 0 ? name : label(e.getTemplateSourceName(), name);
            int line = e.getLineNumber() == null ? 1 : e.getLineNumber();
            if (subjectLine > 0) line = subjectLine + line - 1;
            throw new RenderException(file, line, describe(e));
        } catch (IOException e) {
            ParseException p = parseCause(e);
            if (p != null) throw syntaxError(p, name);
            throw new RenderException(label(name, name), 1, "cannot load a template: " + firstLine(e.getMessage()));
        }
    }

    /** The parse error of a template file behind {@code e}; not one of {@code ?interpret}, which has no file. */
    private static ParseException parseCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ParseException p) return p.getTemplateName() == null || p.getTemplateName().contains("->") ? null : p;
        }
        return null;
    }

    private RenderException syntaxError(ParseException p, String fallback) {
        String name = p.getTemplateName() != null ? p.getTemplateName() : fallback;
        SyntaxErrors.Located at = SyntaxErrors.locate(p, source(name));
        return new RenderException(label(name, fallback), at.line(), "syntax error: " + at.message());
    }

    /** The text of a template that failed to parse, to find the line of its mistake; null if unreadable. */
    private String source(String name) {
        if (templates == null) return null;
        try {
            return Files.readString(templates.resolve(name), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String describe(TemplateException e) {
        // Lint's own sentence, with its "did you mean" quotes kept.
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnknownName u) return u.getMessageWithoutStackTop().strip();
        }
        if (e instanceof InvalidReferenceException && e.getBlamedExpressionString() != null) {
            String expr = e.getBlamedExpressionString();
            return expr + " is missing (give a default like " + expr + "!\"...\" or test it with " + expr + "??)";
        }
        return firstLine(e.getMessageWithoutStackTop());
    }

    private static String label(String sourceName, String fallback) {
        String name = sourceName != null ? sourceName : fallback;
        return name.startsWith("templates/") ? name : "templates/" + name;
    }

    static String firstLine(String message) {
        if (message == null) return "unknown error";
        String line = message.strip().split("\\R", 2)[0];
        return line.replace("\"", "'");
    }

    /**
     * FileTemplateLoader refuses a link out of {@code templates/} with a SecurityException, which
     * would escape as a crash (naming the link's target). Here such a file is simply not found,
     * so FreeMarker reports it as a missing template with the line that asked for it.
     */
    private static final class ConfinedLoader extends FileTemplateLoader {
        ConfinedLoader(java.io.File baseDir) throws IOException {
            super(baseDir);
        }

        @Override
        public Object findTemplateSource(String name) throws IOException {
            try {
                return super.findTemplateSource(name);
            } catch (SecurityException e) {
                return null;
            }
        }
    }
}
