package io.llmgate.model.pricing;

import java.util.Optional;
import java.util.OptionalLong;

import org.springframework.stereotype.Component;

import io.llmgate.model.budget.PriceBook;

/**
 * Budgets price requests with the same table the request log uses ({@link PricingService}: config/pricing.yml plus
 * the overrides ops save in the console), so spend shown against a budget and cost shown in the logs agree.
 */
@Component
public class PricingPriceBook implements PriceBook {

    private final PricingService pricing;

    public PricingPriceBook(PricingService pricing) {
        this.pricing = pricing;
    }

    @Override
    public Optional<PriceBook.Price> price(String provider, String model) {
        if (model == null) {
            return Optional.empty();
        }
        io.llmgate.model.pricing.Price p = provider == null ? pricing.priceForModel(model)
                : pricing.price(provider, model);
        return p == null ? Optional.empty() : Optional.of(new PriceBook.Price(p.input(), p.output()));
    }

    @Override
    public OptionalLong maxOutputTokens(String provider, String model) {
        Long max = pricing.maxOutputTokens(provider, model);
        return max == null ? OptionalLong.empty() : OptionalLong.of(max);
    }
}
