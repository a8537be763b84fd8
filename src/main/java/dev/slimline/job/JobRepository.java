package dev.slimline.job;

import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;

interface JobRepository extends JpaRepository<Job, String>, JpaSpecificationExecutor<Job> {

    Optional<Job> findByOwnerAndIdempotencyKey(String owner, String idempotencyKey);
}
