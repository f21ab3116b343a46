package io.llmgate.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.core.io.DefaultResourceLoader;

import io.llmgate.model.pricing.Price;
import io.llmgate.model.pricing.PriceOverride;
import io.llmgate.model.pricing.PriceOverrideRepository;
import io.llmgate.model.pricing.PricingProperties;
import io.llmgate.model.pricing.PricingService;

/** The price table of config/pricing.yml, without Spring. */
class PricingServiceTest {

    SimpleMeterRegistry meters;
    PriceOverrideRepository overrides;
    PricingService pricing;

    @BeforeEach
    void setUp() {
        meters = new SimpleMeterRegistry();
        overrides = mock(PriceOverrideRepository.class);
        pricing = new PricingService(new PricingProperties(), new DefaultResourceLoader(), overrides, meters,
                new StaticListableBeanFactory().getBeanProvider(Clock.class));
    }

    @Test
    void costIsPerMillionTokensWithCachedInputAtItsOwnPrice() {
        // gpt-4o: $2.50 input, $1.25 cached input, $10 output per 1M tokens
        assertThat(pricing.cost("openai", "gpt-4o", 1_000_000, 0, 0)).isEqualByComparingTo("2.5");
        assertThat(pricing.cost("openai", "gpt-4o", 1000, 500, 200))
                .isEqualByComparingTo(new BigDecimal("0.00725")); // 800*2.5 + 200*1.25 + 500*10 = 7250 / 1M
        assertThat(pricing.cost("anthropic", "claude-sonnet-4", 2000, 1000, 0))
                .isEqualByComparingTo("0.021");
        assertThat(pricing.cost("openai", "text-embedding-3-small", 1000, 0, 0))
                .isEqualByComparingTo("0.00002");
    }

    @Test
    void snapshotsAndAliasesArePricedAsTheirModel() {
        assertThat(pricing.price("openai", "gpt-4o-2024-08-06")).isEqualTo(pricing.price("openai", "gpt-4o"));
        assertThat(pricing.price("anthropic", "claude-3-5-haiku-20241022"))
                .isEqualTo(pricing.price("anthropic", "claude-3-5-haiku"));
        assertThat(pricing.price("mistral-ai", "mistral-large-latest")).isNotNull();
        assertThat(pricing.price("azure-openai", "gpt-4o-mini")).isEqualTo(pricing.price("openai", "gpt-4o-mini"));
        assertThat(pricing.price("google", "gemini-2.5-flash")).isNotNull();
    }

    @Test
    void unknownModelsCostNullAndAreCounted() {
        assertThat(pricing.cost("openai", "gpt-4o-mini-but-mine", 10, 10, 0)).isNull();
        assertThat(pricing.cost("nowhere", "gpt-4o", 10, 10, 0)).isNull();
        assertThat(pricing.cost(null, "gpt-4o", 0, 0, 0)).isNull();
        assertThat(meters.get("llmgate.cost.unknown").tag("model", "gpt-4o-mini-but-mine").counter().count())
                .isEqualTo(1);
    }

    @Test
    void databaseOverridesWin() {
        when(overrides.findAll()).thenReturn(List.of(new PriceOverride("openai", "gpt-4o",
                new Price(BigDecimal.ONE, BigDecimal.ONE, null), java.time.Instant.EPOCH)));
        pricing.refresh();
        assertThat(pricing.cost("openai", "gpt-4o", 500_000, 500_000, 100_000)).isEqualByComparingTo("1");
        assertThat(pricing.table()).anySatisfy(r -> {
            assertThat(r.model()).isEqualTo("gpt-4o");
            assertThat(r.overridden()).isTrue();
        });
    }
}
