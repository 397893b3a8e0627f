package rapport.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import rapport.delivery.JournaledSends;
import rapport.delivery.Ledger;

/**
 * The embedded database's note of accepted messages, kept beside its file: one line per message,
 * written the moment the server took it, before the ledger's next group commit. A write to this
 * file is in the operating system's hands when it returns, so it survives a kill of the process,
 * as an H2 commit does; it costs a system call where a commit costs a rewritten page per table.
 *
 * <p>The file holds each message until the ledger has it, in segments of {@link #SEGMENT} lines;
 * a segment goes once every line of it is recorded. Each segment is locked by the process that
 * writes it: a segment nobody holds belongs to a process that died, and {@link SentJournals} puts
 * it into the ledger (before any of that process's claims are handed back, or they would be sent
 * again). Replaying a line the ledger already has changes nothing. Thread-safe.
 */
final class SentJournal implements JournaledSends.Journal {
    private static final Logger LOG = LoggerFactory.getLogger(SentJournal.class);
    static final int SEGMENT = 20_000;
    static final String SUFFIX = ".sent";

    private final Path dir;
    private final String process;
    /** Told when this journal closes: its files may then be replayed. */
    private final Runnable closed;
    /** Segments not yet removed, by number: each stays open and locked while lines of it are unrecorded. */
    private final Map<Integer, Segment> segments = new LinkedHashMap<>();
    private Segment current;
    private int next;

    private static final class Segment {
        final Path path;
        final FileChannel channel;
        final FileLock lock;
        int written;
        int recorded;

        Segment(Path path, FileChannel channel, FileLock lock) {
            this.path = path;
            this.channel = channel;
            this.lock = lock;
        }
    }

    SentJournal(Path dir, String process, Runnable closed) {
        this.dir = dir;
        this.process = process;
        this.closed = closed;
    }

    /** The prefix of every segment file of a process's journal. */
    static String prefix(String process) {
        return process + "-";
    }

    @Override
    public synchronized int note(String runId, Ledger.Outcome.Sent sent) {
        try {
            if (current == null || current.written >= SEGMENT) {
                Segment full = current;
                current = open(next++);
                if (full != null && full.recorded >= full.written) remove(next - 2, full);
            }
            String line = escape(runId) + '\t' + sent.customerId() + '\t' + escape(sent.piece()) + '\t' + escape(sent.kind())
                    + '\t' + escape(sent.messageId()) + '\t' + sent.at().toEpochMilli() + '\t' + escape(sent.subject()) + '\n';
            ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) current.channel.write(bytes);
            current.written++;
            return next - 1;
        } catch (IOException e) {
            throw new StoreException("cannot note a sent message in " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void recorded(int segment, int lines) {
        Segment s = segments.get(segment);
        if (s == null) return;
        s.recorded += lines;
        if (s != current && s.recorded >= s.written) remove(segment, s);
    }

    /** Removes the journal when the ledger holds all of it; otherwise leaves it for {@link #recover}. */
    @Override
    public synchronized void close() {
        for (var e : List.copyOf(segments.entrySet())) {
            Segment s = e.getValue();
            if (s.recorded >= s.written) {
                remove(e.getKey(), s);
            } else {
                closeQuietly(s); // unlocked: the next run to open replays it
                segments.remove(e.getKey());
            }
        }
        current = null;
        closed.run();
    }

    /** Created under a temporary name and renamed once locked, so no other process can take it for an orphan. */
    private Segment open(int number) throws IOException {
        Files.createDirectories(dir);
        Path path = dir.resolve(prefix(process) + number + SUFFIX);
        Path temporary = dir.resolve(prefix(process) + number + ".new");
        FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        FileLock lock = channel.lock();
        try {
            Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, path);
        }
        Segment s = new Segment(path, channel, lock);
        segments.put(number, s);
        return s;
    }

    private void remove(int number, Segment s) {
        try {
            Files.deleteIfExists(s.path); // while still locked: no other process replays it meanwhile
        } catch (IOException e) {
            // Left on disk, it is replayed later, which changes nothing: the ledger has every line.
        }
        closeQuietly(s);
        segments.remove(number);
    }

    private static void closeQuietly(Segment s) {
        try {
            s.lock.release();
            s.channel.close();
        } catch (IOException e) {
            // Closing releases the lock whatever happens; nothing is lost, the lines are on disk.
        }
    }

    /** The whole lines of a segment; a line cut short by the kill was never finished, so never acted on. */
    static Map<String, List<Ledger.Outcome>> read(Path file, byte[] content) {
        Map<String, List<Ledger.Outcome>> byRun = new LinkedHashMap<>();
        String text = new String(content, StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n');
        if (end < 0) return byRun;
        String[] lines = text.substring(0, end).split("\n");
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n];
            String[] f = line.split("\t", -1);
            // Six fields before notes kept their subject; a journal left by an older version still replays.
            if (f.length != 6 && f.length != 7) {
                LOG.warn("{}:{}: journal line not replayed (not one Rapport writes): {}", file, n + 1, line);
                continue;
            }
            try {
                byRun.computeIfAbsent(unescape(f[0]), k -> new ArrayList<>()).add(new Ledger.Outcome.Sent(Long.parseLong(f[1]),
                        unescape(f[2]), unescape(f[3]), unescape(f[4]), Instant.ofEpochMilli(Long.parseLong(f[5])),
                        f.length == 7 ? unescape(f[6]) : null));
            } catch (NumberFormatException e) {
                LOG.warn("{}:{}: journal line not replayed (not one Rapport writes): {}", file, n + 1, line);
            }
        }
        return byRun;
    }

    /** Tabs and line ends cannot occur in piece names, kinds, Message-IDs or subjects; escaped all the same. */
    private static String escape(String s) {
        if (s == null) return "\\0";
        if (s.indexOf('\\') < 0 && s.indexOf('\t') < 0 && s.indexOf('\n') < 0) return s;
        return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n");
    }

    private static String unescape(String s) {
        if (s.equals("\\0")) return null;
        if (s.indexOf('\\') < 0) return s;
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                out.append(n == 't' ? '\t' : n == 'n' ? '\n' : n);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
