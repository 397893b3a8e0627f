package rapport.studio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.stream.Stream;

/**
 * A number that changes whenever a file under a folder is added, removed, renamed or saved:
 * each file's name, size and modification time, hashed together. Reading the attributes of a
 * templates folder is cheap enough to do on every page and twice a second, and unlike a
 * {@link java.nio.file.WatchService} it sees edits made through an editor's rename-into-place
 * and on file systems that send no events. Stateless.
 */
public final class FolderStamp {
    private FolderStamp() {}

    public static long of(Path folder) {
        if (!Files.isDirectory(folder)) return 0;
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).mapToLong(FolderStamp::ofFile).sum();
        } catch (IOException | UncheckedIOException e) {
            // A file removed while the folder was read: the next look sees the folder settled.
            return -1;
        }
    }

    private static long ofFile(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            long h = file.toString().hashCode();
            h = h * 31 + a.size();
            h = h * 31 + a.lastModifiedTime().toMillis();
            // Mixed, so that two edits cannot cancel out in the sum.
            h ^= h >>> 33;
            h *= 0xff51afd7ed558ccdL;
            return h ^ (h >>> 33);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
