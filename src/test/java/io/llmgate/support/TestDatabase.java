package io.llmgate.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Assumptions;

/**
 * Which database the governance tests run on: H2 in memory by default, PostgreSQL when the system property
 * {@code llmgate.test.db=postgres} is set (the second Surefire execution). PostgreSQL runs use their own schemas
 * on 127.0.0.1:5432/test (trust auth, user postgres or root) and are skipped, with the reason, when no server
 * answers ({@link PostgresAvailable}).
 */
public final class TestDatabase {

    public static final String PG_BASE = System.getProperty("llmgate.test.pg-url",
            "jdbc:postgresql://127.0.0.1:5432/test");

    private static String pgUser;

    private TestDatabase() {
    }

    /** PostgreSQL schemas get a suffix of this run, so parallel runs (other worktrees) never share tables. */
    private static final String RUN = java.util.UUID.randomUUID().toString().substring(0, 8);
    private static final java.util.Set<String> PREPARED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TestDatabase::dropPrepared));
    }

    private static String schemaOfThisRun(String name) {
        return name + "_" + RUN;
    }

    private static void dropPrepared() {
        if (PREPARED.isEmpty()) {
            return;
        }
        try (Connection c = DriverManager.getConnection(PG_BASE, pgUser(), ""); Statement s = c.createStatement()) {
            for (String schema : PREPARED) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        } catch (SQLException e) {
            // best effort: the schemas are unique to this run
        }
    }

    public static boolean postgres() {
        return "postgres".equalsIgnoreCase(System.getProperty("llmgate.test.db"));
    }

    /** The JDBC URL for a fresh database (H2) or schema (PostgreSQL) named {@code name}. */
    public static String url(String name) {
        if (!postgres()) {
            return "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1";
        }
        return PG_BASE + "?currentSchema=" + schemaOfThisRun(name);
    }

    public static String user() {
        return postgres() ? pgUser() : "sa";
    }

    /** {@code -Dllmgate.test.pg-user}, else the first of postgres and root that can log in. */
    public static synchronized String pgUser() {
        if (pgUser == null) {
            String configured = System.getProperty("llmgate.test.pg-user");
            pgUser = configured != null ? configured : "postgres";
            if (configured == null) {
                for (String candidate : new String[] {"postgres", "root"}) {
                    try (Connection c = DriverManager.getConnection(PG_BASE, candidate, "")) {
                        pgUser = candidate;
                        break;
                    } catch (SQLException e) {
                        // try the next one
                    }
                }
            }
        }
        return pgUser;
    }

    /** PostgreSQL: drops and creates the schema (skips the test when no server answers). */
    public static void prepare(String name) {
        if (!postgres()) {
            return;
        }
        String schema = schemaOfThisRun(name);
        PREPARED.add(schema);
        try (Connection c = DriverManager.getConnection(PG_BASE, pgUser(), "");
             Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            Assumptions.abort("PostgreSQL at " + PG_BASE + " (user " + pgUser() + ") is not available, skipping the "
                    + "PostgreSQL run: " + e.getMessage());
        }
    }
}
