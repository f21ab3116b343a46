package io.llmgate.model.budget;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.Yaml;

import io.llmgate.model.governance.GovernanceProperties;

/**
 * The minimal price list for budgets: {@code config/pricing.yml} (or {@code gateway.pricing.file}), shaped
 * {@code provider: {model-or-pattern: {input: usdPer1M, output: usdPer1M}}}. Patterns end in {@code *}; the
 * longest match wins; provider {@code "*"} applies to every provider. Unknown models cost nothing (token budgets
 * still count them) and are logged once.
 */
@Component
public class YamlPriceBook implements PriceBook {

    private static final Logger LOG = LoggerFactory.getLogger(YamlPriceBook.class);

    private final Map<String, Map<String, Price>> prices = new LinkedHashMap<>();
    private final Map<String, Boolean> warned = new java.util.concurrent.ConcurrentHashMap<>();

    public YamlPriceBook(GovernanceProperties properties) {
        String file = properties.getPricing().getFile();
        try (InputStream in = file == null || file.isBlank()
                ? YamlPriceBook.class.getClassLoader().getResourceAsStream("pricing.yml")
                : Files.newInputStream(Path.of(file))) {
            if (in == null) {
                LOG.warn("no pricing.yml found: USD budgets count no cost");
                return;
            }
            Object root = new Yaml().load(in);
            if (root instanceof Map<?, ?> providers) {
                providers.forEach((provider, models) -> {
                    Map<String, Price> byModel = new LinkedHashMap<>();
                    if (models instanceof Map<?, ?> m) {
                        m.forEach((model, p) -> byModel.put(String.valueOf(model), parse(provider + "/" + model, p)));
                    }
                    prices.put(String.valueOf(provider).toLowerCase(), byModel);
                });
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read pricing file " + file + ": " + e.getMessage(), e);
        }
    }

    private static Price parse(String where, Object value) {
        if (!(value instanceof Map<?, ?> p) || p.get("input") == null || p.get("output") == null) {
            throw new IllegalStateException("pricing entry " + where + " needs input and output (USD per 1M tokens)");
        }
        return new Price(new BigDecimal(String.valueOf(p.get("input"))), new BigDecimal(String.valueOf(p.get("output"))));
    }

    @Override
    public Optional<Price> price(String provider, String model) {
        if (model == null) {
            return Optional.empty();
        }
        Optional<Price> found = Optional.empty();
        if (provider != null) {
            found = match(prices.get(provider.toLowerCase()), model);
        } else {
            for (Map.Entry<String, Map<String, Price>> e : prices.entrySet()) {
                if (!e.getKey().equals("*") && (found = match(e.getValue(), model)).isPresent()) {
                    break;
                }
            }
        }
        if (found.isEmpty()) {
            found = match(prices.get("*"), model);
        }
        if (found.isEmpty() && warned.putIfAbsent(provider + "/" + model, true) == null) {
            LOG.warn("no price for {}/{} in pricing.yml: USD budgets count it as free", provider, model);
        }
        return found;
    }

    private static Optional<Price> match(Map<String, Price> models, String model) {
        if (models == null) {
            return Optional.empty();
        }
        Price exact = models.get(model);
        if (exact != null) {
            return Optional.of(exact);
        }
        String best = null;
        for (String pattern : models.keySet()) {
            if (pattern.endsWith("*") && model.startsWith(pattern.substring(0, pattern.length() - 1))
                    && (best == null || pattern.length() > best.length())) {
                best = pattern;
            }
        }
        return best == null ? Optional.empty() : Optional.of(models.get(best));
    }
}
