package io.llmgate.console.api;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.llmgate.model.governance.AccessPolicy;
import io.llmgate.model.governance.GovernanceException;
import io.llmgate.model.pricing.Price;
import io.llmgate.model.pricing.PricingService;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The price table in force, and ops' overrides of it (USD per 1M tokens). Prices are the organisation's: anyone
 * signed in reads them, only organisation admins change them.
 */
@RestController
@RequestMapping("/admin/api/pricing")
public class PricingController {

    private final PricingService pricing;
    private final AdminActors actors;
    private final AccessPolicy access;

    public PricingController(PricingService pricing, AdminActors actors, AccessPolicy access) {
        this.pricing = pricing;
        this.actors = actors;
        this.access = access;
    }

    public record PriceBody(String provider, String model, BigDecimal input, BigDecimal output,
                            @JsonProperty("cached_input") BigDecimal cachedInput) {
    }

    @GetMapping
    public Map<String, Object> table() {
        return ApiList.withFields(pricing.table(), Map.of("unit", "USD per 1M tokens"));
    }

    @PutMapping
    public Map<String, Object> put(@RequestBody PriceBody body, HttpServletRequest http) {
        access.requireOrgAdmin(actors.current(http), "change prices");
        if (body == null || blank(body.provider()) || blank(body.model())) {
            throw GovernanceException.invalid("provider", "'provider' and 'model' are required");
        }
        if (body.provider().length() > 64 || body.model().length() > 128) {
            throw GovernanceException.invalid("model", "'provider' is at most 64 characters, 'model' at most 128");
        }
        Price price;
        try {
            price = new Price(body.input(), body.output(), body.cachedInput());
        } catch (IllegalArgumentException e) {
            throw GovernanceException.invalid("input", "'input' and 'output' are required, and no price may be negative");
        }
        pricing.setOverride(body.provider().trim(), body.model().trim(), price);
        Map<String, Object> saved = new LinkedHashMap<>();
        saved.put("provider", body.provider().trim().toLowerCase());
        saved.put("model", body.model().trim().toLowerCase());
        saved.put("input", price.input());
        saved.put("cached_input", price.cachedInput());
        saved.put("output", price.output());
        saved.put("overridden", true);
        return saved;
    }

    @DeleteMapping
    public ResponseEntity<Void> delete(@RequestParam String provider, @RequestParam String model,
                                       HttpServletRequest http) {
        access.requireOrgAdmin(actors.current(http), "change prices");
        if (!pricing.removeOverride(provider.trim(), model.trim())) {
            throw GovernanceException.notFound("price override", provider + "/" + model);
        }
        return ResponseEntity.noContent().build();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
