-- Named routing configs. Every save is a new version; active_version points at the one in use (rollback moves it).
create table routing_config (
    id             varchar(100)  not null primary key,
    workspace_id   varchar(64),
    name           varchar(200)  not null,
    active_version integer       not null,
    created_at     timestamp     not null,
    updated_at     timestamp     not null
);

create table routing_config_version (
    config_id  varchar(100)    not null references routing_config (id),
    version    integer         not null,
    body       varchar(1000000) not null,
    comment    varchar(500),
    created_at timestamp       not null,
    created_by varchar(200),
    primary key (config_id, version)
);
