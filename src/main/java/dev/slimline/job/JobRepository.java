package dev.slimline.job;

import java.util.Collection;
import java.util.Optional;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

interface JobRepository extends JpaRepository<Job, String> {

    Optional<Job> findByIdempotencyKey(String idempotencyKey);

    Page<Job> findByStatusIn(Collection<JobStatus> statuses, Pageable pageable);

    Page<Job> findByImage(String image, Pageable pageable);

    Page<Job> findByStatusInAndImage(Collection<JobStatus> statuses, String image, Pageable pageable);
}
