package rapport.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import rapport.config.ConfigLoader;
import rapport.config.Environment;
import rapport.dkim.DkimKey;
import rapport.dkim.DkimRecord;

/** {@code rapport dkim}: the key that signs every note, and the DNS record that publishes it. */
@Command(name = "dkim", mixinStandardHelpOptions = true,
        description = "DKIM signing: `rapport dkim keygen --selector S` writes a key and prints the DNS record to publish.",
        subcommands = DkimCommand.Keygen.class)
final class DkimCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "keygen", mixinStandardHelpOptions = true,
            description = "Writes a new signing key (PKCS#8 PEM, readable only by you; never over an existing file) and prints"
                    + " the DNS TXT record to publish and the lines to add to the configuration.")
    static final class Keygen implements Callable<Integer> {
        @Mixin CommonOptions common;

        @Option(names = "--selector", required = true, paramLabel = "S",
                description = "The key's name in DNS (S._domainkey.DOMAIN), e.g. rapport2026; a new one for each new key.")
        String selector;

        @Option(names = "--algorithm", paramLabel = "rsa|ed25519", defaultValue = "rsa",
                description = "rsa (2048 bits, what every receiver checks; the default) or ed25519 (RFC 8463, shorter).")
        String algorithm;

        @Option(names = "--out", paramLabel = "FILE",
                description = "Where to write the key, relative to the workspace as private_key_file is (default: config/dkim-S.pem).")
        String out;

        @Option(names = "--domain", paramLabel = "DOMAIN",
                description = "The signing domain (default: the domain of sender.address); given, the configuration is not read.")
        String domain;

        @Override
        public Integer call() {
            if (!DkimRecord.isSelector(selector)) {
                throw new UsageException("--selector: expected a DNS label such as rapport2026, got \"" + selector + "\"");
            }
            DkimKey.Algorithm chosen = DkimKey.Algorithm.named(algorithm);
            if (chosen == null) throw new UsageException("--algorithm: rsa or ed25519, got \"" + algorithm + "\"");
            String signing = domain != null ? domain.strip().toLowerCase(Locale.ROOT) : senderDomain();
            Path workspace = Environment.workspace(((RapportCommand) common.spec.root().userObject()).workspace).toAbsolutePath();
            String relative = out != null ? out : "config/dkim-" + selector + ".pem";
            Path file = workspace.resolve(relative).normalize();

            DkimKey key = DkimKey.generate(chosen);
            write(file, key.toPem());
            DkimRecord record = new DkimRecord(selector, signing, key);
            if (common.json) {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("file", file.toString());
                json.put("algorithm", chosen.dnsName());
                json.put("bits", key.bits());
                json.put("domain", signing);
                json.put("selector", selector);
                json.put("record_name", record.name());
                json.put("record_value", record.value());
                Json.print(common.out(), json);
                return 0;
            }
            print(common.out(), record, relative, key);
            return 0;
        }

        private String senderDomain() {
            try (Workspace ws = common.open()) {
                String address = ws.config().sender().address();
                return address.substring(address.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
            }
        }

        /** Created, never replaced, and readable by its owner only from its first byte. */
        private static void write(Path file, String pem) {
            try {
                Files.createDirectories(file.getParent());
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                } catch (UnsupportedOperationException notPosix) {
                    Files.createFile(file);
                }
                Files.writeString(file, pem, StandardCharsets.US_ASCII);
            } catch (FileAlreadyExistsException e) {
                throw new UsageException(file + " already exists; a key is never overwritten (choose another --selector or --out)");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the key to " + file, e);
            }
        }

        private static void print(PrintWriter out, DkimRecord record, String file, DkimKey key) {
            String kind = key.algorithm() == DkimKey.Algorithm.RSA ? "a " + key.bits() + "-bit RSA key" : "an Ed25519 key";
            out.printf("Wrote %s: %s, readable only by you. Keep it secret, and keep a copy.%n%n", file, kind);
            out.printf("1. Publish this TXT record in the DNS of %s:%n%n%s%n%n", record.domain(), record.zoneLine());
            out.printf("   (in a DNS provider's web form: name %s._domainkey, value %s)%n%n", record.selector(), record.value());
            out.printf("2. Once `dig +short TXT %s` shows it, add to %s:%n%n", record.name(), ConfigLoader.FILE);
            out.printf("dkim:%n  domain: %s%n  selector: %s%n  private_key_file: %s%n%n", record.domain(), record.selector(), file);
            out.println("From then on every note and confirmation is signed. README, \"Signing and the 2024 bulk-sender rules\", says why.");
            out.flush();
        }
    }
}
