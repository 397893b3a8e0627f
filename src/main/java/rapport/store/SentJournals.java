package rapport.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import rapport.delivery.JournaledSends;
import rapport.delivery.Ledger;

/**
 * The journals of one embedded database, in a folder beside its file ({@code data/rapport.journal}):
 * one {@link SentJournal} per sending process, and the replay of those whose process died.
 *
 * <p>A journal open in this process is never opened by the replay, because on Linux closing any
 * descriptor of a file drops every lock the process holds on it: another process would then take
 * a live journal for an orphan. So one instance serves the whole process: the {@link Database}
 * holds it. Thread-safe.
 */
public final class SentJournals implements JournaledSends.Journals {
    private final Path dir;
    /** File-name prefixes of the journals this process has open. */
    private final Set<String> open = ConcurrentHashMap.newKeySet();

    SentJournals(Path dir) {
        this.dir = dir;
    }

    @Override
    public JournaledSends.Journal open(String process) {
        String prefix = SentJournal.prefix(process);
        open.add(prefix);
        return new SentJournal(dir, process, () -> open.remove(prefix));
    }

    /**
     * Hands every orphaned segment (its writer is gone) to {@code replay}, run by run, then
     * removes it. Segments a live process holds are left alone. Returns the lines replayed.
     */
    @Override
    public synchronized int replayOrphans(BiConsumer<String, List<Ledger.Outcome>> replay) {
        if (!Files.isDirectory(dir)) return 0;
        List<Path> orphans = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SentJournal.SUFFIX)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (open.stream().noneMatch(name::startsWith)) orphans.add(file);
            }
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw new StoreException("cannot read the journal " + dir + ": " + e.getMessage(), e);
        }
        int replayed = 0;
        for (Path file : orphans) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                FileLock lock;
                try {
                    lock = channel.tryLock();
                } catch (OverlappingFileLockException e) {
                    continue; // a journal of this process, opened since the listing
                }
                if (lock == null || !Files.exists(file)) continue; // alive elsewhere, or just replayed by another
                Map<String, List<Ledger.Outcome>> byRun = SentJournal.read(file, Files.readAllBytes(file));
                byRun.forEach(replay);
                for (List<Ledger.Outcome> lines : byRun.values()) replayed += lines.size();
                Files.delete(file);
            } catch (NoSuchFileException e) {
                // Replayed and removed by another process since the listing.
            } catch (IOException e) {
                throw new StoreException("cannot replay " + file + ": " + e.getMessage(), e);
            }
        }
        return replayed;
    }

}
