package io.llmgate.model.audit;

import java.util.Optional;

import org.springframework.data.repository.Repository;

/** Append-only access to the audit trail: insert and read, nothing else. Searches go through {@link AuditService}. */
public interface AuditRepository extends Repository<AuditEvent, Long> {

    AuditEvent save(AuditEvent event);

    <S extends AuditEvent> Iterable<S> saveAll(Iterable<S> events);

    Optional<AuditEvent> findById(Long id);

    long count();
}
