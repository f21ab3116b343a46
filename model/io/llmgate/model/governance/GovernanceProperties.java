package io.llmgate.model.governance;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Governance settings, bound from {@code gateway.*} next to the gateway's own {@code GatewayProperties}:
 * {@code gateway.auth.*}, {@code gateway.master-key}, {@code gateway.master-key-file}, {@code gateway.bootstrap.*},
 * {@code gateway.budgets.*}, prices come from {@code gateway.pricing.*} (PricingService).
 */
@ConfigurationProperties("gateway")
public class GovernanceProperties {

    private Auth auth = new Auth();
    /** Base64 of 32 bytes; in application.yml it defaults to the env variable LLMGATE_MASTER_KEY. */
    private String masterKey;
    /** File holding the base64 master key; used when {@link #masterKey} is empty. */
    private String masterKeyFile;
    /** Where a development master key is generated when neither key nor file is configured. */
    private String devMasterKeyFile = "./data/master.key";
    private Bootstrap bootstrap = new Bootstrap();
    private Budgets budgets = new Budgets();
    /** Request metadata keys naming the end user, first match wins (Portkey sends {@code _user}). */
    private List<String> userMetadataKeys = List.of("_user", "user");

    public static class Auth {
        /** When false, /v1 requests need no gateway API key (tests, local development). */
        private boolean enabled = true;
        /** Longest time a cached key lookup is trusted: a revocation made on another node applies after this. */
        private Duration cacheTtl = Duration.ofSeconds(1);
        private long cacheMaxSize = 100_000;

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public Duration getCacheTtl() { return cacheTtl; }
        public void setCacheTtl(Duration cacheTtl) { this.cacheTtl = cacheTtl; }
        public long getCacheMaxSize() { return cacheMaxSize; }
        public void setCacheMaxSize(long cacheMaxSize) { this.cacheMaxSize = cacheMaxSize; }
    }

    public static class Bootstrap {
        private String organization = "default";
        private String workspace = "default";
        private String adminUsername = "admin";
        /** Password of the first admin user; generated and logged once when empty (env LLMGATE_ADMIN_PASSWORD). */
        private String adminPassword;
        /** Admin API key created on first start ({@code lga-...}); generated and logged once when empty. */
        private String adminApiKey;

        public String getOrganization() { return organization; }
        public void setOrganization(String organization) { this.organization = organization; }
        public String getWorkspace() { return workspace; }
        public void setWorkspace(String workspace) { this.workspace = workspace; }
        public String getAdminUsername() { return adminUsername; }
        public void setAdminUsername(String adminUsername) { this.adminUsername = adminUsername; }
        public String getAdminPassword() { return adminPassword; }
        public void setAdminPassword(String adminPassword) { this.adminPassword = adminPassword; }
        public String getAdminApiKey() { return adminApiKey; }
        public void setAdminApiKey(String adminApiKey) { this.adminApiKey = adminApiKey; }
    }

    public static class Budgets {
        /** Completion tokens reserved when a request sets no max_tokens. */
        private long defaultCompletionTokens = 256;
        /** Reservations older than this are released (a request that never reported its end). */
        private Duration reservationTtl = Duration.ofMinutes(15);
        /**
         * How long a response waits for the commit holding its spend (a stream: its last bytes); then it goes out
         * anyway, counted in llmgate.budget.spend.unconfirmed. 0: do not wait (spend written in the background).
         */
        private Duration spendCommitWait = Duration.ofSeconds(5);

        public long getDefaultCompletionTokens() { return defaultCompletionTokens; }
        public void setDefaultCompletionTokens(long v) { this.defaultCompletionTokens = v; }
        public Duration getReservationTtl() { return reservationTtl; }
        public void setReservationTtl(Duration reservationTtl) { this.reservationTtl = reservationTtl; }
        public Duration getSpendCommitWait() { return spendCommitWait; }
        public void setSpendCommitWait(Duration spendCommitWait) { this.spendCommitWait = spendCommitWait; }
    }

    public Auth getAuth() { return auth; }
    public void setAuth(Auth auth) { this.auth = auth; }
    public String getMasterKey() { return masterKey; }
    public void setMasterKey(String masterKey) { this.masterKey = masterKey; }
    public String getMasterKeyFile() { return masterKeyFile; }
    public void setMasterKeyFile(String masterKeyFile) { this.masterKeyFile = masterKeyFile; }
    public String getDevMasterKeyFile() { return devMasterKeyFile; }
    public void setDevMasterKeyFile(String devMasterKeyFile) { this.devMasterKeyFile = devMasterKeyFile; }
    public Bootstrap getBootstrap() { return bootstrap; }
    public void setBootstrap(Bootstrap bootstrap) { this.bootstrap = bootstrap; }
    public Budgets getBudgets() { return budgets; }
    public void setBudgets(Budgets budgets) { this.budgets = budgets; }
    public List<String> getUserMetadataKeys() { return userMetadataKeys; }
    public void setUserMetadataKeys(List<String> userMetadataKeys) { this.userMetadataKeys = userMetadataKeys; }

    @Override
    public String toString() {
        return "GovernanceProperties[auth=" + auth.enabled + "]"; // never print keys or passwords
    }
}
