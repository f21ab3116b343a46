package io.llmgate.model.governance;

/** A user's role in one workspace, weakest first. */
public enum Role {
    VIEWER, MEMBER, ADMIN, OWNER;

    public boolean atLeast(Role other) {
        return ordinal() >= other.ordinal();
    }

    public static Role parse(String value) {
        if (value != null) {
            for (Role r : values()) {
                if (r.name().equalsIgnoreCase(value.trim())) {
                    return r;
                }
            }
        }
        throw GovernanceException.invalid("role", "role must be one of owner, admin, member, viewer");
    }
}
