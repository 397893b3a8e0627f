package rapport.customer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks that a whole file decodes in its encoding before anything of it is imported. The import
 * writes a batch while it reads the next, so a bad byte found by the import itself would come
 * after customers were stored; this pass finds it first. It streams through fixed buffers and
 * keeps nothing but a line count. Thread-safe: it holds no state.
 */
final class EncodingCheck {
    private static final int BUFFER = 1 << 16;

    private EncodingCheck() {}

    /** A decoder that refuses what its encoding cannot read instead of writing U+FFFD for it. */
    static CharsetDecoder strictDecoder(Charset encoding) {
        return encoding.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    /**
     * @throws CustomerImport.BadFileException naming the first line that does not decode and its byte
     */
    static void check(Path file, String label, Charset encoding) throws IOException {
        CharsetDecoder decoder = strictDecoder(encoding);
        ByteBuffer bytes = ByteBuffer.allocate(BUFFER);
        CharBuffer chars = CharBuffer.allocate(BUFFER);
        Lines lines = new Lines();
        try (ReadableByteChannel channel = Files.newByteChannel(file)) {
            boolean end = false;
            while (!end) {
                end = channel.read(bytes) < 0;
                bytes.flip();
                CoderResult result;
                do {
                    result = decoder.decode(bytes, chars, end);
                    lines.count(chars);
                    if (result.isError()) throw notValid(label, lines.current(), encoding, bytes.get(bytes.position()));
                } while (result.isOverflow());
                bytes.compact();
            }
        }
    }

    private static CustomerImport.BadFileException notValid(String label, long line, Charset encoding, byte bad) {
        String message = label + ":" + line + ": not valid " + encoding.name() + String.format(" (byte 0x%02X)", bad & 0xff);
        // An Excel export is the usual source of a file that is not UTF-8, and Excel writes Windows-1252.
        if (encoding.equals(StandardCharsets.UTF_8)) message += "; if the file came from Excel, try --encoding windows-1252";
        return new CustomerImport.BadFileException(message);
    }

    /** Counts line breaks as a text editor does: LF, CR LF, or a lone CR (older Mac exports). */
    private static final class Lines {
        private long breaks;
        private boolean afterCr;

        void count(CharBuffer chars) {
            char[] array = chars.array();
            for (int i = 0, n = chars.position(); i < n; i++) {
                char c = array[i];
                if (c == '\n') {
                    if (!afterCr) breaks++;
                    afterCr = false;
                } else {
                    afterCr = c == '\r';
                    if (afterCr) breaks++;
                }
            }
            chars.clear();
        }

        long current() {
            return breaks + 1;
        }
    }
}
