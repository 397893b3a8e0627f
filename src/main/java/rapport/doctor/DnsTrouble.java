package rapport.doctor;

/** The finding of a DNS check whose server did not answer. Stateless. */
final class DnsTrouble {
    private DnsTrouble() {}

    static Finding finding(String name, Dns dns, Dns.Failure e) {
        return Finding.problem(name, "cannot look up " + e.getMessage(),
                "make sure " + dns.where() + " answers (set doctor.dns to host:port to ask another one)");
    }
}
