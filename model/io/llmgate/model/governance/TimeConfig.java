package io.llmgate.model.governance;

import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import com.github.benmanes.caffeine.cache.Ticker;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one source of time for governance: key expiry, budget periods, rate-limit windows and cache lifetimes.
 * Tests replace both beans with a clock they can move ({@code @Primary}), so nothing needs to sleep; the scheduler
 * (budget sweeps, the bound on waiting for a spend commit) can be replaced the same way.
 */
@Configuration(proxyBeanMethods = false)
public class TimeConfig {

    @Bean
    public Clock governanceClock() {
        return Clock.systemUTC();
    }

    @Bean
    public Ticker governanceTicker() {
        return Ticker.systemTicker();
    }

    /**
     * Timers of governance. Wrapped: a ScheduledExecutorService bean would replace Spring Boot's scheduler for
     * {@code @Scheduled} work.
     */
    public record Scheduler(ScheduledExecutorService executor) implements AutoCloseable {
        @Override
        public void close() {
            executor.shutdownNow();
        }
    }

    @Bean
    public Scheduler governanceScheduler() {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "governance-scheduler");
            t.setDaemon(true);
            return t;
        });
        scheduler.setRemoveOnCancelPolicy(true); // a timeout per request, nearly all cancelled: keep the queue short
        return new Scheduler(scheduler);
    }
}
