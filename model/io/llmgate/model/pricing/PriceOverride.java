package io.llmgate.model.pricing;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** A price set by ops that wins over the default table. */
@Entity
@Table(name = "price_override")
@IdClass(PriceOverride.Key.class)
public class PriceOverride {

    public record Key(String provider, String model) implements Serializable {
        public Key() {
            this(null, null);
        }
    }

    @Id
    private String provider;
    @Id
    private String model;
    @Column(name = "input_per_mtok", nullable = false, precision = 20, scale = 10)
    private BigDecimal input;
    @Column(name = "output_per_mtok", nullable = false, precision = 20, scale = 10)
    private BigDecimal output;
    @Column(name = "cached_input_per_mtok", precision = 20, scale = 10)
    private BigDecimal cachedInput;
    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected PriceOverride() {
    }

    public PriceOverride(String provider, String model, Price price, Instant updatedAt) {
        this.provider = provider;
        this.model = model;
        set(price, updatedAt);
    }

    public void set(Price price, Instant at) {
        this.input = price.input();
        this.output = price.output();
        this.cachedInput = price.cachedInput();
        this.updatedAt = at;
    }

    public String getProvider() { return provider; }
    public String getModel() { return model; }
    public Instant getUpdatedAt() { return updatedAt; }

    public Price price() {
        return new Price(input, output, cachedInput);
    }
}
