package rapport.customer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackInputStream;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Imports a customers CSV: streams the file, checks every row, and writes valid rows in
 * batches. A bad row is reported and skipped; the rest goes on. Re-importing updates existing
 * customers but never changes a suppressed status. Not thread-safe; one import at a time.
 *
 * <p>The file is read and checked on the calling thread while the batch before is written on
 * another, so a two-core machine does both at once. Batches are large because the store writes
 * each in the order of its email keys (see {@code CustomerStore.insert}): the more rows a batch
 * holds, the more of them share a page of the key index. Two at most are held in memory. As a
 * batch may be written before the last row is read, a file is first checked to decode whole
 * ({@link EncodingCheck}): a file in another encoding is refused with nothing written.
 */
public final class CustomerImport {
    private static final int BATCH = 100_000;
    /** A batch also ends at about this many bytes held, so wide rows keep the same memory bound. */
    private static final long BATCH_BYTES = 64L << 20;

    private final CustomerRepository repository;
    private final List<String> stages;
    private final ZoneId zone;
    private final LocalDate today;
    private final int batchRows;

    /** @param stages the ladder in order; new customers without a stage start on the first */
    public CustomerImport(CustomerRepository repository, List<String> stages, ZoneId zone, LocalDate today) {
        this(repository, stages, zone, today, BATCH);
    }

    CustomerImport(CustomerRepository repository, List<String> stages, ZoneId zone, LocalDate today, int batchRows) {
        this.repository = repository;
        this.stages = stages;
        this.zone = zone;
        this.today = today;
        this.batchRows = batchRows;
    }

    /** A file that cannot be imported at all (unreadable, no header, no email column). */
    public static final class BadFileException extends RuntimeException {
        public BadFileException(String message) {
            super(message);
        }
    }

    /**
     * Imports a file read in {@code encoding}. The whole file is checked to decode first, so a
     * file in another encoding than it is read in is refused with nothing written.
     *
     * @throws BadFileException for a file that cannot be imported at all, with nothing written
     */
    public ImportReport run(Path file, Charset encoding, boolean dryRun) {
        String label = file.getFileName().toString();
        try {
            EncodingCheck.check(file, label, encoding);
            try (InputStream in = Files.newInputStream(file)) {
                return run(label, in, encoding, dryRun);
            }
        } catch (IOException e) {
            throw new BadFileException(file + ": cannot read: " + e.getMessage());
        }
    }

    /**
     * Imports UTF-8 from a stream, which cannot be read twice: a byte that is not UTF-8 stops the
     * import where it stands, with the rows before it kept and the rest reported.
     */
    public ImportReport run(String label, InputStream in, boolean dryRun) throws IOException {
        return run(label, in, StandardCharsets.UTF_8, dryRun);
    }

    private ImportReport run(String label, InputStream in, Charset encoding, boolean dryRun) throws IOException {
        CSVFormat format = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).setTrailingData(true).build();
        // Excel's "CSV UTF-8" starts with a byte-order mark, which the UTF-8 decoder would keep as a character.
        InputStream bytes = encoding.equals(StandardCharsets.UTF_8) ? skipBom(in) : in;
        Reader text = new InputStreamReader(bytes, EncodingCheck.strictDecoder(encoding));
        try (CSVParser parser = CSVParser.parse(new BufferedReader(text), format)) {
            Iterator<CSVRecord> records = parser.iterator();
            if (!records.hasNext()) throw new BadFileException(label + ": the file is empty; a header row is required");
            CsvRowReader reader = new CsvRowReader(CsvRowReader.columns(label, records.next()), new LinkedHashSet<>(stages), zone);
            return importRows(parser, records, reader, dryRun);
        } catch (java.io.UncheckedIOException e) {
            throw new BadFileException(label + ":1: cannot read the header row: " + why(e));
        }
    }

    private ImportReport importRows(CSVParser parser, Iterator<CSVRecord> records, CsvRowReader reader, boolean dryRun) {
        try (BatchWriter writer = new BatchWriter(dryRun)) {
            return importRows(parser, records, reader, writer);
        }
    }

    private ImportReport importRows(CSVParser parser, Iterator<CSVRecord> records, CsvRowReader reader, BatchWriter writer) {
        SeenKeys seen = new SeenKeys();
        List<ImportReport.Rejection> rejected = new ArrayList<>();
        List<ImportedCustomer> batch = new ArrayList<>(batchRows);
        long held = 0;
        long nextLine = parser.getCurrentLineNumber() + 1;
        while (true) {
            int line = (int) nextLine;
            CSVRecord record;
            try {
                if (!records.hasNext()) break;
                record = records.next();
            } catch (java.io.UncheckedIOException e) {
                // An unclosed quote swallows the rest of the file: keep what came before, report the rest.
                rejected.add(new ImportReport.Rejection(line, "cannot read from here to the end of the file: " + why(e)));
                break;
            }
            nextLine = parser.getCurrentLineNumber() + 1;
            try {
                List<String> values = record.toList();
                ImportedCustomer row = reader.read(line, values);
                int first = seen.putIfAbsent(row.emailKey(), line);
                if (first != 0) {
                    rejected.add(new ImportReport.Rejection(line, "duplicate of line " + first
                            + " (emails are compared case-insensitively)"));
                    continue;
                }
                batch.add(row);
                held += footprint(values);
            } catch (CsvRowReader.BadRow bad) {
                rejected.add(new ImportReport.Rejection(line, bad.getMessage()));
            }
            if (batch.size() == batchRows || held >= BATCH_BYTES) {
                writer.write(batch);
                batch = new ArrayList<>(batchRows);
                held = 0;
            }
        }
        writer.write(batch);
        BatchWriter.Written written = writer.finish();
        rejected.addAll(written.rejected());
        rejected.sort((a, b) -> Long.compare(a.line(), b.line()));
        return new ImportReport(written.inserted(), written.updated(), rejected, writer.dryRun);
    }

    /** The decoder's own words for a bad byte ("Input length = 1") tell a user nothing. */
    private static String why(java.io.UncheckedIOException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof CharacterCodingException) return "a byte that is not valid in the file's encoding";
        }
        return e.getCause().getMessage();
    }

    /** Roughly what a row costs on the heap once read: its strings, the record, a map or list. */
    private static long footprint(List<String> values) {
        long chars = 0;
        for (String value : values) chars += value.length();
        return 300 + 2 * chars;
    }

    /**
     * Writes one batch at a time on its own thread while the next is read. A write that fails
     * stops the import at the next hand-over, with the batches before it kept, as they would be
     * if the import ran on one thread.
     */
    private final class BatchWriter implements AutoCloseable {
        record Written(int inserted, int updated, List<ImportReport.Rejection> rejected) {}

        private final boolean dryRun;
        private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "rapport-import-writer");
            t.setDaemon(true);
            return t;
        });
        private Future<Written> pending = CompletableFuture.completedFuture(new Written(0, 0, List.of()));

        BatchWriter(boolean dryRun) {
            this.dryRun = dryRun;
        }

        void write(List<ImportedCustomer> batch) {
            if (batch.isEmpty()) return;
            // Looked up here, while the batch before is still being written: a batch never holds
            // a key of an earlier one (the file's duplicates are rejected as they are read), so it
            // needs only what the database held before this import.
            Map<String, Status> known = repository.statusByKey(batch.stream().map(ImportedCustomer::emailKey).toList());
            Written before = await();
            pending = thread.submit(() -> add(before, flush(batch, known)));
        }

        Written finish() {
            return await();
        }

        private Written await() {
            try {
                return pending.get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException failure) throw failure;
                throw new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while writing customers", e);
            }
        }

        private static Written add(Written a, Written b) {
            List<ImportReport.Rejection> rejected = new ArrayList<>(a.rejected());
            rejected.addAll(b.rejected());
            return new Written(a.inserted() + b.inserted(), a.updated() + b.updated(), rejected);
        }

        private Written flush(List<ImportedCustomer> batch, Map<String, Status> known) {
            List<ImportedCustomer> inserts = new ArrayList<>();
            List<ImportedCustomer> updates = new ArrayList<>();
            List<ImportReport.Rejection> rejected = new ArrayList<>();
            for (ImportedCustomer row : batch) {
                Status status = known.get(row.emailKey());
                if (status == null) {
                    inserts.add(row);
                } else if (status == Status.FORGOTTEN) {
                    rejected.add(new ImportReport.Rejection(row.line(),
                            "this person asked to be forgotten; the address stays suppressed and nothing is stored"));
                } else {
                    updates.add(row);
                }
            }
            if (!dryRun) {
                if (!inserts.isEmpty()) repository.insert(inserts, stages.get(0), today);
                if (!updates.isEmpty()) repository.update(updates);
            }
            return new Written(inserts.size(), updates.size(), rejected);
        }

        /** Waits for a write under way, so nothing is left half done behind a failure. */
        @Override
        public void close() {
            thread.shutdown();
            try {
                while (!thread.awaitTermination(1, TimeUnit.MINUTES)) {
                    // A large batch against a slow database: keep waiting rather than leave it writing.
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static InputStream skipBom(InputStream in) throws IOException {
        PushbackInputStream pushback = new PushbackInputStream(in, 3);
        byte[] head = pushback.readNBytes(3);
        boolean bom = head.length == 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF;
        if (!bom) pushback.unread(head);
        return pushback;
    }
}
