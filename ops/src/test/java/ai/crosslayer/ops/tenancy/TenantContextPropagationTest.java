package ai.crosslayer.ops.tenancy;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScope;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.Context;

import static org.assertj.core.api.Assertions.assertThat;

class TenantContextPropagationTest {

    private static final TenantId A = new TenantId("aaaaaaaa-0000-4000-8000-00000000000a");

    @Test
    void theScopeOfARequestFollowsItAcrossReactorThreadHops() {
        TenantContextPropagation.install();
        TenantScope.Snapshot scope = TenantScope.call(A, TenantScope::capture);
        String caller = Thread.currentThread().getName();

        var seen = Mono.fromCallable(() -> Thread.currentThread().getName() + "|" + TenantScope.current().orElse(null))
                .subscribeOn(Schedulers.boundedElastic())
                .publishOn(Schedulers.parallel())
                .map(first -> first + "|" + Thread.currentThread().getName() + "|" + TenantScope.current().orElse(null))
                .contextWrite(Context.of(TenantContextPropagation.SCOPE_KEY, scope))
                .block();

        String[] parts = seen.split("\\|");
        assertThat(parts[0]).isNotEqualTo(caller).contains("boundedElastic");
        assertThat(parts[1]).isEqualTo(A.value());
        assertThat(parts[2]).contains("parallel");
        assertThat(parts[3]).isEqualTo(A.value());
        assertThat(TenantScope.current()).as("nothing leaks onto the calling thread").isEmpty();
    }
}
