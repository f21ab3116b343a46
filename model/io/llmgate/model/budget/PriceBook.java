package io.llmgate.model.budget;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Prices per provider and model, in USD per million tokens. The budget estimate and settlement use it; it is
 * implemented over the observability price table ({@code io.llmgate.model.pricing.PricingPriceBook}).
 */
public interface PriceBook {

    record Price(BigDecimal inputPerMillion, BigDecimal outputPerMillion) {

        public static final Price FREE = new Price(BigDecimal.ZERO, BigDecimal.ZERO);

        /** Cost of the given tokens in nano-USD, rounded up. */
        public long costNanos(long promptTokens, long completionTokens) {
            // USD per 1M tokens == nano-USD per 1e-3 token: nanos = tokens * pricePerMillion * 1000
            BigDecimal nanos = inputPerMillion.multiply(BigDecimal.valueOf(promptTokens))
                    .add(outputPerMillion.multiply(BigDecimal.valueOf(completionTokens)))
                    .multiply(BigDecimal.valueOf(1000));
            return nanos.setScale(0, RoundingMode.CEILING).longValueExact();
        }
    }

    /**
     * @param provider canonical provider name, or null when not known yet (any provider's price for the model)
     * @param model    model name as sent to the provider
     */
    Optional<Price> price(String provider, String model);

    /**
     * The most output tokens the model can produce in one answer (config/pricing.yml {@code max_output}), empty when
     * not known. A budget never holds more than this per choice.
     */
    default OptionalLong maxOutputTokens(String provider, String model) {
        return OptionalLong.empty();
    }
}
