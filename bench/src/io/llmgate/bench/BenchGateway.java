package io.llmgate.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import io.llmgate.GatewayApplication;

/** The gateway a benchmark runs: started from target/classes, on a database emptied for the run. */
final class BenchGateway {

    private BenchGateway() {
    }

    static ConfigurableApplicationContext start(List<String> args) {
        // target/classes holds no Vaadin build token (the Vaadin plugin writes it into the jar only)
        System.setProperty("vaadin.productionMode", "true");
        return SpringApplication.run(GatewayApplication.class, args.toArray(String[]::new));
    }

    /**
     * Arguments for a benchmark that uses the request log's store directly, not the gateway's HTTP side: any free
     * ports, quiet, no retention job. Mutable, for the database's arguments to be added.
     */
    static List<String> logStoreOnly() {
        return new ArrayList<>(List.of("--gateway.port=0", "--server.port=0", "--gateway.host=127.0.0.1",
                "--logging.level.root=WARN", "--gateway.logs.retention=0", "--spring.main.banner-mode=off"));
    }

    /** PostgreSQL at 127.0.0.1:5432/test (user postgres), in {@code schema}, dropped and created anew. */
    static List<String> postgres(String schema, String applicationName) throws SQLException {
        try (var c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
             var s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            s.execute("CREATE SCHEMA " + schema);
        }
        return List.of("--spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/test?currentSchema=" + schema
                        + "&ApplicationName=" + applicationName,
                "--spring.datasource.username=postgres", "--spring.datasource.password=",
                "--spring.flyway.schemas=" + schema);
    }

    /** An H2 file database {@code target/bench/<name>}, like the gateway's default, deleted first. */
    static List<String> h2File(String name) throws IOException {
        Path dir = Path.of("target/bench");
        Files.createDirectories(dir);
        for (String suffix : List.of(".mv.db", ".trace.db")) {
            Files.deleteIfExists(dir.resolve(name + suffix));
        }
        return List.of("--spring.datasource.url=jdbc:h2:file:./target/bench/" + name
                + ";AUTO_SERVER=FALSE;WRITE_DELAY=0");
    }
}
