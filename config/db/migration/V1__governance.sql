-- Governance: organisation, workspaces, users and roles, gateway and admin API keys, virtual keys, budgets,
-- rate limits, audit trail. Portable SQL: runs unchanged on H2 and PostgreSQL (governance owns V1-V19).
-- Money is stored as nano-USD (1e-9 USD) in BIGINT; JSON lists and maps as VARCHAR.

CREATE TABLE organization (
    id          VARCHAR(40)  NOT NULL PRIMARY KEY,
    name        VARCHAR(200) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE workspace (
    id              VARCHAR(40)   NOT NULL PRIMARY KEY,
    organization_id VARCHAR(40)   NOT NULL REFERENCES organization (id),
    name            VARCHAR(200)  NOT NULL,
    description     VARCHAR(1000),
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT uq_workspace_name UNIQUE (organization_id, name)
);

CREATE TABLE app_user (
    id              VARCHAR(40)  NOT NULL PRIMARY KEY,
    organization_id VARCHAR(40)  NOT NULL REFERENCES organization (id),
    username        VARCHAR(100) NOT NULL,
    display_name    VARCHAR(200),
    email           VARCHAR(320),
    password_hash   VARCHAR(100),
    org_admin       BOOLEAN      NOT NULL,
    enabled         BOOLEAN      NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT uq_app_user_username UNIQUE (username)
);

CREATE TABLE workspace_member (
    id           VARCHAR(40) NOT NULL PRIMARY KEY,
    workspace_id VARCHAR(40) NOT NULL REFERENCES workspace (id) ON DELETE CASCADE,
    user_id      VARCHAR(40) NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    role         VARCHAR(20) NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT uq_workspace_member UNIQUE (workspace_id, user_id)
);

-- gateway API keys: only a lookup prefix and a salted hash of the secret are kept
CREATE TABLE api_key (
    id                VARCHAR(40)   NOT NULL PRIMARY KEY,
    workspace_id      VARCHAR(40)   NOT NULL REFERENCES workspace (id),
    name              VARCHAR(200)  NOT NULL,
    prefix            VARCHAR(32)   NOT NULL,
    salt              VARCHAR(64)   NOT NULL,
    secret_hash       VARCHAR(128)  NOT NULL,
    scopes            VARCHAR(4000) NOT NULL,
    allowed_models    VARCHAR(4000),
    default_config_id VARCHAR(200),
    metadata          VARCHAR(4000),
    expires_at        TIMESTAMP WITH TIME ZONE,
    revoked_at        TIMESTAMP WITH TIME ZONE,
    created_by        VARCHAR(40),
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    version           BIGINT        NOT NULL,
    CONSTRAINT uq_api_key_prefix UNIQUE (prefix)
);
CREATE INDEX ix_api_key_workspace ON api_key (workspace_id);

-- admin API keys act for the user who owns them, with that user's roles
CREATE TABLE admin_api_key (
    id          VARCHAR(40)  NOT NULL PRIMARY KEY,
    user_id     VARCHAR(40)  NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    name        VARCHAR(200) NOT NULL,
    prefix      VARCHAR(32)  NOT NULL,
    salt        VARCHAR(64)  NOT NULL,
    secret_hash VARCHAR(128) NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE,
    revoked_at  TIMESTAMP WITH TIME ZONE,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT uq_admin_api_key_prefix UNIQUE (prefix)
);

-- provider credentials; the secret is AES-256-GCM ciphertext under the master key, bound to the row id
CREATE TABLE virtual_key (
    id                VARCHAR(40)   NOT NULL PRIMARY KEY,
    workspace_id      VARCHAR(40)   NOT NULL REFERENCES workspace (id),
    name              VARCHAR(200)  NOT NULL,
    provider          VARCHAR(100)  NOT NULL,
    secret_ciphertext VARCHAR(4000) NOT NULL,
    base_url          VARCHAR(1000),
    settings          VARCHAR(4000),
    enabled           BOOLEAN       NOT NULL,
    rotated_at        TIMESTAMP WITH TIME ZONE,
    created_by        VARCHAR(40),
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    version           BIGINT        NOT NULL
);
CREATE INDEX ix_virtual_key_workspace ON virtual_key (workspace_id);

-- one row: a value encrypted under the master key, so a wrong key fails start-up instead of producing garbage
CREATE TABLE master_key_check (
    id          INTEGER      NOT NULL PRIMARY KEY,
    key_id      VARCHAR(64)  NOT NULL,
    check_value VARCHAR(400) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE budget (
    id               VARCHAR(40)  NOT NULL PRIMARY KEY,
    workspace_id     VARCHAR(40)  NOT NULL REFERENCES workspace (id),
    name             VARCHAR(200) NOT NULL,
    scope_type       VARCHAR(20)  NOT NULL,
    scope_ref        VARCHAR(200),
    limit_usd_nanos  BIGINT,
    limit_tokens     BIGINT,
    period           VARCHAR(10)  NOT NULL,
    alignment        VARCHAR(10)  NOT NULL,
    anchor_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    alert_thresholds VARCHAR(200),
    enabled          BOOLEAN      NOT NULL,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    version          BIGINT       NOT NULL
);
CREATE INDEX ix_budget_workspace ON budget (workspace_id);

-- settled spend per budget, subject (e.g. the end user of a per-user budget, '' otherwise) and period
CREATE TABLE budget_spend (
    budget_id       VARCHAR(40)  NOT NULL REFERENCES budget (id) ON DELETE CASCADE,
    subject         VARCHAR(200) NOT NULL,
    period_start    TIMESTAMP WITH TIME ZONE NOT NULL,
    spent_usd_nanos BIGINT       NOT NULL,
    spent_tokens    BIGINT       NOT NULL,
    request_count   BIGINT       NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (budget_id, subject, period_start)
);

-- alert thresholds already crossed, so each fires once per period
CREATE TABLE budget_alert (
    budget_id     VARCHAR(40)  NOT NULL REFERENCES budget (id) ON DELETE CASCADE,
    subject       VARCHAR(200) NOT NULL,
    period_start  TIMESTAMP WITH TIME ZONE NOT NULL,
    threshold_pct INTEGER      NOT NULL,
    fired_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (budget_id, subject, period_start, threshold_pct)
);

CREATE TABLE rate_limit (
    id           VARCHAR(40)  NOT NULL PRIMARY KEY,
    workspace_id VARCHAR(40)  NOT NULL REFERENCES workspace (id),
    name         VARCHAR(200) NOT NULL,
    scope_type   VARCHAR(20)  NOT NULL,
    scope_ref    VARCHAR(200),
    metric       VARCHAR(20)  NOT NULL,
    window_unit  VARCHAR(10)  NOT NULL,
    max_value    BIGINT       NOT NULL,
    enabled      BOOLEAN      NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    version      BIGINT       NOT NULL
);
CREATE INDEX ix_rate_limit_workspace ON rate_limit (workspace_id);

-- append-only: no API updates or deletes rows
CREATE TABLE audit_event (
    id           BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    occurred_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    workspace_id VARCHAR(40),
    actor_type   VARCHAR(20)  NOT NULL,
    actor_id     VARCHAR(64),
    actor_name   VARCHAR(200),
    action       VARCHAR(64)  NOT NULL,
    target_type  VARCHAR(40),
    target_id    VARCHAR(200),
    outcome      VARCHAR(20)  NOT NULL,
    detail       VARCHAR(2000),
    before_state VARCHAR(1000000),
    after_state  VARCHAR(1000000),
    source_ip    VARCHAR(100),
    request_id   VARCHAR(128)
);
CREATE INDEX ix_audit_time ON audit_event (occurred_at);
CREATE INDEX ix_audit_workspace ON audit_event (workspace_id, occurred_at);
CREATE INDEX ix_audit_action ON audit_event (action, occurred_at);
