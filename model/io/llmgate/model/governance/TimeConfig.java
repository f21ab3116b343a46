package io.llmgate.model.governance;

import java.time.Clock;

import com.github.benmanes.caffeine.cache.Ticker;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one source of time for governance: key expiry, budget periods, rate-limit windows and cache lifetimes.
 * Tests replace both beans with a clock they can move ({@code @Primary}), so nothing needs to sleep.
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
}
