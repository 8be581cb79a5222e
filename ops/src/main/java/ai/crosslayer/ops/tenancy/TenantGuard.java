package ai.crosslayer.ops.tenancy;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScope;
import org.jooq.Condition;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.Field;
import org.jooq.Param;
import org.jooq.Query;
import org.jooq.QueryPart;
import org.jooq.Row;
import org.jooq.Select;
import org.jooq.Table;
import org.jooq.impl.QOM;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The guard: before jOOQ sends a statement that touches a tenant-scoped table (any table with a
 * {@code tenant_id} column), it checks that a {@link TenantScope} is in force and that every tenant the
 * statement names (in its predicates, inserted values or updates) is the scope's. It fails closed: a
 * select, update or delete without a tenant predicate, or an insert without a tenant value, is refused
 * too. Work declared {@link TenantScope#crossTenant} passes; row-level security still limits it.
 *
 * <p>It reads the jOOQ query model, so it sees statements built with the DSL; plain-SQL strings are not
 * inspectable and are not used on tenant tables (row-level security would still hold).
 */
public class TenantGuard implements ExecuteListener {

    private static final Logger log = LoggerFactory.getLogger(TenantGuard.class);
    private static final String TENANT_COLUMN = "tenant_id";

    private final Supplier<Set<String>> tenantScopedTables;

    /** @param tenantScopedTables the names (lowercase) of the tables that have a tenant_id column */
    public TenantGuard(Supplier<Set<String>> tenantScopedTables) {
        this.tenantScopedTables = tenantScopedTables;
    }

    /** The first event of every execution: before rendering, binding, or any byte sent to the database. */
    @Override
    public void start(ExecuteContext ctx) {
        Query query = ctx.query();
        if (query != null) {
            check(query);
        }
        // A batch (the projections' writes) is checked statement by statement, like the same statements alone.
        for (Query batched : ctx.batchQueries()) {
            check(batched);
        }
    }

    void check(Query query) {
        Statement statement = Statement.of(query);
        List<String> scoped = statement.tables.stream()
                .map(name -> name.toLowerCase(Locale.ROOT))
                .filter(tenantScopedTables.get()::contains)
                .distinct().toList();
        if (scoped.isEmpty() || TenantScope.isCrossTenant()) {
            return;
        }
        TenantId scope = TenantScope.current().orElseThrow(() ->
                new TenantGuardViolation(statement.kind + " on " + scoped + " outside any tenant scope"));
        if (statement.kind.equals("truncate")) {
            throw new TenantGuardViolation("truncate of " + scoped + " inside tenant " + scope
                    + "'s scope: truncation spans tenants and must be declared cross-tenant");
        }
        if (statement.tenants.isEmpty()) {
            throw new TenantGuardViolation(statement.kind + " on " + scoped + " names no tenant (tenant "
                    + scope + "'s scope): every statement on a tenant table must say whose rows it means");
        }
        for (Object named : statement.tenants) {
            if (!scope.value().equals(String.valueOf(named))) {
                log.warn("refused cross-tenant query: scope tenant {} named tenant {} on {} (route {})",
                        scope, named, scoped, RequestRoute.current());
                throw new TenantGuardViolation(statement.kind + " on " + scoped + " names tenant " + named
                        + " inside tenant " + scope + "'s scope");
            }
        }
    }

    /** What a statement touches: its tables, and the tenant values it names. */
    private static final class Statement {
        final String kind;
        final List<String> tables = new ArrayList<>();
        final List<Object> tenants = new ArrayList<>();

        private Statement(String kind) {
            this.kind = kind;
        }

        static Statement of(Query query) {
            if (query instanceof Select<?> select) {
                Statement s = new Statement("select");
                select.$from().forEach(s::table);
                s.condition(select.$where());
                return s;
            }
            if (query instanceof QOM.InsertReturning<?> returning) {
                return of(returning.$insert());
            }
            if (query instanceof QOM.Insert<?> insert) {
                Statement s = new Statement("insert");
                s.table(insert.$into());
                List<? extends Field<?>> columns = insert.$columns();
                for (int i = 0; i < columns.size(); i++) {
                    if (isTenantColumn(columns.get(i))) {
                        for (Row row : insert.$values()) {
                            s.value(row.field(i));
                        }
                    }
                }
                s.assignments(insert.$updateSet());
                return s;
            }
            if (query instanceof QOM.UpdateReturning<?> returning) {
                return of(returning.$update());
            }
            if (query instanceof QOM.Update<?> update) {
                Statement s = new Statement("update");
                s.table(update.$table());
                update.$from().forEach(s::table);
                s.assignments(update.$set());
                s.condition(update.$where());
                return s;
            }
            if (query instanceof QOM.DeleteReturning<?> returning) {
                return of(returning.$delete());
            }
            if (query instanceof QOM.Delete<?> delete) {
                Statement s = new Statement("delete");
                s.table(delete.$from());
                delete.$using().forEach(s::table);
                s.condition(delete.$where());
                return s;
            }
            if (query instanceof QOM.Truncate<?> truncate) {
                Statement s = new Statement("truncate");
                truncate.$table().forEach(s::table);
                return s;
            }
            return new Statement("statement");
        }

        private void table(QueryPart part) {
            if (part instanceof QOM.JoinTable<?, ?> join) {
                table(join.$table1());
                table(join.$table2());
                if (join instanceof QOM.QualifiedJoin<?, ?> qualified) {
                    condition(qualified.$on());
                }
            } else if (part instanceof QOM.TableAlias<?> alias) {
                table(alias.$table());
            } else if (part instanceof Table<?> table) {
                tables.add(table.getName());
            }
        }

        private void condition(Condition condition) {
            if (condition instanceof QOM.And and) {
                condition(and.$arg1());
                condition(and.$arg2());
            } else if (condition instanceof QOM.Or or) {
                condition(or.$arg1());
                condition(or.$arg2());
            } else if (condition instanceof QOM.Eq<?> eq) {
                if (isTenantColumn(eq.$arg1())) {
                    value(eq.$arg2());
                } else if (isTenantColumn(eq.$arg2())) {
                    value(eq.$arg1());
                }
            } else if (condition instanceof QOM.InList<?> in && isTenantColumn(in.$field())) {
                in.$list().forEach(this::value);
            }
        }

        private void assignments(Map<?, ?> set) {
            if (set == null) {
                return;
            }
            set.forEach((target, value) -> {
                if (target instanceof Field<?> field && isTenantColumn(field) && value instanceof QueryPart part) {
                    value(part);
                }
            });
        }

        /** A literal tenant is recorded; a column (a join, {@code excluded.tenant_id}) names no new tenant. */
        private void value(QueryPart part) {
            if (part instanceof Param<?> param) {
                tenants.add(param.getValue());
            }
        }

        private static boolean isTenantColumn(QueryPart part) {
            return part instanceof Field<?> field && !(part instanceof Param<?>)
                    && TENANT_COLUMN.equalsIgnoreCase(field.getName());
        }
    }
}
