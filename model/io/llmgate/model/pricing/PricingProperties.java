package io.llmgate.model.pricing;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Where prices come from, bound from {@code gateway.pricing.*}. */
@ConfigurationProperties("gateway.pricing")
public class PricingProperties {

    /** The default price table (a Spring resource location). */
    private String location = "classpath:pricing.yml";
    /** How often overrides saved by other gateway instances are read back from the database. */
    private Duration refreshInterval = Duration.ofSeconds(60);

    public String getLocation() { return location; }
    public void setLocation(String location) { this.location = location; }
    public Duration getRefreshInterval() { return refreshInterval; }
    public void setRefreshInterval(Duration refreshInterval) { this.refreshInterval = refreshInterval; }
}
