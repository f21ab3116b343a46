package io.llmgate.model.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class KeysAndScopesTest {

    @Test
    void tokensParseHashAndCompare() {
        KeyTokens.Issued issued = KeyTokens.issue(KeyTokens.GATEWAY_KIND);
        assertThat(issued.token()).matches("lg-[0-9a-z]{8}-[A-Za-z0-9_-]{43}");
        assertThat(KeyTokens.parse(issued.token()).prefix()).isEqualTo(issued.prefix());
        assertThat(KeyTokens.matches(issued.token(), issued.salt(), issued.hash())).isTrue();
        assertThat(KeyTokens.matches(issued.token() + "x", issued.salt(), issued.hash())).isFalse();
        assertThat(issued.hash()).doesNotContain(issued.token().substring(12));
        assertThat(issued.toString()).doesNotContain(issued.token());
        assertThat(KeyTokens.parse("sk-proj-abc")).isNull();
        assertThat(KeyTokens.parse("lg-short-" + "x".repeat(40))).isNull();
        assertThat(KeyTokens.stored(issued.token()).hash()).isNotEqualTo(issued.hash()); // salted
    }

    @Test
    void scopesAndModelPatterns() {
        assertThat(ApiKeyScopes.validate(null)).containsExactly("*");
        assertThatThrownBy(() -> ApiKeyScopes.validate(List.of("images"))).isInstanceOf(GovernanceException.class);
        List<String> scopes = ApiKeyScopes.validate(List.of("chat.completions", "config:cfg-1"));
        assertThat(ApiKeyScopes.allowsEndpoint(scopes, "chat.completions")).isTrue();
        assertThat(ApiKeyScopes.allowsEndpoint(scopes, "embeddings")).isFalse();
        assertThat(ApiKeyScopes.allowsConfig(scopes, "cfg-1", null)).isTrue();
        assertThat(ApiKeyScopes.allowsConfig(scopes, "cfg-2", "cfg-2")).isTrue();
        assertThat(ApiKeyScopes.allowsConfig(scopes, "cfg-2", null)).isFalse();
        assertThat(ApiKeyScopes.allowsConfig(scopes, null, null)).isFalse();
        assertThat(ApiKeyScopes.allowsModel(List.of("gpt-4o*"), "gpt-4o-mini")).isTrue();
        assertThat(ApiKeyScopes.allowsModel(List.of("gpt-4o*"), "o3")).isFalse();
        assertThat(ApiKeyScopes.allowsModel(List.of("claude-*-sonnet*"), "claude-3-5-sonnet-latest")).isTrue();
        assertThat(ApiKeyScopes.allowsModel(null, "anything")).isTrue();
    }
}
