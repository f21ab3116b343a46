package io.llmgate.model.logs;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

public interface RequestLogAttemptRepository extends JpaRepository<RequestLogAttempt, RequestLogAttempt.Key> {

    List<RequestLogAttempt> findByLogIdOrderByAttemptIndex(String logId);
}
