package io.llmgate.observability;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.llmgate.support.GatewayClient;
import io.llmgate.support.GatewayTestSupport;

/**
 * The observability family on the machine's PostgreSQL (127.0.0.1:5432, database {@code test}, trust auth), in a
 * schema of its own run ({@code llmgate_obs_<random>}, dropped when the JVM ends), so parallel runs from other
 * worktrees never share tables. Skipped, with a message, when no server answers.
 */
public abstract class PostgresObservabilityTest extends ObservabilityTestSupport {

    public static final int GATEWAY_PORT = GatewayTestSupport.freePort();
    static final String SCHEMA = "llmgate_obs_" + java.util.UUID.randomUUID().toString().substring(0, 8);
    static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";
    private static String user;

    private final GatewayClient gateway = new GatewayClient(GATEWAY_PORT);

    @BeforeAll
    static void postgresAvailable() {
        for (String candidate : new String[] {"postgres", "root"}) {
            try (Connection c = DriverManager.getConnection(URL + "?connectTimeout=3", candidate, "");
                 Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
                user = candidate;
                Runtime.getRuntime().addShutdownHook(new Thread(PostgresObservabilityTest::dropSchema));
                return;
            } catch (SQLException e) {
                // try the next user
            }
        }
        Assumptions.abort("PostgreSQL tests skipped: no server at 127.0.0.1:5432 (database 'test', user postgres "
                + "or root, trust auth)");
    }

    private static void dropSchema() {
        try (Connection c = DriverManager.getConnection(URL, user, ""); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        } catch (SQLException e) {
            // best effort: the schema is unique to this run
        }
    }

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        common(registry, GATEWAY_PORT);
        registry.add("spring.datasource.url", () -> URL + "?currentSchema=" + SCHEMA + "&reWriteBatchedInserts=true");
        registry.add("spring.datasource.username", () -> user == null ? "postgres" : user);
        registry.add("spring.datasource.password", () -> "");
        registry.add("spring.flyway.schemas", () -> SCHEMA);
    }

    @Override
    public GatewayClient gateway() {
        return gateway;
    }
}
