package io.llmgate.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.ConfigurableApplicationContext;

import io.llmgate.model.logs.LogProperties;

/**
 * The gateway for load tests (bench/throughput.sh drives it with wrk against bench/FakeOpenAi.java).
 *
 * <pre>java -cp ... io.llmgate.bench.GatewayUnderLoad controlFile h2|pg gatewayPort adminPort</pre>
 * The request log is on while {@code controlFile} reads {@code on} and off otherwise (checked every 50 ms), so one
 * JVM, with one JIT state, is measured both ways. {@code h2}: an H2 file database in target/bench (the development
 * default); {@code pg}: PostgreSQL at 127.0.0.1:5432/test, schema llmgate_obs_tp. Prints {@code READY} once it
 * listens and {@code LOGS on|off} on every switch. {@code alternate <seconds> <windows>} in the control file: the gateway
 * switches the log itself, window by window ({@link Alternation}), then reads {@code on} again.
 */
public final class GatewayUnderLoad {

    public static void main(String[] args) throws Exception {
        Path control = Path.of(args.length > 0 ? args[0] : "target/bench/logging");
        String db = args.length > 1 ? args[1] : "h2";
        String port = args.length > 2 ? args[2] : "18787";
        String admin = args.length > 3 ? args[3] : "18788";
        List<String> props = new ArrayList<>(List.of(
                "--gateway.host=127.0.0.1", "--gateway.port=" + port, "--server.port=" + admin,
                // the load sends provider headers, no gateway API key (governance authentication is measured apart)
                "--gateway.auth.enabled=false", "--gateway.dev-master-key-file=target/bench-master.key",
                "--logging.level.root=WARN", "--spring.main.banner-mode=off"));
        props.addAll(db.equals("pg") ? BenchGateway.postgres("llmgate_obs_tp", "llmgate-bench")
                : BenchGateway.h2File("throughput"));
        ConfigurableApplicationContext context = BenchGateway.start(props);
        LogProperties logs = context.getBean(LogProperties.class);
        System.out.println("READY");
        boolean on = logs.isEnabled();
        while (context.isActive()) {
            String command = Files.exists(control) ? Files.readString(control).trim() : "";
            if (command.startsWith("alternate ")) {
                String[] a = command.split(" ");
                Files.writeString(control, "on");
                new Alternation(context.getBean(MeterRegistry.class), logs, System.out)
                        .run(Double.parseDouble(a[1]), Integer.parseInt(a[2]));
                on = true;
                continue;
            }
            boolean wanted = command.equals("on");
            if (wanted != on) {
                logs.setEnabled(wanted);
                on = wanted;
                System.out.println("LOGS " + (on ? "on" : "off"));
            }
            Thread.sleep(50);
        }
    }

    private GatewayUnderLoad() {
    }
}
