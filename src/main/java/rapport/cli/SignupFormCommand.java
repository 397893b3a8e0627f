package rapport.cli;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import rapport.club.Consent;
import rapport.club.Joining;
import rapport.config.RapportConfig;
import rapport.feedback.Preferences;
import rapport.render.RenderException;
import rapport.render.TemplateEngine;

/** {@code rapport signup-form}: the join form as HTML, to paste into the shop's own website. */
@Command(name = "signup-form", mixinStandardHelpOptions = true,
        description = "Prints an HTML form to paste into the shop's website: first name, email, the interests of signup.interests"
                + " (or every interest the pieces name), the consent sentence and a hidden field for robots. It posts to"
                + " tracking.base_url/join, which `rapport serve` answers when signup.enabled is true.")
final class SignupFormCommand implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Override
    public Integer call() throws RenderException {
        try (Workspace ws = common.open()) {
            RapportConfig config = ws.config();
            if (!config.signup().enabled()) {
                throw new UsageException("joining is switched off: set signup.enabled: true in " + config.file()
                        + " (see README, \"Joining from the website\"), then run `rapport serve` to answer the form");
            }
            List<String> offered = Preferences.offered(config.signup().interests(),
                    ws.catalog().pieces().stream().flatMap(p -> p.interests().stream()).toList(), List.of());
            String base = config.tracking().baseUrl();
            Map<String, Object> model = Map.of("action", (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/join",
                    "shop", config.sender().name(), "offered", offered, "wording", Consent.wording(config.sender().name()),
                    "honeypot", Joining.HONEYPOT);
            common.out().print(TemplateEngine.pages(config.schedule().timeZone()).render("snippets/signup-form.ftlh", model));
            common.out().flush();
            return 0;
        }
    }
}
