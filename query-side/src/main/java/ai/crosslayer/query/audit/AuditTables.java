package ai.crosslayer.query.audit;

import org.jooq.Field;
import org.jooq.Table;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

/**
 * The event store's audit columns by name, for jOOQ: the events with their chain, the signed
 * checkpoints, and the chain heads in the tenants table. The event store's schema belongs to ops
 * (Flyway, no generated code), so its names are written down here once, for reading and for signing.
 */
public final class AuditTables {

    private AuditTables() {
    }

    public static final Table<?> EVENTS = table(name("domain_event_entry"));
    public static final Field<String> TENANT = field(name("tenant_id"), String.class);
    public static final Field<Long> SEQUENCE = field(name("tenant_sequence"), Long.class);
    public static final Field<Long> GLOBAL_INDEX = field(name("global_index"), Long.class);
    public static final Field<String> EVENT_ID = field(name("event_identifier"), String.class);
    public static final Field<String> PAYLOAD_TYPE = field(name("payload_type"), String.class);
    public static final Field<String> PAYLOAD_REVISION = field(name("payload_revision"), String.class);
    public static final Field<String> TIME_STAMP = field(name("time_stamp"), String.class);
    public static final Field<String> AGGREGATE_TYPE = field(name("type"), String.class);
    public static final Field<String> AGGREGATE_ID = field(name("aggregate_identifier"), String.class);
    public static final Field<Long> AGGREGATE_SEQUENCE = field(name("sequence_number"), Long.class);
    public static final Field<byte[]> PAYLOAD = field(name("payload"), byte[].class);
    public static final Field<byte[]> META_DATA = field(name("meta_data"), byte[].class);
    public static final Field<byte[]> PREV_HASH = field(name("prev_hash"), byte[].class);
    public static final Field<byte[]> HASH = field(name("hash"), byte[].class);
    public static final Field<String> APPENDED_AT = field(name("appended_at"), String.class);

    public static final Table<?> CHECKPOINTS = table(name("audit_checkpoint"));
    public static final Field<byte[]> HEAD_HASH = field(name("head_hash"), byte[].class);
    public static final Field<String> SIGNED_AT = field(name("signed_at"), String.class);
    public static final Field<String> KEY_ID = field(name("key_id"), String.class);
    public static final Field<byte[]> SIGNATURE = field(name("signature"), byte[].class);
    public static final Field<byte[]> TREE_ROOT = field(name("tree_root"), byte[].class);

    public static final Table<?> MERKLE_NODES = table(name("audit_merkle_node"));
    public static final Field<Short> LEVEL = field(name("level"), Short.class);
    public static final Field<Long> NODE_INDEX = field(name("node_index"), Long.class);

    public static final Table<?> TENANTS = table(name("tenant"));
    public static final Field<Long> HEAD_SEQUENCE = field(name("head_sequence"), Long.class);
}
