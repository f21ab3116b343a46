package io.llmgate.model.governance;

/** Who did something, as the audit trail records it. */
public enum ActorType { USER, ADMIN_KEY, API_KEY, SYSTEM, ANONYMOUS }
