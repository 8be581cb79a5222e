package ai.crosslayer.command.support;

import org.junit.jupiter.api.Test;

import java.sql.BatchUpdateException;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

class ClosedTenantTest {

    @Test
    void theDatabasesRefusalIsRecognisedWhereverItIsWrapped() {
        SQLException refusal = new SQLException("tenant t is offboarded", ClosedTenant.SQLSTATE);
        assertThat(ClosedTenant.refused(new IllegalStateException("append failed", new RuntimeException(refusal)))).isTrue();
        BatchUpdateException batch = new BatchUpdateException("batch entry 0 was aborted", "25P02", new int[0]);
        batch.setNextException(refusal);
        assertThat(ClosedTenant.refused(new RuntimeException(batch))).as("a batch names it as its next exception").isTrue();
    }

    @Test
    void anyOtherFailureIsNotARefusal() {
        assertThat(ClosedTenant.refused(new RuntimeException(new SQLException("duplicate key value", "23505")))).isFalse();
        assertThat(ClosedTenant.refused(new RuntimeException("no database"))).isFalse();
        assertThat(ClosedTenant.refused(null)).isFalse();
    }
}
