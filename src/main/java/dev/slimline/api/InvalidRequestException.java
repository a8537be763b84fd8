package dev.slimline.api;

import java.util.List;

/** A request that binds but breaks a rule spanning fields or parameters; answered with 400. */
class InvalidRequestException extends RuntimeException {

    private final List<FieldProblem> problems;

    InvalidRequestException(String field, String message) {
        super(field + " " + message);
        this.problems = List.of(new FieldProblem(field, message));
    }

    List<FieldProblem> problems() {
        return problems;
    }
}
