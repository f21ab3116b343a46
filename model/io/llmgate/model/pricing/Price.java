package io.llmgate.model.pricing;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * USD per 1M tokens.
 *
 * @param cachedInput price of prompt tokens read from the provider's cache; null means the input price
 */
public record Price(BigDecimal input, BigDecimal output, BigDecimal cachedInput) {

    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    public Price {
        if (input == null || output == null || input.signum() < 0 || output.signum() < 0
                || (cachedInput != null && cachedInput.signum() < 0)) {
            throw new IllegalArgumentException("prices must be present and not negative");
        }
    }

    /** Cost in USD, 10 decimal places. Cached tokens are part of the prompt tokens, as providers report them. */
    public BigDecimal cost(long promptTokens, long completionTokens, long cachedTokens) {
        long cached = Math.max(0, Math.min(cachedTokens, promptTokens));
        BigDecimal micro = input.multiply(BigDecimal.valueOf(promptTokens - cached))
                .add((cachedInput != null ? cachedInput : input).multiply(BigDecimal.valueOf(cached)))
                .add(output.multiply(BigDecimal.valueOf(completionTokens)));
        return micro.divide(MILLION, MathContext.DECIMAL64).setScale(10, RoundingMode.HALF_UP);
    }
}
