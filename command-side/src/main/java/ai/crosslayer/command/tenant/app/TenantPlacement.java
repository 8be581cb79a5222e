package ai.crosslayer.command.tenant.app;

import ai.crosslayer.command.support.AuditContext;
import ai.crosslayer.command.support.AuditContext.Source;
import ai.crosslayer.command.tenant.store.SignInKeys.Kind;
import ai.crosslayer.command.tenant.domain.TenantClosed;
import ai.crosslayer.command.tenant.store.SignInKeys;
import ai.crosslayer.kernel.TenantId;
import ai.crosslayer.kernel.TenantScope;
import ai.crosslayer.kernel.tenant.CreateTenantCommand;
import ai.crosslayer.kernel.tenant.SignInMemberCommand;
import ai.crosslayer.kernel.tenant.VerifiedIdentity;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfigurer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Places a verified person signing in into their tenant, creating it on the first sign-in:
 * <ol>
 *   <li>a member signs in to the tenant they belong to;</li>
 *   <li>else someone signing in through a WorkOS organization joins that organization's tenant;</li>
 *   <li>else someone whose email the provider verified joins the tenant of that email domain —
 *       unless the domain is a public mail provider, where strangers share a domain;</li>
 *   <li>else they found a new tenant, and administer it.</li>
 * </ol>
 * Both sign-in paths (WorkOS and the local dev sign-in) come through here, so they are the same
 * commands and the same events.
 */
@Service
public class TenantPlacement {

    /** Domains whose users are strangers to each other: each of their users gets a tenant of their own. */
    static final String PERSONAL_WORKSPACE = "Personal workspace";
    static final Set<String> PUBLIC_MAIL_DOMAINS = Set.of(
            "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com",
            "yahoo.com", "ymail.com", "icloud.com", "me.com", "mac.com", "aol.com", "proton.me",
            "protonmail.com", "gmx.com", "gmx.de", "web.de", "mail.com", "zoho.com", "yandex.com",
            "fastmail.com", "hey.com", "qq.com", "163.com");

    private final CommandGateway commands;
    private final SignInKeys keys;
    private final Clock clock;

    TenantPlacement(CommandGateway commands, SignInKeys keys, Clock clock) {
        this.commands = commands;
        this.keys = keys;
        this.clock = clock;
    }

    @Autowired
    void keepSignInKeysInTheCommandTransaction(EventProcessingConfigurer processing) {
        processing.registerSubscribingEventProcessor(SignInKeys.PROCESSING_GROUP);
    }

    /**
     * Records the sign-in and answers the tenant it belongs to. Blocking: call it off the event loop.
     */
    public TenantId signIn(VerifiedIdentity who) {
        try {
            return place(who);
        } catch (TenantClosed offboardedMeanwhile) {
            // Offboarded between finding its sign-in key and signing in (issue 18): its keys went with it, so
            // placing again places them as anyone new.
            return place(who);
        } catch (RuntimeException concurrentFirstSignIn) {
            // Two first sign-ins of one organization or domain raced, and the other created the
            // tenant (our sign-in key insert was refused). Looking again finds it.
            if (findExisting(who).isPresent()) {
                return place(who);
            }
            throw concurrentFirstSignIn;
        }
    }

    private TenantId place(VerifiedIdentity who) {
        Optional<TenantId> existing = findExisting(who);
        if (existing.isPresent()) {
            TenantId tenant = existing.get();
            // The one place a caller enters a tenant's scope without a session: the verified identity and
            // the sign-in keys have just placed them in it.
            TenantScope.run(tenant, () -> commands.sendAndWait(new SignInMemberCommand(tenant, who, clock.instant()),
                    AuditContext.of(tenant, who.userId(), Source.DASHBOARD)));
            return tenant;
        }
        TenantId tenant = TenantId.of(UUID.randomUUID());
        String domain = domainThatPlacesMembers(who);
        TenantScope.run(tenant, () -> commands.sendAndWait(new CreateTenantCommand(tenant, tenantName(who, domain),
                who.organizationId(), domain, who, clock.instant()), AuditContext.of(tenant, who.userId(), Source.DASHBOARD)));
        return tenant;
    }

    private Optional<TenantId> findExisting(VerifiedIdentity who) {
        Optional<TenantId> asMember = keys.tenantFor(Kind.MEMBER, who.userId());
        if (asMember.isPresent()) {
            return asMember;
        }
        if (who.organizationId() != null) {
            return keys.tenantFor(Kind.WORKOS_ORGANIZATION, who.organizationId());
        }
        String domain = domainThatPlacesMembers(who);
        return domain == null ? Optional.empty() : keys.tenantFor(Kind.EMAIL_DOMAIN, domain);
    }

    /**
     * The email domain that decides a user's tenant, or {@code null} when it must not: the user came
     * through an organization (which decides instead), the email is unverified, or the domain is public.
     */
    private static String domainThatPlacesMembers(VerifiedIdentity who) {
        if (who.organizationId() != null || !who.emailVerified()) {
            return null;
        }
        String domain = who.emailDomain();
        return PUBLIC_MAIL_DOMAINS.contains(domain) ? null : domain;
    }

    /**
     * A first name for the tenant: its domain, or its founder's for an organization; for a founder on a public mail
     * domain, a plain "Personal workspace". Never the founder's email: the name is stored in the clear in
     * {@code TenantCreated}, which erasure cannot reach (issue 18).
     */
    private static String tenantName(VerifiedIdentity who, String domain) {
        if (domain != null) {
            return domain;
        }
        return who.organizationId() != null ? who.emailDomain() : PERSONAL_WORKSPACE;
    }
}
