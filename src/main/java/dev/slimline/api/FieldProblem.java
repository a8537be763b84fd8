package dev.slimline.api;

/** What is wrong with one field of a request, as the {@code errors} of a problem response list it. */
record FieldProblem(String field, String message) {
}
