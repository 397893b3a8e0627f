package rapport.doctor;

import rapport.config.Reasons;

/**
 * The database answers, and its schema is the one this Rapport expects. A schema behind is a
 * warning (the next command migrates it); one ahead was migrated by a newer Rapport, which this
 * one must not run against. The URL is shown without any password in it.
 */
final class DatabaseCheck extends OneLine {
    static final String NAME = "database";
    private final Records records;
    private final String url;

    DatabaseCheck(Records records, String url) {
        super(NAME);
        this.records = records;
        this.url = url;
    }

    @Override
    Finding check() {
        String shown = withoutPassword(url);
        Records.Schema schema;
        try {
            schema = records.schema();
        } catch (RuntimeException e) {
            String fix = url.startsWith("jdbc:h2:file:")
                    ? "check that the file is readable and is Rapport's (restore it from a backup if it is damaged), or correct database.url"
                    : "start the database server, or correct database.url, username and password";
            return Finding.problem(NAME, "cannot connect to " + shown + ": " + Reasons.of(e), fix);
        }
        if (schema.absent()) return Finding.ok(NAME, "no database yet at " + shown + ": the first command creates it");
        if (schema.failedMigration()) {
            return Finding.problem(NAME, shown + " answers, but a schema migration failed half-way",
                    "restore the backup taken before the upgrade, then run Rapport again");
        }
        if (schema.applied().isEmpty()) return Finding.ok(NAME, shown + " answers; it is empty: the first command creates the schema");
        int applied = schema.applied().get();
        if (applied > schema.latest()) {
            return Finding.problem(NAME, shown + " was migrated by a newer Rapport (schema " + applied + "; this one knows "
                    + schema.latest() + ")", "run the newer Rapport this database was upgraded for");
        }
        if (applied < schema.latest()) {
            return Finding.warning(NAME, shown + " answers; its schema is at migration " + applied + " of " + schema.latest(),
                    "run any command (rapport report, say) to bring it up to date before the next send");
        }
        return Finding.ok(NAME, shown + " answers; schema at migration " + applied + ", the latest");
    }

    /** The URL with the value of any {@code password=} option, and any {@code user:password@}, hidden. */
    static String withoutPassword(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***").replaceAll("//([^/@:]+):[^/@]*@", "//$1:***@");
    }
}
