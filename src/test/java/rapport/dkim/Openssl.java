package rapport.dkim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/** The openssl command, a second opinion on key files nobody on the team wrote. Stateless. */
public final class Openssl {
    private Openssl() {}

    public static boolean installed() {
        try {
            return new ProcessBuilder("openssl", "version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The p= openssl makes of a key file: its SubjectPublicKeyInfo for RSA, the last 32 bytes of it for Ed25519. */
    public static String publicKey(Path file, DkimKey.Algorithm algorithm) throws Exception {
        byte[] der = run(List.of("openssl", "pkey", "-in", file.toString(), "-pubout", "-outform", "DER"));
        if (algorithm == DkimKey.Algorithm.ED25519) der = Arrays.copyOfRange(der, der.length - 32, der.length);
        return Base64.getEncoder().encodeToString(der);
    }

    /** A new key file, as an operator would make one: {@code openssl genpkey}. */
    public static void generate(Path file, DkimKey.Algorithm algorithm) throws Exception {
        run(algorithm == DkimKey.Algorithm.RSA
                ? List.of("openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", file.toString())
                : List.of("openssl", "genpkey", "-algorithm", "ed25519", "-out", file.toString()));
    }

    private static byte[] run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertEquals(0, p.waitFor(), String.join(" ", command));
        return out;
    }
}
