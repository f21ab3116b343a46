package io.llmgate.model.governance;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * First start: the organisation, a default workspace, the first admin user (password from
 * {@code LLMGATE_ADMIN_PASSWORD} or generated and logged once) and an admin API key (from
 * {@code LLMGATE_ADMIN_API_KEY} or generated and logged once). Later starts change nothing, except registering
 * a configured bootstrap admin key that is not there yet.
 */
@Component
public class Bootstrap implements SmartInitializingSingleton {

    private static final Logger LOG = LoggerFactory.getLogger(Bootstrap.class);

    private final GovernanceProperties properties;
    private final OrganizationRepository organizations;
    private final WorkspaceRepository workspaces;
    private final WorkspaceMemberRepository members;
    private final AppUserRepository users;
    private final UserService userService;
    private final AdminKeyService adminKeys;
    private final TransactionTemplate tx;
    private final Clock clock;

    public Bootstrap(GovernanceProperties properties, OrganizationRepository organizations,
                     WorkspaceRepository workspaces, WorkspaceMemberRepository members, AppUserRepository users,
                     UserService userService, AdminKeyService adminKeys, TransactionTemplate tx, Clock clock) {
        this.properties = properties;
        this.organizations = organizations;
        this.workspaces = workspaces;
        this.members = members;
        this.users = users;
        this.userService = userService;
        this.adminKeys = adminKeys;
        this.tx = tx;
        this.clock = clock;
    }

    @Override
    public void afterSingletonsInstantiated() {
        tx.executeWithoutResult(s -> run());
    }

    private void run() {
        GovernanceProperties.Bootstrap b = properties.getBootstrap();
        if (organizations.count() == 0) {
            Organization org = organizations.save(new Organization(Ids.newId("org"), b.getOrganization(),
                    clock.instant()));
            workspaces.save(new Workspace(Ids.newId("ws"), org.getId(), b.getWorkspace(), "created on first start",
                    clock.instant()));
        }
        String orgId = organizations.findAll().get(0).getId();
        if (users.count() == 0) {
            boolean generated = b.getAdminPassword() == null || b.getAdminPassword().isBlank();
            String password = generated ? randomSecret(18) : b.getAdminPassword();
            AppUser admin = userService.createInitialAdmin(orgId, b.getAdminUsername(), password);
            workspaces.findAll().stream().filter(w -> w.getName().equals(b.getWorkspace())).findFirst()
                    .ifPresent(w -> members.save(new WorkspaceMember(Ids.newId("mem"), w.getId(), admin.getId(),
                            Role.OWNER, clock.instant())));
            if (generated) {
                LOG.warn("""

                        ************************************************************************************
                         First start: created the organisation admin '{}' with the generated password
                           {}
                         It is shown only this once. Change it, or set LLMGATE_ADMIN_PASSWORD before the
                         first start.
                        ************************************************************************************""",
                        b.getAdminUsername(), password);
            } else {
                LOG.info("first start: created the organisation admin '{}' (password from configuration)",
                        b.getAdminUsername());
            }
        }
        AppUser admin = users.findByUsername(b.getAdminUsername()).orElse(null);
        String configuredKey = b.getAdminApiKey();
        if (configuredKey != null && !configuredKey.isBlank()) {
            if (admin == null) {
                throw new IllegalStateException("gateway.bootstrap.admin-api-key is set but the user '"
                        + b.getAdminUsername() + "' it belongs to does not exist");
            }
            adminKeys.ensureBootstrapKey(admin.getId(), configuredKey.trim());
        } else if (admin != null && !adminKeys.any()) {
            AdminKeyService.CreatedAdminKey key = adminKeys.create(Actor.system("bootstrap"), "bootstrap",
                    admin.getId(), null);
            LOG.warn("""

                    ************************************************************************************
                     First start: created an admin API key for '{}':
                       {}
                     It is shown only this once. Use it as `Authorization: Bearer <key>` on /admin/api,
                     or set LLMGATE_ADMIN_API_KEY before the first start.
                    ************************************************************************************""",
                    b.getAdminUsername(), key.key());
        }
    }

    private static String randomSecret(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
