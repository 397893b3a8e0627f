package rapport.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.function.Function;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import rapport.config.ConfigLoader;
import rapport.config.RapportConfig;
import rapport.content.Catalog;
import rapport.delivery.Mailer;
import rapport.delivery.NextNote;
import rapport.delivery.SendOptions;
import rapport.delivery.SendRun;
import rapport.render.MessageComposer;
import rapport.store.LedgerStore;
import rapport.club.ReferralPass;
import rapport.club.ReferralRules;
import rapport.club.Rewards;
import rapport.render.Invitations;
import rapport.render.Links;
import rapport.render.LintReport;
import rapport.render.Linter;
import rapport.render.Renderer;
import rapport.render.TemplateEngine;
import rapport.tokens.Tokens;
import rapport.selection.LearnedValue;
import rapport.selection.Policy;
import rapport.selection.Selector;
import rapport.store.CustomerStore;
import rapport.store.Database;
import rapport.store.EvidenceStore;
import rapport.store.FeedbackStore;
import rapport.inbox.MailClassifier;
import rapport.inbox.Mailbox;
import rapport.feedback.StagePass;
import rapport.store.ReferralStore;
import rapport.store.RelationshipStore;
import rapport.store.SignupStore;
import rapport.feedback.StageRules;

/**
 * The composition root of one command: the workspace's configuration and, on first use, its
 * database, catalog, template engine and the selection of next notes. Not thread-safe; one per command.
 */
final class Workspace implements AutoCloseable {
    private final RapportConfig config;
    private final Clock clock;
    private Database database;
    /** A database open started before this workspace was asked for (see {@link Early}); null otherwise. */
    private CompletableFuture<Database> opening;
    private final Object databaseLock = new Object();
    private Catalog catalog;
    private TemplateEngine engine;

    private Workspace(RapportConfig config, Function<ZoneId, Clock> clock) {
        this.config = config;
        this.clock = clock.apply(config.schedule().timeZone());
    }

    /** @param clock the command's clock, given the schedule's time zone (an ISO date for {@code --as-of} is a day there) */
    static Workspace open(Path dir, Map<String, String> env, Function<ZoneId, Clock> clock) {
        return new Workspace(load(dir, env), clock);
    }

    /** The configuration; a folder without one is not yet a workspace, and the message says how to make one. */
    private static RapportConfig load(Path dir, Map<String, String> env) {
        if (!Files.exists(dir.resolve(ConfigLoader.FILE))) {
            throw new UsageException("no " + ConfigLoader.FILE + " here (" + dir.toAbsolutePath().normalize()
                    + "): make a workspace with `rapport init DIR`, or point --workspace at one");
        }
        return ConfigLoader.load(dir, env);
    }

    static Workspace open(Path dir, Map<String, String> env, Clock clock) {
        return open(dir, env, zone -> clock);
    }

    /**
     * A workspace whose configuration is read and whose database starts opening on a thread of
     * its own as soon as the command line names a command that will need both, while picocli
     * is still building its model of that command: on a cold {@code preview} those two steps
     * took about as long as each other. A failure (a bad configuration, a database that will
     * not open) reaches the command when it asks for the workspace or its database, exactly
     * as it would have without the head start.
     */
    static final class Early {
        private final Path dir;
        private final CompletableFuture<RapportConfig> config;
        private final CompletableFuture<Database> database;
        private boolean taken;

        private Early(Path dir, Map<String, String> env) {
            this.dir = dir;
            this.config = new CompletableFuture<>();
            // A thread of its own: on two cores the common pool has one, which nextNote() also uses.
            this.database = CompletableFuture.supplyAsync(() -> {
                RapportConfig loaded;
                try {
                    loaded = load(dir, env);
                } catch (RuntimeException | Error e) {
                    config.completeExceptionally(e);
                    throw e;
                }
                config.complete(loaded);
                return Database.open(loaded.database(), poolSize(loaded, 0));
            }, task -> {
                Thread t = new Thread(task, "rapport-early-open");
                t.setDaemon(true);
                t.start();
            });
        }

        static Early start(Path dir, Map<String, String> env) {
            return new Early(dir, env);
        }

        /** The workspace for {@code dir}, if this is the one started for it; each is taken at most once. */
        synchronized Optional<Workspace> take(Path dir, Function<ZoneId, Clock> clock) {
            if (taken || !this.dir.equals(dir)) return Optional.empty();
            // Built before it counts as taken: a clock that cannot be made (a bad --as-of) leaves
            // the database to closeIfNotTaken instead of open for the rest of the process.
            Workspace ws = new Workspace(join(config), clock);
            ws.opening = database;
            taken = true;
            return Optional.of(ws);
        }

        /** Closes what nobody took (a usage error, another workspace): waits for the open to settle first. */
        synchronized void closeIfNotTaken() {
            if (taken) return;
            taken = true;
            try {
                database.join().close();
            } catch (CompletionException | CancellationException e) {
                // Never taken, so nobody needs to hear why it did not open.
            }
        }
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) throw cause;
            if (e.getCause() instanceof Error error) throw error;
            throw e;
        }
    }

    private static int poolSize(RapportConfig config, int extra) {
        return Math.max(2, config.smtp().connections() + 2) + extra;
    }

    RapportConfig config() {
        return config;
    }

    Clock clock() {
        return clock;
    }

    Database database() {
        return database(0);
    }

    /** The database, opened on first use with {@code extra} connections beyond a send's (for serve's scheduler). */
    Database database(int extra) {
        // Its own lock: nextNote() opens the database on a second thread while the caller may hold this workspace's.
        synchronized (databaseLock) {
            if (database == null && opening != null) {
                CompletableFuture<Database> started = opening;
                opening = null;
                database = join(started);
            }
            if (database == null) database = Database.open(config.database(), poolSize(config, extra));
            return database;
        }
    }

    CustomerStore customers() {
        return new CustomerStore(database(), clock);
    }

    Set<String> knownStages() {
        Set<String> stages = new LinkedHashSet<>(config.stageNames());
        stages.add(Policy.DORMANT);
        return stages;
    }

    Catalog catalog() {
        if (catalog == null) catalog = Catalog.load(config.workspace().resolve("templates"), knownStages());
        return catalog;
    }

    TemplateEngine engine() {
        if (engine == null) engine = new TemplateEngine(config.workspace().resolve("templates"), config.schedule().timeZone());
        return engine;
    }

    LintReport lint(Instant now) {
        return new Linter(engine(), config.sender(), Invitations.from(config)).lint(catalog(), now);
    }

    Links links() {
        return new Links(config.tracking(), config.sender(), tokens());
    }

    /** Tokens signed with the current secret and verified with it and every previous one. */
    Tokens tokens() {
        List<String> secrets = new java.util.ArrayList<>();
        secrets.add(secret());
        secrets.addAll(config.tracking().previousSecrets());
        return new Tokens(secrets);
    }

    /** What decides and renders a customer's next note, for {@code preview} and the send alike. */
    NextNote nextNote(Instant now) {
        return nextNote(now, links());
    }

    /** As {@link #nextNote(Instant)}, rendering with these links: a test copy's, that count nothing, or the doctor's. */
    NextNote nextNote(Instant now, Links links) {
        return nextNote(now, links, null, null);
    }

    /**
     * As {@link #nextNote(Instant, Links)}, with what keeps pieces out of a send and what people
     * said of them already known ({@code failures}, a full lint's, and {@code learned}, as the
     * studio reads both anyway), or null to find them here.
     */
    NextNote nextNote(Instant now, Links links, Map<String, String> failures, LearnedValue learned) {
        // A cold start's two longest steps side by side: the database opens on a second thread
        // while this one reads and lints the templates.
        CompletableFuture<Database> connecting = CompletableFuture.supplyAsync(this::database);
        Map<String, String> lintFailures;
        Renderer renderer;
        try {
            lintFailures = failures != null ? failures
                    : new Linter(engine(), config.sender(), Invitations.from(config)).failures(catalog(), now);
            renderer = new Renderer(engine(), config, links);
        } catch (RuntimeException | Error e) {
            connecting.exceptionally(failed -> null).join(); // settled, so that close() finds what it opened
            throw e;
        }
        join(connecting);
        Selector selector = new Selector(Policy.from(config), catalog().pieces(), lintFailures,
                learned != null ? learned : learnedValue(), rewards().toSend());
        return new NextNote(customers(), catalog(), selector, renderer);
    }

    /**
     * What people said about each piece, read once (one query over {@code note_feedback}); with
     * {@code feedback.learning: false}, nothing is read and every term is 0.
     */
    LearnedValue learnedValue() {
        if (!config.feedback().learning()) return LearnedValue.off();
        return LearnedValue.of(new EvidenceStore(database()).byPieceAndStage(), config.feedback().weight());
    }

    /** The weekly send, wired to SMTP when {@code smtp.host} is set and to the outbox otherwise. */
    SendRun sendRun(int limit) {
        Instant now = clock.instant();
        Mailer mailer = Mailer.of(config);
        LedgerStore ledger = new LedgerStore(database());
        return new SendRun(customers(), ledger, ledger.durability(), nextNote(now), new MessageComposer(mailer.session(), config.sender()),
                mailer, clock, Clock.systemUTC(), config.schedule().timeZone(),
                SendOptions.defaults(config.smtp().connections(), config.smtp().maxPerSecond(), limit));
    }

    /**
     * For {@code serve}: a send run that reads the templates afresh, as a new {@code rapport send}
     * would, so a piece edited while the scheduler runs is what the next scheduled send uses.
     * Synchronized: the scheduler calls it from its own thread.
     */
    synchronized SendRun freshSendRun() {
        catalog = null;
        engine = null;
        return sendRun(0);
    }

    /** For {@code studio}: the next catalog, lint and note read the templates folder afresh, as a new command would. */
    synchronized void rereadTemplates() {
        catalog = null;
        engine = null;
    }

    /** The reply mailbox of {@code imap}; without that section, a usage error that says how to add it. */
    Mailbox mailbox() {
        RapportConfig.Imap imap = config.imap().orElseThrow(() -> new UsageException(
                "no mailbox to read: add an imap section to " + config.file() + " (see README, \"Listening back\")"));
        return new Mailbox(imap, new MailClassifier(tokens(), config.sender().replyTo()), new FeedbackStore(database(), clock), clock);
    }

    /** Moves customers along the ladder as the stage rules say, on this command's clock. */
    StagePass stagePass() {
        java.time.Duration confirmWithin = java.time.Duration.ofDays(config.signup().confirmWithinDays());
        SignupStore signups = new SignupStore(database());
        return new StagePass(new RelationshipStore(database()), StageRules.from(config), clock,
                now -> signups.dropUnconfirmed(now.minus(confirmWithin)),
                new ReferralPass(rewards(), ReferralRules.from(config.referrals())));
    }

    /** Rewards earned by bringing friends, and the referrals held for the owner. */
    Rewards rewards() {
        return new ReferralStore(database());
    }

    /**
     * The token secret: {@code tracking.secret}, or else one made on first use and kept in
     * {@code data/tracking.secret}, so tokens stay valid across runs without any setup.
     */
    String secret() {
        if (!config.tracking().secret().isEmpty()) return config.tracking().secret();
        Path file = config.workspace().resolve("data").resolve("tracking.secret");
        try {
            if (Files.exists(file)) return Files.readString(file, StandardCharsets.UTF_8).trim();
            Files.createDirectories(file.getParent());
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            String secret = HexFormat.of().formatHex(random);
            Path temp = Files.createTempFile(file.getParent(), "secret", ".tmp");
            try {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // Not a POSIX file system: the folder's own permissions apply.
            }
            Files.writeString(temp, secret, StandardCharsets.UTF_8);
            Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the tracking secret in " + file, e);
        }
    }

    @Override
    public void close() {
        synchronized (databaseLock) {
            if (database == null && opening != null) {
                // Started early but never asked for: still opened, so still closed.
                try {
                    database = opening.join();
                } catch (CompletionException e) {
                    // It did not open; the command never needed it, so there is nothing to report.
                }
                opening = null;
            }
            if (database != null) database.close();
        }
    }
}
