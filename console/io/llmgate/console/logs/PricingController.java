package io.llmgate.console.logs;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.llmgate.model.pricing.Price;
import io.llmgate.model.pricing.PricingService;

/** The price table in force, and ops' overrides of it (USD per 1M tokens). */
@RestController
@RequestMapping("/admin/api/pricing")
public class PricingController {

    private final PricingService pricing;

    public PricingController(PricingService pricing) {
        this.pricing = pricing;
    }

    public record PriceBody(String provider, String model, BigDecimal input, BigDecimal output,
                            @JsonProperty("cached_input") BigDecimal cachedInput) {
    }

    @GetMapping
    public Map<String, Object> table() {
        return Map.of("unit", "USD per 1M tokens", "prices", pricing.table());
    }

    @PutMapping
    public Map<String, Object> put(@RequestBody PriceBody body) {
        if (body == null || blank(body.provider()) || blank(body.model())) {
            throw new BadRequest("provider", "'provider' and 'model' are required");
        }
        if (body.provider().length() > 64 || body.model().length() > 128) {
            throw new BadRequest("model", "'provider' is at most 64 characters, 'model' at most 128");
        }
        Price price;
        try {
            price = new Price(body.input(), body.output(), body.cachedInput());
        } catch (IllegalArgumentException e) {
            throw new BadRequest("input", "'input' and 'output' are required, and no price may be negative");
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
    public ResponseEntity<?> delete(@RequestParam String provider, @RequestParam String model) {
        if (!pricing.removeOverride(provider.trim(), model.trim())) {
            return AdminApiErrors.error(HttpStatus.NOT_FOUND, "no override for " + provider + "/" + model, "model");
        }
        return ResponseEntity.noContent().build();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
