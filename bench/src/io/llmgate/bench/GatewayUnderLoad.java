package io.llmgate.bench;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.SpringApplication;

import io.llmgate.GatewayApplication;

/**
 * The gateway for load tests (bench/throughput.sh drives it with wrk against bench/FakeOpenAi.java).
 *
 * <pre>java -cp ... io.llmgate.bench.GatewayUnderLoad on|off h2|pg gatewayPort adminPort</pre>
 * {@code on}/{@code off}: the request log; {@code h2}: in-memory H2 in this JVM (the development default);
 * {@code pg}: PostgreSQL at 127.0.0.1:5432/test, schema llmgate_obs_tp_on/_off. Prints {@code READY} once it
 * listens.
 */
public final class GatewayUnderLoad {

    static final String COMPLETION = """
            {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"gpt-4o-mini",
             "choices":[{"index":0,"message":{"role":"assistant","content":"Hello there"},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":120,"completion_tokens":30,"total_tokens":150}}""";

    public static void main(String[] args) throws Exception {
        String logs = args.length > 0 ? args[0] : "on";
        String db = args.length > 1 ? args[1] : "h2";
        String port = args.length > 2 ? args[2] : "18787";
        String admin = args.length > 3 ? args[3] : "18788";
        // run from target/classes, which holds no Vaadin build token (the Vaadin plugin writes it into the jar)
        System.setProperty("vaadin.productionMode", "true");
        List<String> props = new ArrayList<>(List.of(
                "--gateway.host=127.0.0.1", "--gateway.port=" + port, "--server.port=" + admin,
                "--gateway.logs.enabled=" + logs.equals("on"),
                // the load sends provider headers, no gateway API key (governance authentication is measured apart)
                "--gateway.auth.enabled=false", "--gateway.dev-master-key-file=target/bench-master.key",
                "--logging.level.root=WARN", "--spring.main.banner-mode=off"));
        if (db.equals("pg")) {
            String schema = "llmgate_obs_tp_" + logs;
            try (var c = java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
                 var s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                s.execute("CREATE SCHEMA " + schema);
            }
            props.addAll(List.of("--spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/test?currentSchema="
                            + schema + "&reWriteBatchedInserts=true&ApplicationName=llmgate-bench-" + logs,
                    "--spring.datasource.username=postgres", "--spring.datasource.password=",
                    "--spring.flyway.schemas=" + schema));
        } else {
            props.add("--spring.datasource.url=jdbc:h2:mem:bench-" + logs + ";DB_CLOSE_DELAY=-1");
        }
        SpringApplication.run(GatewayApplication.class, props.toArray(String[]::new));
        System.out.println("READY");
    }

    private GatewayUnderLoad() {
    }
}
