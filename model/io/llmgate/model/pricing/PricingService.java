package io.llmgate.model.pricing;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.yaml.snakeyaml.Yaml;


/**
 * What a request cost: the default table ({@code config/pricing.yml}) with the overrides ops saved in the database
 * on top. Lookups use in-memory maps only, so the request path never waits on the database. An unknown model
 * costs null (not a guess) and is counted in {@code llmgate.cost.unknown}.
 */
@Service
public class PricingService {

    private static final Logger LOG = LoggerFactory.getLogger(PricingService.class);
    /** A dated or "latest" snapshot of a listed model: gpt-4o-2024-08-06, claude-3-5-haiku-20241022, ...-latest. */
    private static final Pattern SNAPSHOT = Pattern.compile("-(\\d{4}-\\d{2}-\\d{2}|\\d{8}|latest)$");

    private final PriceOverrideRepository overrides;
    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<String, Price> defaults;
    private final Map<String, String> aliases;
    /** Most output tokens a model can produce in one answer ({@code max_output} in the table), where known. */
    private final Map<String, Long> maxOutputs;
    private volatile Map<String, Price> overridden = Map.of();

    public PricingService(PricingProperties properties, ResourceLoader resources, PriceOverrideRepository overrides,
                          MeterRegistry registry, ObjectProvider<Clock> clock) {
        this.overrides = overrides;
        this.registry = registry;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
        Map<String, Price> table = new HashMap<>();
        Map<String, String> aliasTable = new HashMap<>();
        Map<String, Long> maxTable = new HashMap<>();
        load(resources.getResource(properties.getLocation()), table, aliasTable, maxTable);
        this.defaults = Map.copyOf(table);
        this.aliases = Map.copyOf(aliasTable);
        this.maxOutputs = Map.copyOf(maxTable);
    }

    /**
     * Cost in USD of a request, or null when the model has no price. Unknown models are counted only when they used
     * tokens, so failed requests naming made-up models do not grow the metric's series.
     */
    public BigDecimal cost(String provider, String model, long promptTokens, long completionTokens,
                           long cachedTokens) {
        if (provider == null || model == null) {
            return null;
        }
        Price price = price(provider, model);
        if (price == null) {
            if (promptTokens + completionTokens == 0) {
                return null;
            }
            Counter.builder("llmgate.cost.unknown").description("Requests whose model has no price (cost null)")
                    .tag("provider", provider).tag("model", model).register(registry).increment();
            return null;
        }
        return price.cost(promptTokens, completionTokens, cachedTokens);
    }

    /** The price in force for a model, or null. */
    public Price price(String provider, String model) {
        String p = canonical(provider);
        String m = model.toLowerCase(Locale.ROOT);
        Price price = lookup(p, m);
        if (price == null) {
            String base = SNAPSHOT.matcher(m).replaceFirst("");
            if (!base.equals(m)) {
                price = lookup(p, base);
            }
        }
        return price;
    }

    /**
     * The price of a model when its provider is not known yet (a budget hold before routing picks a target): the
     * highest price any provider lists for it, so the hold is never too small. Null when none lists it.
     */
    public Price priceForModel(String model) {
        String m = model.toLowerCase(Locale.ROOT);
        String base = SNAPSHOT.matcher(m).replaceFirst("");
        Price best = null;
        for (Map<String, Price> table : List.of(defaults, overridden)) {
            for (Map.Entry<String, Price> e : table.entrySet()) {
                String k = e.getKey();
                String model0 = k.substring(k.indexOf('/') + 1);
                if (model0.equals(m) || model0.equals(base)) {
                    Price p = lookup(k.substring(0, k.indexOf('/')), model0);
                    if (best == null || p.input().add(p.output()).compareTo(best.input().add(best.output())) > 0) {
                        best = p;
                    }
                }
            }
        }
        return best;
    }

    /**
     * The most output tokens the model produces in one answer, or null when the table does not say. With provider
     * null (not routed yet) the largest any provider lists, and null when one of them lists none, so a budget hold
     * capped by it is never too small.
     */
    public Long maxOutputTokens(String provider, String model) {
        if (model == null) {
            return null;
        }
        String m = model.toLowerCase(Locale.ROOT);
        String base = SNAPSHOT.matcher(m).replaceFirst("");
        if (provider != null) {
            String p = canonical(provider);
            Long max = maxOutputs.get(key(p, m));
            return max != null || defaults.containsKey(key(p, m)) ? max : maxOutputs.get(key(p, base));
        }
        Long best = null;
        for (String k : defaults.keySet()) {
            String model0 = k.substring(k.indexOf('/') + 1);
            if (model0.equals(m) || model0.equals(base)) {
                Long max = maxOutputs.get(k);
                if (max == null) {
                    return null;
                }
                best = best == null ? max : Math.max(best, max);
            }
        }
        return best;
    }

    private Price lookup(String provider, String model) {
        String key = key(provider, model);
        Price p = overridden.get(key);
        return p != null ? p : defaults.get(key);
    }

    /** Every price in force, overrides marked. */
    public List<PriceRow> table() {
        Map<String, PriceRow> rows = new LinkedHashMap<>();
        defaults.forEach((k, p) -> rows.put(k, row(k, p, false)));
        overridden.forEach((k, p) -> rows.put(k, row(k, p, true)));
        List<PriceRow> list = new ArrayList<>(rows.values());
        list.sort(Comparator.comparing(PriceRow::provider).thenComparing(PriceRow::model));
        return list;
    }

    public record PriceRow(String provider, String model, BigDecimal input, BigDecimal cachedInput,
                           BigDecimal output, boolean overridden) {
    }

    private static PriceRow row(String key, Price p, boolean overridden) {
        int slash = key.indexOf('/');
        return new PriceRow(key.substring(0, slash), key.substring(slash + 1), p.input(), p.cachedInput(), p.output(),
                overridden);
    }

    @Transactional
    public void setOverride(String provider, String model, Price price) {
        String p = provider.toLowerCase(Locale.ROOT);
        String m = model.toLowerCase(Locale.ROOT);
        PriceOverride row = overrides.findById(new PriceOverride.Key(p, m)).orElse(null);
        if (row == null) {
            overrides.save(new PriceOverride(p, m, price, clock.instant()));
        } else {
            row.set(price, clock.instant());
        }
        Map<String, Price> copy = new HashMap<>(overridden);
        copy.put(key(p, m), price);
        overridden = Map.copyOf(copy);
    }

    /** Removes an override; true when there was one. */
    @Transactional
    public boolean removeOverride(String provider, String model) {
        PriceOverride.Key id = new PriceOverride.Key(provider.toLowerCase(Locale.ROOT), model.toLowerCase(Locale.ROOT));
        boolean existed = overrides.existsById(id);
        overrides.deleteById(id);
        Map<String, Price> copy = new HashMap<>(overridden);
        copy.remove(key(id.provider(), id.model()));
        overridden = Map.copyOf(copy);
        return existed;
    }

    /** Reads the overrides back: at start and periodically, for those saved by other instances. */
    @EventListener(ApplicationReadyEvent.class)
    @Scheduled(fixedDelayString = "${gateway.pricing.refresh-interval:60s}",
            initialDelayString = "${gateway.pricing.refresh-interval:60s}")
    public void refresh() {
        try {
            Map<String, Price> fresh = new HashMap<>();
            for (PriceOverride o : overrides.findAll()) {
                fresh.put(key(o.getProvider(), o.getModel()), o.price());
            }
            overridden = Map.copyOf(fresh);
        } catch (RuntimeException e) {
            LOG.warn("price overrides could not be read; keeping the ones in memory: {}", e.toString());
        }
    }

    private String canonical(String provider) {
        String p = provider.toLowerCase(Locale.ROOT);
        return aliases.getOrDefault(p, p);
    }

    private static String key(String provider, String model) {
        return provider + "/" + model;
    }

    @SuppressWarnings("unchecked")
    private static void load(Resource resource, Map<String, Price> table, Map<String, String> aliases,
                             Map<String, Long> maxOutputs) {
        try (InputStream in = resource.getInputStream()) {
            Map<String, Object> root = new Yaml().load(in);
            if (root == null) {
                return;
            }
            Object a = root.get("aliases");
            if (a instanceof Map<?, ?> map) {
                map.forEach((k, v) -> aliases.put(String.valueOf(k).toLowerCase(Locale.ROOT),
                        String.valueOf(v).toLowerCase(Locale.ROOT)));
            }
            Object providers = root.get("providers");
            if (!(providers instanceof Map<?, ?> byProvider)) {
                throw new IllegalStateException("no 'providers' section");
            }
            byProvider.forEach((provider, models) -> ((Map<Object, Object>) models).forEach((model, prices) -> {
                Map<String, Object> p = (Map<String, Object>) prices;
                String k = key(String.valueOf(provider).toLowerCase(Locale.ROOT),
                        String.valueOf(model).toLowerCase(Locale.ROOT));
                table.put(k, new Price(decimal(p.get("input")), decimal(p.get("output")),
                        decimal(p.get("cached_input"))));
                if (p.get("max_output") != null) {
                    long max = Long.parseLong(String.valueOf(p.get("max_output")));
                    if (max <= 0) {
                        throw new IllegalStateException(k + ": max_output must be a positive number of tokens");
                    }
                    maxOutputs.put(k, max);
                }
            }));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read the price table " + resource + ": " + e.getMessage(), e);
        }
    }

    private static BigDecimal decimal(Object value) {
        return value == null ? null : new BigDecimal(String.valueOf(value));
    }
}
