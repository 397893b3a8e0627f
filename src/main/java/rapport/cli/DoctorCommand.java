package rapport.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import rapport.doctor.Checkup;
import rapport.doctor.Doctor;
import rapport.doctor.Finding;
import rapport.store.DoctorStore;

/** {@code rapport doctor}: is this workspace ready to send for real, and if not, what to fix. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = "Checks the configuration, the database, SMTP (a test MAIL FROM/RCPT TO, nothing sent), IMAP, the"
                + " tracking URL, SPF, DKIM, DMARC and MX in DNS (doctor.dns: host:port, else the system's resolver), that a"
                + " freshly rendered note signed with the dkim key verifies against the published key, and the"
                + " last 30 days' complaint and bounce rates. One line each: ok, warning or problem, with the fix."
                + " Exits 1 when anything is a problem.")
final class DoctorCommand implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Mixin AsOfOption asOf;

    @Override
    public Integer call() {
        try (Workspace ws = common.open(asOf); DoctorStore records = new DoctorStore(ws.config().database())) {
            Checkup checkup = Checkup.run(Doctor.checks(ws.config(), records, new DoctorNote(ws, records), ws.clock()));
            if (common.json) Json.print(common.out(), json(checkup));
            else print(common.out(), checkup);
            return checkup.problems() > 0 ? Failures.FAILED : 0;
        }
    }

    private static void print(PrintWriter out, Checkup checkup) {
        for (Finding f : checkup.findings()) {
            out.printf("%-8s %-14s %s%n", f.status().word(), f.name(), f.detail());
            f.fix().ifPresent(fix -> out.printf("%-8s %-14s fix: %s%n", "", "", fix));
        }
        out.println(checkup.problems() + (checkup.problems() == 1 ? " problem, " : " problems, ")
                + checkup.warnings() + (checkup.warnings() == 1 ? " warning" : " warnings"));
        out.flush();
    }

    private static Map<String, Object> json(Checkup checkup) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("checks", checkup.findings().stream().map(f -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", f.name());
            m.put("status", f.status().word());
            m.put("detail", f.detail());
            m.put("fix", f.fix().orElse(null));
            return m;
        }).toList());
        json.put("problems", checkup.problems());
        json.put("warnings", checkup.warnings());
        return json;
    }
}
