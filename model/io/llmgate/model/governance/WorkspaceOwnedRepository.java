package io.llmgate.model.governance;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.repository.NoRepositoryBean;

/** Repository of a {@link WorkspaceOwned} record: listing is always by one workspace. */
@NoRepositoryBean
public interface WorkspaceOwnedRepository<E extends WorkspaceOwned> extends JpaRepository<E, String> {

    List<E> findByWorkspaceIdOrderByCreatedAt(String workspaceId);
}
