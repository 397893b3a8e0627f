package rapport.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;
import rapport.config.RapportConfig.Dkim;
import rapport.config.RapportConfig.Doctor;
import rapport.config.RapportConfig.Feedback;
import rapport.config.RapportConfig.Referrals;
import rapport.config.RapportConfig.Reward;
import rapport.config.RapportConfig.Sender;
import rapport.config.RapportConfig.Signup;
import rapport.config.RapportConfig.StageConfig;
import rapport.config.RapportConfig.Studio;
import rapport.dkim.DkimKey;
import rapport.dkim.DkimRecord;
import rapport.dkim.UnusableKeyException;

/**
 * The optional sections of the configuration about listening to customers and growing the club
 * ({@code feedback}, {@code signup}, {@code referrals}), the marketer's desk ({@code studio}),
 * signing ({@code dkim}) and the checker ({@code doctor}): each read and checked with its defaults, so a mistake in one is reported
 * by key and line like any other. Stateless.
 */
final class ClubSections {
    private static final List<String> FEEDBACK_KEYS = List.of("learning", "weight");
    private static final List<String> SIGNUP_KEYS = List.of("enabled", "interests", "confirm_within_days");
    private static final List<String> REFERRALS_KEYS = List.of("stages", "count_after_days", "rewards", "throwaway_domains");
    private static final List<String> REWARD_KEYS = List.of("at", "piece");
    private static final List<String> STUDIO_KEYS = List.of("listen");
    private static final List<String> DKIM_KEYS = List.of("domain", "selector", "private_key_file");
    private static final List<String> DOCTOR_KEYS = List.of("dns");
    private static final Pattern DOMAIN = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+");
    private static final Pattern PIECE_ID = Pattern.compile("[a-z0-9][a-z0-9_-]*");

    private ClubSections() {}

    static Feedback feedback(YamlSection top) {
        YamlSection s = top.sectionOrEmpty("feedback", FEEDBACK_KEYS);
        return new Feedback(s.flag("learning", true), s.whole("weight", 30, 0, 100));
    }

    static Signup signup(YamlSection top) {
        YamlSection s = top.sectionOrEmpty("signup", SIGNUP_KEYS);
        List<String> interests = new ArrayList<>();
        for (String interest : s.texts("interests")) {
            String clean = interest.strip().toLowerCase(Locale.ROOT);
            if (clean.isEmpty()) throw s.fail("interests", "an interest must not be empty");
            if (!interests.contains(clean)) interests.add(clean);
        }
        return new Signup(s.flag("enabled", false), List.copyOf(interests), s.whole("confirm_within_days", 7, 1, 365));
    }

    static Referrals referrals(YamlSection top, List<StageConfig> ladder) {
        YamlSection s = top.sectionOrEmpty("referrals", REFERRALS_KEYS);
        List<String> names = ladder.stream().map(StageConfig::name).toList();
        List<String> stages = new ArrayList<>();
        for (String stage : s.texts("stages")) {
            String name = stage.strip();
            if (!names.contains(name)) {
                throw s.fail("stages", "\"" + name + "\" is not a stage of the ladder (" + String.join(", ", names) + ")");
            }
            if (!stages.contains(name)) stages.add(name);
        }
        List<Reward> rewards = new ArrayList<>();
        List<Node> items = s.items("rewards");
        for (int i = 0; i < items.size(); i++) {
            YamlSection r = s.entry("rewards", i, items.get(i), REWARD_KEYS);
            int at = r.requiredWhole("at", 1, 10_000);
            String piece = r.required("piece").strip();
            if (!PIECE_ID.matcher(piece).matches()) {
                throw r.fail("piece", "expected a piece's id (its file name without .ftlh, e.g. thank-you), got \"" + piece + "\"");
            }
            if (!rewards.isEmpty() && at <= rewards.get(rewards.size() - 1).at()) {
                throw r.fail("at", "milestones must rise: " + at + " comes after " + rewards.get(rewards.size() - 1).at());
            }
            rewards.add(new Reward(at, piece));
        }
        List<String> throwaway = new ArrayList<>();
        for (String domain : s.texts("throwaway_domains")) {
            String clean = domain.strip().toLowerCase(Locale.ROOT);
            if (clean.startsWith("@")) clean = clean.substring(1);
            if (!DOMAIN.matcher(clean).matches()) {
                throw s.fail("throwaway_domains", "expected a mail domain such as mailinator.com, got \"" + domain.strip() + "\"");
            }
            if (!throwaway.contains(clean)) throwaway.add(clean);
        }
        return new Referrals(stages, s.whole("count_after_days", 14, 0, 365), rewards, throwaway);
    }

    static Studio studio(YamlSection top) {
        YamlSection s = top.sectionOrEmpty("studio", STUDIO_KEYS);
        Checks.HostPort listen = s.checked("listen", "127.0.0.1:8090", Checks::listen);
        if (!loopback(listen.host())) {
            throw s.fail("listen", "the studio listens on loopback only (127.0.0.1, ::1 or localhost), got \"" + listen.host() + "\"");
        }
        return new Studio(listen.host(), listen.port());
    }

    static Optional<Dkim> dkim(YamlSection top, Path root, Sender sender) {
        return top.section("dkim", DKIM_KEYS).map(s -> {
            String domain = s.required("domain").strip().toLowerCase(Locale.ROOT);
            String from = sender.address().substring(sender.address().lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
            if (!domain.equals(from)) {
                throw s.fail("domain", "must be the domain of sender.address (" + from + ") for DMARC alignment, got \"" + domain + "\"");
            }
            String selector = s.required("selector").strip();
            if (!DkimRecord.isSelector(selector)) {
                throw s.fail("selector", "expected a DNS label such as rapport2026, got \"" + selector + "\"");
            }
            String file = s.required("private_key_file").strip();
            Path path = s.requiredChecked("private_key_file", v -> Checks.path(root, v));
            try {
                // Read once, here: a key that cannot sign stops every command at its start, not the send at its first note.
                return new Dkim(domain, selector, path, DkimKey.load(path));
            } catch (UnusableKeyException e) {
                throw s.fail("private_key_file", e.getMessage() + (e.missing()
                        ? "; make one with `rapport dkim keygen --selector " + selector + " --domain " + domain + " --out " + file + "`"
                        : ""));
            }
        });
    }

    /** {@code doctor.dns}: the DNS server {@code rapport doctor} asks, written {@code host:port}. */
    static Doctor doctor(YamlSection top) {
        return top.section("doctor", DOCTOR_KEYS)
                .flatMap(s -> s.text("dns").map(String::strip).filter(v -> !v.isEmpty())
                        .map(v -> s.requiredChecked("dns", Checks::listen)))
                .map(dns -> new Doctor(Optional.of(dns.host()), dns.port()))
                .orElse(Doctor.DEFAULTS);
    }

    private static boolean loopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.equals("::1") || h.equals("[::1]") || h.startsWith("127.");
    }
}
