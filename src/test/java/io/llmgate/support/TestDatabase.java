package io.llmgate.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Assumptions;

/**
 * Which database the governance tests run on: H2 in memory by default, PostgreSQL when the system property
 * {@code llmgate.test.db=postgres} is set (the second Surefire execution). PostgreSQL runs use their own schema
 * on 127.0.0.1:5432/test (trust auth) and are skipped, with the reason, when no server answers.
 */
public final class TestDatabase {

    public static final String PG_BASE = System.getProperty("llmgate.test.pg-url", "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String PG_USER = System.getProperty("llmgate.test.pg-user", "postgres");

    private TestDatabase() {
    }

    public static boolean postgres() {
        return "postgres".equalsIgnoreCase(System.getProperty("llmgate.test.db"));
    }

    public static String name() {
        return postgres() ? "PostgreSQL" : "H2";
    }

    /** The JDBC URL for a fresh database (H2) or schema (PostgreSQL) named {@code name}. */
    public static String url(String name) {
        if (!postgres()) {
            return "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1";
        }
        return PG_BASE + "?currentSchema=" + name;
    }

    public static String user() {
        return postgres() ? PG_USER : "sa";
    }

    /** PostgreSQL: skips the test class when no server answers; drops and creates the schema. */
    public static void prepare(String schema) {
        if (!postgres()) {
            return;
        }
        try (Connection c = DriverManager.getConnection(PG_BASE, PG_USER, "");
             Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            Assumptions.abort("PostgreSQL at " + PG_BASE + " (user " + PG_USER + ") is not available, skipping the "
                    + "PostgreSQL run: " + e.getMessage());
        }
    }
}
