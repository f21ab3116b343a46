package io.llmgate.model.governance;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.llmgate.model.audit.AuditService;

/** Users of the organisation. Only organisation admins manage users; a user may change their own profile. */
@Service
public class UserService {

    @SnakeCaseJson
    public record UserView(String id, String username, String displayName, String email, boolean orgAdmin,
                           boolean enabled, Instant createdAt) {
    }

    /** A new user; {@code password} is hashed with BCrypt and never stored or shown. */
    @SnakeCaseJson
    public record NewUser(String username, String password, String displayName, String email, Boolean orgAdmin) {
        @Override
        public String toString() {
            return "NewUser[" + username + "]";
        }
    }

    /** Changes to a user; null leaves a field as it is. */
    @SnakeCaseJson
    public record UserUpdate(String displayName, String email, Boolean orgAdmin, Boolean enabled, String password) {
        @Override
        public String toString() {
            return "UserUpdate[...]";
        }
    }

    static final int MIN_PASSWORD = 12;

    private final AppUserRepository users;
    private final OrganizationRepository organizations;
    private final AccessPolicy access;
    private final AuditService audit;
    private final PasswordEncoder passwords;
    private final Clock clock;

    public UserService(AppUserRepository users, OrganizationRepository organizations, AccessPolicy access,
                       AuditService audit, PasswordEncoder passwords, Clock clock) {
        this.users = users;
        this.organizations = organizations;
        this.access = access;
        this.audit = audit;
        this.passwords = passwords;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public List<UserView> list(Actor actor) {
        access.requireOrgAdmin(actor, "list users");
        return users.findAllByOrderByUsername().stream().map(UserService::view).toList();
    }

    @Transactional(readOnly = true)
    public UserView get(Actor actor, String id) {
        if (!actor.orgAdmin() && !id.equals(actor.userId())) {
            throw GovernanceException.forbidden("only organisation admins may see other users");
        }
        return view(find(id));
    }

    @Transactional(readOnly = true)
    public Optional<AppUser> byUsername(String username) {
        return users.findByUsername(username);
    }

    @Transactional(readOnly = true)
    public Optional<AppUser> byId(String id) {
        return users.findById(id);
    }

    @Transactional
    public UserView create(Actor actor, NewUser spec) {
        access.requireOrgAdmin(actor, "create users");
        String username = Validation.name(spec.username(), "username");
        if (!username.matches("[A-Za-z0-9._@-]+")) {
            throw GovernanceException.invalid("username", "'username' may hold letters, digits and . _ @ - only");
        }
        if (users.existsByUsername(username)) {
            throw GovernanceException.conflict("a user named '" + username + "' already exists");
        }
        String org = organizations.findAll().stream().map(Organization::getId).findFirst().orElseThrow();
        AppUser u = new AppUser(Ids.newId("usr"), org, username,
                Validation.optional(spec.displayName(), "display_name", 200),
                Validation.optional(spec.email(), "email", 320), hash(spec.password()),
                Boolean.TRUE.equals(spec.orgAdmin()), clock.instant());
        users.save(u);
        UserView view = view(u);
        audit.record(actor, "user.create", null, "user", u.getId(), null, view, null);
        return view;
    }

    @Transactional
    public UserView update(Actor actor, String id, UserUpdate change) {
        boolean self = id.equals(actor.userId());
        if (!actor.orgAdmin() && (!self || change.orgAdmin() != null || change.enabled() != null)) {
            throw GovernanceException.forbidden(self ? "only organisation admins may change admin rights or "
                    + "enable/disable users" : "only organisation admins may change other users");
        }
        AppUser u = find(id);
        UserView before = view(u);
        if (change.displayName() != null) {
            u.setDisplayName(Validation.optional(change.displayName(), "display_name", 200));
        }
        if (change.email() != null) {
            u.setEmail(Validation.optional(change.email(), "email", 320));
        }
        if (change.orgAdmin() != null) {
            if (self && !change.orgAdmin()) {
                throw GovernanceException.conflict("you cannot take your own organisation admin rights");
            }
            u.setOrgAdmin(change.orgAdmin());
        }
        if (change.enabled() != null) {
            if (self && !change.enabled()) {
                throw GovernanceException.conflict("you cannot disable yourself");
            }
            u.setEnabled(change.enabled());
        }
        if (change.password() != null) {
            u.setPasswordHash(hash(change.password()));
        }
        users.saveAndFlush(u);
        UserView after = view(u);
        audit.record(actor, "user.update", null, "user", id, before, after,
                change.password() != null ? "password changed" : null);
        return after;
    }

    /** Creates the first admin (bootstrap only). */
    @Transactional
    public AppUser createInitialAdmin(String organizationId, String username, String password) {
        AppUser u = users.save(new AppUser(Ids.newId("usr"), organizationId, username, "Administrator", null,
                hash(password), true, clock.instant()));
        audit.record(Actor.system("bootstrap"), "user.create", null, "user", u.getId(), null, view(u),
                "initial organisation admin");
        return u;
    }

    public boolean passwordMatches(AppUser user, String password) {
        return user.getPasswordHash() != null && password != null && passwords.matches(password,
                user.getPasswordHash());
    }

    private String hash(String password) {
        if (password == null || password.length() < MIN_PASSWORD) {
            throw GovernanceException.invalid("password", "'password' must have at least " + MIN_PASSWORD
                    + " characters");
        }
        if (password.length() > 72) {
            throw GovernanceException.invalid("password", "'password' must have at most 72 characters");
        }
        return passwords.encode(password);
    }

    private AppUser find(String id) {
        return users.findById(id).orElseThrow(() -> GovernanceException.notFound("user", id));
    }

    static UserView view(AppUser u) {
        return new UserView(u.getId(), u.getUsername(), u.getDisplayName(), u.getEmail(), u.isOrgAdmin(),
                u.isEnabled(), u.getCreatedAt());
    }
}
