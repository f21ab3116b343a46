package io.llmgate.console.api;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.util.MultiValueMap;

import io.llmgate.model.governance.GovernanceException;
import io.llmgate.model.logs.LogFilter;

/** Reads the filters shared by the log endpoints from query parameters, rejecting what does not parse. */
final class LogParams {

    private LogParams() {
    }

    /**
     * Filters: from, to (ISO-8601 instant or date, UTC), status, errors, provider, model, api_key, virtual_key,
     * config, request_id, trace_id, and metadata as {@code metadata=key:value} (repeatable) or
     * {@code metadata.key=value}. The workspace is no filter: it is the request's resolved scope
     * ({@code AdminScopes}).
     */
    static LogFilter filter(MultiValueMap<String, String> params, Instant defaultFrom, Instant defaultTo) {
        Instant from = instant(params.getFirst("from"), "from", defaultFrom);
        Instant to = instant(params.getFirst("to"), "to", defaultTo);
        if (from != null && to != null && !from.isBefore(to)) {
            throw GovernanceException.invalid("from", "'from' must be before 'to'");
        }
        Integer status = null;
        String s = params.getFirst("status");
        if (s != null && !s.isBlank()) {
            try {
                status = Integer.parseInt(s.trim());
            } catch (NumberFormatException e) {
                throw GovernanceException.invalid("status", "'status' must be an HTTP status code");
            }
            if (status < 100 || status > 599) {
                throw GovernanceException.invalid("status", "'status' must be between 100 and 599");
            }
        }
        Boolean errors = null;
        String e = params.getFirst("errors");
        if (e != null && !e.isBlank()) {
            if (!e.equalsIgnoreCase("true") && !e.equalsIgnoreCase("false")) {
                throw GovernanceException.invalid("errors", "'errors' must be true or false");
            }
            errors = Boolean.parseBoolean(e);
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (String m : params.getOrDefault("metadata", List.of())) {
            int colon = m.indexOf(':');
            if (colon <= 0) {
                throw GovernanceException.invalid("metadata", "'metadata' must be key:value");
            }
            metadata.put(m.substring(0, colon), m.substring(colon + 1));
        }
        params.forEach((k, v) -> {
            if (k.startsWith("metadata.") && k.length() > 9 && !v.isEmpty()) {
                metadata.put(k.substring(9), v.get(0));
            }
        });
        return new LogFilter(from, to, status, errors, text(params, "provider"), text(params, "model"),
                text(params, "api_key"), text(params, "virtual_key"),
                text(params, "config"), text(params, "request_id"), text(params, "trace_id"), metadata);
    }

    static Instant instant(String value, String name, Instant fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        String v = value.trim();
        try {
            return v.length() == 10 ? LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw GovernanceException.invalid(name, "'" + name + "' must be an ISO-8601 instant (2025-01-31T00:00:00Z) or date");
        }
    }

    static int integer(String value, String name, int fallback, int min, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        int n;
        try {
            n = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw GovernanceException.invalid(name, "'" + name + "' must be a number");
        }
        if (n < min || n > max) {
            throw GovernanceException.invalid(name, "'" + name + "' must be between " + min + " and " + max);
        }
        return n;
    }

    static Instant minus(Instant t, Duration d) {
        return t.minus(d);
    }

    private static String text(MultiValueMap<String, String> params, String name) {
        String v = params.getFirst(name);
        return v == null || v.isBlank() ? null : v.trim();
    }
}
