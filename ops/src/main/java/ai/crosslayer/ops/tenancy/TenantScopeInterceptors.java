package ai.crosslayer.ops.tenancy;

import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScope;
import ai.crosslayer.kernel.TenantScoped;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.queryhandling.QueryBus;
import org.axonframework.queryhandling.QueryMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.function.BiFunction;

/**
 * Every Axon message is handled in its tenant's scope, and no caller reaches another tenant through one:
 * <ul>
 *   <li>a command or query is dispatched only from inside the scope of the tenant it names — the caller's
 *       tenant comes from its session (or, for a sign-in, from the tenant it is being placed in) — else it
 *       is refused and logged;</li>
 *   <li>a command, query or event is handled in the scope of the tenant it names, with its transaction
 *       bound to that tenant for row-level security (queries get a read-only transaction of their own).</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class TenantScopeInterceptors {

    private static final Logger log = LoggerFactory.getLogger(TenantScopeInterceptors.class);

    @Autowired
    void commands(CommandBus commands, TenantTransactionManager transactions) {
        commands.registerDispatchInterceptor(refuseAnotherTenants("command"));
        commands.registerHandlerInterceptor(handleInScope(transactions));
    }

    @Autowired
    void queries(QueryBus queries, PlatformTransactionManager transactions) {
        queries.registerDispatchInterceptor(refuseAnotherTenants("query"));
        TransactionTemplate readOnly = new TransactionTemplate(transactions);
        readOnly.setReadOnly(true);
        queries.registerHandlerInterceptor((MessageHandlerInterceptor<QueryMessage<?, ?>>) (unitOfWork, chain) -> {
            TenantId tenant = tenantOf(unitOfWork.getMessage());
            // The scope first, then the transaction, so that the transaction begins bound to the tenant.
            return TenantScope.call(tenant, () -> readOnly.execute(status -> proceed(chain)));
        });
    }

    /**
     * Every event is handled in its tenant's scope. Its transaction is bound to that tenant (issue 11) by what
     * touches the database while handling it, right before it does, not here for every event: a processor's
     * batch interleaves tenants, and a binding per event was a round trip per event (issue 14). What binds:
     * the dead-letter queue (its "is this sequence parked?" check and the letter it writes are rows under
     * row-level security), the savepoint around each event handler that runs its own statements (binding
     * before the savepoint, so a rolled-back handler keeps it), and {@code ProjectionWrites} when it sends a
     * batch's statements, tenant by tenant. Consecutive bindings to one tenant cost nothing
     * ({@link TenantTransactionManager#bind}).
     */
    @Autowired
    void events(EventProcessingConfigurer processing) {
        processing.registerDefaultHandlerInterceptor((configuration, processor) -> (unitOfWork, chain) ->
                TenantScope.call(tenantOf(unitOfWork.getMessage()), () -> proceed(chain)));
    }

    private static <M extends Message<?>> MessageHandlerInterceptor<M> handleInScope(TenantTransactionManager transactions) {
        return (UnitOfWork<? extends M> unitOfWork, InterceptorChain chain) -> {
            TenantId tenant = tenantOf(unitOfWork.getMessage());
            return TenantScope.call(tenant, () -> {
                transactions.bind(tenant);
                return proceed(chain);
            });
        };
    }

    private static <M extends Message<?>> MessageDispatchInterceptor<M> refuseAnotherTenants(String kind) {
        return messages -> (BiFunction<Integer, M, M>) (index, message) -> {
            TenantId named = tenantOf(message);
            TenantId caller = TenantScope.current().orElse(null);
            if (!named.equals(caller)) {
                log.warn("refused cross-tenant {}: caller tenant {} sent {} naming tenant {} (route {})",
                        kind, caller == null ? "none" : caller, message.getPayloadType().getSimpleName(), named,
                        RequestRoute.current());
                throw new CrossTenantAccessRefused("a " + kind + " may only be sent from inside the scope of the tenant it names");
            }
            return message;
        };
    }

    static TenantId tenantOf(Message<?> message) {
        if (message.getPayload() instanceof TenantScoped scoped && scoped.tenantId() != null) {
            return scoped.tenantId();
        }
        throw new CrossTenantAccessRefused(message.getPayloadType().getSimpleName()
                + " names no tenant: every command, query and event must be TenantScoped");
    }

    private static Object proceed(InterceptorChain chain) {
        try {
            return chain.proceed();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
