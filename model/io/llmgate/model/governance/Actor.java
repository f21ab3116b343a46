package io.llmgate.model.governance;

/**
 * The one acting on governance: a console user, an admin API key (acting with its owner's roles), a gateway API
 * key, or the system itself. Every domain service takes one, checks its rights and records it in the audit trail.
 *
 * @param type      kind of actor
 * @param id        user id, admin key id or API key id
 * @param name      readable name for the audit trail
 * @param userId    the user whose roles apply (the owner, for admin keys); null for system and API keys
 * @param orgAdmin  organisation administrator: every right in every workspace
 * @param sourceIp  where the call came from, for the audit trail
 */
public record Actor(ActorType type, String id, String name, String userId, boolean orgAdmin, String sourceIp) {

    public static Actor system(String what) {
        return new Actor(ActorType.SYSTEM, "system", what, null, true, null);
    }

    public Actor from(String ip) {
        return new Actor(type, id, name, userId, orgAdmin, ip);
    }
}
