package io.llmgate.model.logs;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * How the request log is written to the database at hand. Where the migrated schema keeps metadata tags: PostgreSQL
 * keeps them in {@code request_log.metadata} as {@code jsonb} under a GIN index (migration
 * {@code db/vendor/postgresql/V41}); elsewhere (H2) they are also a row per tag in {@code request_log_tag}. Read from
 * the schema rather than the database's name, so the code follows whichever migrations ran. And whether the driver
 * takes COPY (PostgreSQL's).
 */
@Component
public class RequestLogSchema {

    private final JdbcTemplate jdbc;
    private volatile Layout layout;

    private record Layout(boolean tagRows, boolean copy) {
    }

    public RequestLogSchema(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** True: a row per tag in request_log_tag and metadata as text; false: metadata is jsonb and holds the tags. */
    public boolean tagRows() {
        return layout().tagRows();
    }

    /** True: rows are loaded with {@code COPY ... FROM STDIN} ({@link PostgresCopy}), not INSERT batches. */
    public boolean copy() {
        return layout().copy();
    }

    private Layout layout() {
        Layout known = layout;
        if (known == null) {
            known = jdbc.execute((ConnectionCallback<Layout>) c -> new Layout(hasTagTable(c),
                    PostgresCopy.supports(c)));
            layout = known;
        }
        return known;
    }

    private static boolean hasTagTable(Connection connection) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        String schema = connection.getSchema();
        for (String name : new String[] {"request_log_tag", "REQUEST_LOG_TAG"}) {
            try (ResultSet tables = meta.getTables(null, schema, name, new String[] {"TABLE"})) {
                if (tables.next()) {
                    return true;
                }
            }
        }
        return false;
    }
}
