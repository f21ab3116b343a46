package io.llmgate;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** One process: the gateway on Camel Netty HTTP, the console and admin API on Spring's web server. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GatewayApplication {

    public static void main(String[] args) {
        useCommonPoolForAsyncCompletion();
        SpringApplication.run(GatewayApplication.class, args);
    }

    /**
     * The JDK's HTTP client completes every sendAsync() in CompletableFuture's default executor. With fewer than
     * three cores that executor starts a new thread per task — a thread per provider call. A common pool of at
     * least two threads makes it a pool again. Must run before anything touches ForkJoinPool.
     */
    static void useCommonPoolForAsyncCompletion() {
        String key = "java.util.concurrent.ForkJoinPool.common.parallelism";
        if (System.getProperty(key) == null) {
            System.setProperty(key, String.valueOf(Math.max(2, Runtime.getRuntime().availableProcessors() - 1)));
        }
    }
}
