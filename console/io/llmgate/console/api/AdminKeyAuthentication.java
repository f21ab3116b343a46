package io.llmgate.console.api;

import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** A request authenticated by an admin API key: acts as the key's user. Holds no secret. */
public class AdminKeyAuthentication extends AbstractAuthenticationToken {

    private final String keyId;
    private final String keyName;
    private final String userId;
    private final String username;
    private final boolean orgAdmin;

    public AdminKeyAuthentication(String keyId, String keyName, String userId, String username, boolean orgAdmin) {
        super(orgAdmin ? List.of(new SimpleGrantedAuthority("ROLE_USER"), new SimpleGrantedAuthority("ROLE_ORG_ADMIN"))
                : List.of(new SimpleGrantedAuthority("ROLE_USER")));
        this.keyId = keyId;
        this.keyName = keyName;
        this.userId = userId;
        this.username = username;
        this.orgAdmin = orgAdmin;
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return null;
    }

    @Override
    public Object getPrincipal() {
        return username;
    }

    public String keyId() { return keyId; }
    public String keyName() { return keyName; }
    public String userId() { return userId; }
    public boolean orgAdmin() { return orgAdmin; }
}
