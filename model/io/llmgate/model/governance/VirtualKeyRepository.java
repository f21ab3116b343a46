package io.llmgate.model.governance;

public interface VirtualKeyRepository extends WorkspaceOwnedRepository<VirtualKey> {
}
