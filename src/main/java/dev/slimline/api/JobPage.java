package dev.slimline.api;

import java.util.List;

/** One page of a job listing, newest first. */
record JobPage(List<JobView> items, int page, int size, long totalItems, int totalPages) {
}
