package rapport.cli;

import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import rapport.config.RapportConfig;
import rapport.content.Catalog;
import rapport.content.LintIssue;
import rapport.content.Piece;
import rapport.customer.Customer;
import rapport.delivery.Mailer;
import rapport.delivery.NextNote;
import rapport.delivery.Reach;
import rapport.delivery.SendRun;
import rapport.render.Links;
import rapport.render.LintReport;
import rapport.render.MessageComposer;
import rapport.render.Note;
import rapport.render.RenderException;
import rapport.selection.LearnedValue;
import rapport.studio.CustomerSearch;
import rapport.studio.Desk;
import rapport.studio.FolderStamp;
import rapport.studio.Studio;

/** {@code rapport studio}: the marketer's desk in a browser, on loopback, until Ctrl-C. Writes nothing. */
@Command(name = "studio", mixinStandardHelpOptions = true,
        description = "The marketer's desk in a browser, on loopback: the catalog with lint, any customer's next note "
                + "(or any piece for them) at phone and desktop width with the decision, live reload on template edits, "
                + "a test send to you, the report. Writes nothing.")
final class StudioCommand implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Mixin AsOfOption asOf;

    @Option(names = "--port", paramLabel = "N", description = "Listen on this port instead of studio.listen's.")
    Integer port;

    @Override
    public Integer call() throws InterruptedException {
        if (port != null && (port < 0 || port > 65535)) throw new UsageException("--port: a port is 0 to 65535, not " + port);
        try (StopSignal stop = StopSignal.install(); Workspace ws = common.open(asOf); Studio studio = open(ws, port)) {
            common.out().println("Studio: " + studio.url());
            common.out().println("Only this address opens it (the key changes at every start); Ctrl-C stops.");
            common.out().flush();
            stop.await();
        }
        return 0;
    }

    /** The studio over this workspace, on {@code studio.listen} or the given port. */
    static Studio open(Workspace ws, Integer port) {
        RapportConfig.Studio listen = ws.config().studio();
        WorkspaceDesk desk = new WorkspaceDesk(ws);
        Studio studio;
        try {
            studio = Studio.start(listen.listenHost(), port == null ? listen.listenPort() : port, desk,
                    ws.config().workspace().resolve("templates"), ws.config().schedule().timeZone());
        } catch (UncheckedIOException e) {
            throw new UsageException(e.getMessage() + " (another studio running? --port picks another port)");
        }
        // Read and lint the templates while the marketer opens the address: the first page then finds them ready.
        Thread prime = new Thread(() -> {
            try {
                desk.snapshot();
            } catch (RuntimeException e) {
                // The first page reads them again and shows what went wrong.
            }
        }, "rapport-studio-prime");
        prime.setDaemon(true);
        prime.start();
        return studio;
    }

    /**
     * The studio's view of a workspace. The catalog, lint and the selection are read again when
     * the templates folder changed since the last page, so every page shows the folder as it is;
     * a page between edits reuses them. Each new reading starts a count of who each piece would
     * go to on one background thread when the catalog first asks; a newer reading abandons an
     * older count between pages.
     * Thread-safe: one lock around the workspace.
     */
    private static final class WorkspaceDesk implements Desk {
        private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WorkspaceDesk.class);

        private final Workspace ws;
        private final Path templates;
        private final ExecutorService counter = Executors.newSingleThreadExecutor(task -> {
            Thread t = new Thread(task, "rapport-studio-reach");
            t.setDaemon(true);
            return t;
        });
        private final List<Runnable> countListeners = new CopyOnWriteArrayList<>();
        private volatile Snapshot current;
        private volatile boolean stopped;
        private long seen;
        /** The last count that ended, and the reading it was for. Guarded by {@code this}. */
        private Snapshot countedFor;
        private Reached counted;
        /** The reading the count running now (or last started) is for. Guarded by {@code this}. */
        private Snapshot countingFor;
        /** What renders test copies, made on the first one of each reading. Guarded by {@code this}. */
        private Snapshot untracedFor;
        private NextNote untraced;

        private record Snapshot(Catalog catalog, LintReport lint, NextNote next, LearnedValue learned, Links links) {}

        WorkspaceDesk(Workspace ws) {
            this.ws = ws;
            this.templates = ws.config().workspace().resolve("templates");
        }

        private synchronized Snapshot snapshot() {
            long stamp = FolderStamp.of(templates);
            if (current == null || stamp != seen) {
                ws.rereadTemplates();
                Instant now = now();
                // A cold start's longest steps side by side: the database opens and what people
                // said of each piece is read on another thread while this one lints; the selection
                // then takes both as found.
                CompletableFuture<LearnedValue> learned = CompletableFuture.supplyAsync(ws::learnedValue);
                LintReport lint = ws.lint(now);
                LearnedValue value;
                try {
                    value = learned.join();
                } catch (CompletionException e) {
                    throw e.getCause() instanceof RuntimeException failed ? failed : e;
                }
                current = new Snapshot(ws.catalog(), lint, ws.nextNote(now, ws.links(), lint.failures(), value), value, ws.links());
                seen = stamp;
            }
            return current;
        }

        private void count(Snapshot snapshot, Instant now) {
            counter.execute(() -> {
                Reached reached;
                try {
                    reached = new Reached(Optional.of(Reach.count(ws.customers(), snapshot.next(), now,
                            () -> current == snapshot && !stopped)), Optional.empty());
                } catch (Reach.Abandoned e) {
                    return;
                } catch (RuntimeException e) {
                    if (stopped) return;
                    LOG.warn("studio: cannot count who each piece would go to: {}", e.getMessage(), e);
                    reached = new Reached(Optional.empty(), Optional.of(e.getMessage()));
                }
                synchronized (this) {
                    countedFor = snapshot;
                    counted = reached;
                }
                countListeners.forEach(Runnable::run);
            });
        }

        /**
         * Counted for the templates as they are now; the first ask for a reading starts its count,
         * so a studio that never shows the catalog never counts, and a cold start's first page
         * does not share the machine with it.
         */
        @Override
        public Reached reach() {
            Snapshot reading = snapshot();
            synchronized (this) {
                if (countedFor == reading) return counted;
                if (countingFor != reading) {
                    countingFor = reading;
                    count(reading, now());
                }
                return new Reached(Optional.empty(), Optional.empty());
            }
        }

        @Override
        public void whenCounted(Runnable listener) {
            countListeners.add(listener);
        }

        @Override
        public void stop() {
            stopped = true;
            // Not interrupted: an interrupt closes the embedded database's file under the reader.
            counter.shutdown();
            try {
                // A count ends at its next page; the workspace must not close under it.
                counter.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private Instant now() {
            return ws.clock().instant();
        }

        @Override
        public Shelf shelf() {
            Snapshot s = snapshot();
            List<LintIssue> loose = new ArrayList<>(s.lint().issues());
            List<Shelved> shelved = new ArrayList<>();
            for (Piece piece : s.catalog().pieces()) {
                List<LintIssue> own = s.lint().issues().stream().filter(i -> owns(piece, i)).toList();
                loose.removeAll(own);
                String failure = s.lint().failures().get(piece.id());
                List<LintIssue> shown = new ArrayList<>(own);
                // A piece can fail through a file it shares (a layout): its reason then shows on it too.
                if (failure != null && own.stream().noneMatch(LintIssue::isError)) shown.add(0, LintIssue.error(piece.file(), 1, failure));
                shelved.add(new Shelved(piece, shown, s.learned().value(piece.id()), failure != null));
            }
            return new Shelf(shelved, loose, s.lint().errors(), s.lint().warnings());
        }

        private static boolean owns(Piece piece, LintIssue issue) {
            return issue.file().equals(piece.file())
                    || piece.textTwin().map(twin -> issue.file().equals(twin) || issue.file().endsWith("/" + twin)).orElse(false);
        }

        @Override
        public List<Match> search(String words, int limit) {
            return new CustomerSearch(ws.database().dataSource()).find(words, limit);
        }

        @Override
        public Optional<Customer> customer(String email) {
            return ws.customers().findByEmail(email);
        }

        @Override
        public NextNote.Draft draft(Customer customer) {
            return snapshot().next().draft(customer, now());
        }

        @Override
        public Note render(String piece, Customer customer) throws RenderException {
            Instant now = now();
            return snapshot().next().render(piece, customer, SendRun.idOf(now, ws.config().schedule().timeZone()), now);
        }

        private synchronized NextNote untraced() {
            Snapshot s = snapshot();
            if (untracedFor != s) {
                untraced = ws.nextNote(now(), s.links().untraced());
                untracedFor = s;
            }
            return untraced;
        }

        @Override
        public NextNote.Draft testDraft(Customer customer) {
            return untraced().draft(customer, now());
        }

        @Override
        public Note testRender(String piece, Customer customer) throws RenderException {
            Instant now = now();
            return untraced().render(piece, customer, SendRun.idOf(now, ws.config().schedule().timeZone()), now);
        }

        @Override
        public String previewHtml(Note note) {
            String pixel = snapshot().links().openPixel(note.customerId(), note.run());
            return note.html().replace(pixel, "").replace(pixel.replace("&", "&amp;"), "");
        }

        @Override
        public List<String> pieceIds() {
            return snapshot().catalog().pieces().stream().map(Piece::id).toList();
        }

        @Override
        public Optional<String> send(Note copy) {
            try (Mailer mailer = Mailer.of(ws.config()); Mailer.Channel channel = mailer.open()) {
                MimeMessage message = new MessageComposer(mailer.session(), ws.config().sender()).compose(copy, now());
                Mailer.Answer answer = channel.send(message, copy.envelopeFrom(), copy.toAddress());
                return answer instanceof Mailer.Answer.Refused refused ? Optional.of(refused.reason()) : Optional.empty();
            }
        }

        @Override
        public synchronized String report() {
            try {
                Path file = Files.createTempFile("rapport-studio-report", ".html");
                try {
                    ReportPage.write(ReportCommand.read(ws), file);
                    return Files.readString(file, StandardCharsets.UTF_8);
                } finally {
                    Files.deleteIfExists(file);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot draw the report: " + e.getMessage(), e);
            }
        }

        @Override
        public String shop() {
            return ws.config().sender().name();
        }

        @Override
        public String replyAddress() {
            return ws.config().sender().replyTo();
        }
    }
}
