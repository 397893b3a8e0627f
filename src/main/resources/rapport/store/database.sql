-- name: has-schema-history
-- Asked through information_schema first, so a new database raises no error to trace.
select count(*) from information_schema.tables
where table_name = 'flyway_schema_history' and table_schema = current_schema

-- name: has-migration
select count(*) from "flyway_schema_history" where "success" = true and "version" = ?

-- name: sessions
-- Connections to an embedded H2 file: this pool's, and those of processes that share the file
-- through H2's automatic server.
select count(*) from information_schema.sessions

-- name: shutdown-compact
shutdown compact

-- name: shutdown-immediately
shutdown immediately
