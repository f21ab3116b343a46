-- Prices set by ops (console/admin API) that win over config/pricing.yml. USD per 1M tokens.
CREATE TABLE price_override (
    provider             VARCHAR(64)              NOT NULL,
    model                VARCHAR(128)             NOT NULL,
    input_per_mtok       NUMERIC(20, 10)          NOT NULL,
    output_per_mtok      NUMERIC(20, 10)          NOT NULL,
    cached_input_per_mtok NUMERIC(20, 10),
    updated_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (provider, model)
);
