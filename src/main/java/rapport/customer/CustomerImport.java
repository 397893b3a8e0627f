package rapport.customer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Imports a customers CSV: streams the file, checks every row, and writes valid rows in
 * batches. A bad row is reported and skipped; the rest goes on. Re-importing updates existing
 * customers but never changes a suppressed status. Not thread-safe; one import at a time.
 */
public final class CustomerImport {
    private static final int BATCH = 10_000;

    private final CustomerRepository repository;
    private final List<String> stages;
    private final ZoneId zone;
    private final LocalDate today;

    /** @param stages the ladder in order; new customers without a stage start on the first */
    public CustomerImport(CustomerRepository repository, List<String> stages, ZoneId zone, LocalDate today) {
        this.repository = repository;
        this.stages = stages;
        this.zone = zone;
        this.today = today;
    }

    /** A file that cannot be imported at all (unreadable, no header, no email column). */
    public static final class BadFileException extends RuntimeException {
        public BadFileException(String message) {
            super(message);
        }
    }

    public ImportReport run(Path file, boolean dryRun) {
        try (InputStream in = Files.newInputStream(file)) {
            return run(file.getFileName().toString(), in, dryRun);
        } catch (IOException e) {
            throw new BadFileException(file + ": cannot read: " + e.getMessage());
        }
    }

    public ImportReport run(String label, InputStream in, boolean dryRun) throws IOException {
        CSVFormat format = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).setTrailingData(true).build();
        try (CSVParser parser = CSVParser.parse(new BufferedReader(new InputStreamReader(skipBom(in), StandardCharsets.UTF_8)), format)) {
            Iterator<CSVRecord> records = parser.iterator();
            if (!records.hasNext()) throw new BadFileException(label + ": the file is empty; a header row is required");
            CsvRowReader reader = new CsvRowReader(header(label, records.next()), new LinkedHashSet<>(stages), zone);
            return importRows(parser, records, reader, dryRun);
        } catch (java.io.UncheckedIOException e) {
            throw new BadFileException(label + ":1: cannot read the header row: " + e.getCause().getMessage());
        }
    }

    private ImportReport importRows(CSVParser parser, Iterator<CSVRecord> records, CsvRowReader reader, boolean dryRun) {
        SeenKeys seen = new SeenKeys();
        List<ImportReport.Rejection> rejected = new ArrayList<>();
        List<ImportedCustomer> batch = new ArrayList<>(BATCH);
        int[] counts = new int[2];
        long nextLine = parser.getCurrentLineNumber() + 1;
        while (true) {
            int line = (int) nextLine;
            CSVRecord record;
            try {
                if (!records.hasNext()) break;
                record = records.next();
            } catch (java.io.UncheckedIOException e) {
                // An unclosed quote swallows the rest of the file: keep what came before, report the rest.
                rejected.add(new ImportReport.Rejection(line, "cannot read from here to the end of the file: "
                        + e.getCause().getMessage()));
                break;
            }
            nextLine = parser.getCurrentLineNumber() + 1;
            try {
                ImportedCustomer row = reader.read(line, record.toList());
                int first = seen.putIfAbsent(row.emailKey(), line);
                if (first != 0) {
                    rejected.add(new ImportReport.Rejection(line, "duplicate of line " + first
                            + " (emails are compared case-insensitively)"));
                    continue;
                }
                batch.add(row);
            } catch (CsvRowReader.BadRow bad) {
                rejected.add(new ImportReport.Rejection(line, bad.getMessage()));
            }
            if (batch.size() == BATCH) flush(batch, counts, rejected, dryRun);
        }
        flush(batch, counts, rejected, dryRun);
        rejected.sort((a, b) -> Long.compare(a.line(), b.line()));
        return new ImportReport(counts[0], counts[1], rejected, dryRun);
    }

    private void flush(List<ImportedCustomer> batch, int[] counts, List<ImportReport.Rejection> rejected, boolean dryRun) {
        if (batch.isEmpty()) return;
        Map<String, Status> known = repository.statusByKey(batch.stream().map(ImportedCustomer::emailKey).toList());
        List<ImportedCustomer> inserts = new ArrayList<>();
        List<ImportedCustomer> updates = new ArrayList<>();
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
        counts[0] += inserts.size();
        counts[1] += updates.size();
        batch.clear();
    }

    private static Map<String, Integer> header(String label, CSVRecord header) {
        Map<String, Integer> columns = new LinkedHashMap<>();
        Set<String> duplicates = new LinkedHashSet<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i).trim().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) continue;
            if (columns.putIfAbsent(name, i) != null) duplicates.add(name);
        }
        if (!duplicates.isEmpty()) {
            throw new BadFileException(label + ":1: duplicate column " + String.join(", ", duplicates));
        }
        if (!columns.containsKey("email")) {
            throw new BadFileException(label + ":1: no \"email\" column in the header row (found: "
                    + String.join(", ", columns.keySet()) + ")");
        }
        return columns;
    }

    private static InputStream skipBom(InputStream in) throws IOException {
        PushbackInputStream pushback = new PushbackInputStream(in, 3);
        byte[] head = pushback.readNBytes(3);
        boolean bom = head.length == 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF;
        if (!bom) pushback.unread(head);
        return pushback;
    }
}
