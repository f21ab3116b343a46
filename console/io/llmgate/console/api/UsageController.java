package io.llmgate.console.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.llmgate.model.governance.GovernanceException;
import io.llmgate.model.governance.WorkspaceScope;
import io.llmgate.model.logs.LogFilter;
import io.llmgate.model.logs.LogQueryService;

/** Usage and cost roll-ups, and latency/error statistics per provider, of the request's resolved scope. */
@RestController
public class UsageController {

    private final LogQueryService logs;
    private final Clock clock;

    public UsageController(LogQueryService logs, ObjectProvider<Clock> clock) {
        this.logs = logs;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    /**
     * Requests, errors, tokens and cost per {@code granularity} (hour, day) and {@code group_by} (workspace,
     * api_key, virtual_key, provider, model, config, status, none, or tag:&lt;metadata key&gt;). Default range: the
     * last 7 days. Takes the same filters as the log search.
     */
    @GetMapping("/admin/api/usage")
    public Map<String, Object> usage(WorkspaceScope scope, @RequestParam MultiValueMap<String, String> params) {
        Instant now = clock.instant();
        Instant to = LogParams.instant(params.getFirst("to"), "to", now.truncatedTo(ChronoUnit.HOURS).plus(1,
                ChronoUnit.HOURS));
        LogFilter filter = LogParams.filter(params, to.minus(Duration.ofDays(7)), to);
        String g = params.getFirst("granularity") == null ? "day"
                : params.getFirst("granularity").trim().toLowerCase(Locale.ROOT);
        LogQueryService.Granularity granularity = switch (g) {
            case "hour" -> LogQueryService.Granularity.HOUR;
            case "day" -> LogQueryService.Granularity.DAY;
            default -> throw GovernanceException.invalid("granularity", "'granularity' must be hour or day");
        };
        String groupBy = params.getFirst("group_by") == null ? "none" : params.getFirst("group_by").trim();
        if (!LogQueryService.DIMENSIONS.containsKey(groupBy)
                && !(groupBy.startsWith("tag:") && groupBy.length() > 4 && groupBy.length() <= 68)) {
            throw GovernanceException.invalid("group_by", "'group_by' must be one of " + String.join(", ",
                    LogQueryService.DIMENSIONS.keySet().stream().sorted().toList()) + " or tag:<metadata key>");
        }
        if (granularity == LogQueryService.Granularity.HOUR
                && Duration.between(filter.from(), filter.to()).compareTo(Duration.ofDays(93)) > 0) {
            throw GovernanceException.invalid("granularity", "hourly roll-ups cover at most 93 days; use granularity=day");
        }
        List<Map<String, Object>> rows = logs.usage(scope, filter, granularity, groupBy);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("from", filter.from());
        fields.put("to", filter.to());
        fields.put("granularity", g);
        fields.put("group_by", groupBy);
        return ApiList.withFields(rows, fields);
    }

    /** Per provider: latency p50/p95/p99 and error rates over attempts and requests. Default range: last 24 hours. */
    @GetMapping("/admin/api/stats/providers")
    public Map<String, Object> providers(WorkspaceScope scope, @RequestParam MultiValueMap<String, String> params) {
        Instant now = clock.instant();
        Instant to = LogParams.instant(params.getFirst("to"), "to", now.plusSeconds(1));
        Instant from = LogParams.instant(params.getFirst("from"), "from", to.minus(Duration.ofDays(1)));
        if (!from.isBefore(to)) {
            throw GovernanceException.invalid("from", "'from' must be before 'to'");
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("from", from);
        fields.put("to", to);
        return ApiList.withFields(logs.providerStats(scope, from, to), fields);
    }
}
