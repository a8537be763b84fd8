package dev.slimline.api;

import dev.slimline.auth.InsufficientRoleException;
import dev.slimline.docker.DockerOperationException;
import dev.slimline.job.IdempotencyKeyReusedException;
import dev.slimline.job.JobNotFoundException;
import dev.slimline.job.JobStateException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.context.support.DefaultMessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Every error as RFC 9457 {@code application/problem+json}. Bad input is a 4xx naming the field
 * ({@code errors: [{field, message}]}), never a 500.
 */
@RestControllerAdvice
class ProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    @ExceptionHandler(JobNotFoundException.class)
    ResponseEntity<Object> notFound(JobNotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "Job not found", e.getMessage(), null);
    }

    @ExceptionHandler(TokenNotFoundException.class)
    ResponseEntity<Object> noToken(TokenNotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "Token not found", e.getMessage(), null);
    }

    @ExceptionHandler(InsufficientRoleException.class)
    ResponseEntity<Object> forbidden(InsufficientRoleException e) {
        return problem(HttpStatus.FORBIDDEN, "Forbidden", e.getMessage(), null);
    }

    @ExceptionHandler(ArtifactNotFoundException.class)
    ResponseEntity<Object> noArtifact(ArtifactNotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "Artifact not found", e.getMessage(), null);
    }

    @ExceptionHandler(JobStateException.class)
    ResponseEntity<Object> conflict(JobStateException e) {
        return problem(HttpStatus.CONFLICT, "Not possible in the job's state", e.getMessage(), null);
    }

    @ExceptionHandler(IdempotencyKeyReusedException.class)
    ResponseEntity<Object> keyReused(IdempotencyKeyReusedException e) {
        ResponseEntity<Object> response = problem(HttpStatus.UNPROCESSABLE_CONTENT, "Idempotency key reused",
                e.getMessage(), null);
        ((ProblemDetail) response.getBody()).setProperty("jobId", e.jobId());
        return response;
    }

    @ExceptionHandler(InvalidRequestException.class)
    ResponseEntity<Object> invalid(InvalidRequestException e) {
        return problem(HttpStatus.BAD_REQUEST, "Invalid request", "the request has invalid fields", e.problems());
    }

    @ExceptionHandler(RequestTooLargeException.class)
    ResponseEntity<Object> tooLarge(RequestTooLargeException e) {
        return problem(HttpStatus.CONTENT_TOO_LARGE, "Content Too Large", e.getMessage(), null);
    }

    @ExceptionHandler(DockerOperationException.class)
    ResponseEntity<Object> docker(DockerOperationException e) {
        if (e.statusCode() == HttpStatus.CONFLICT.value()) {
            return problem(HttpStatus.CONFLICT, "The Docker daemon refused", e.getMessage(), null);
        }
        return problem(HttpStatus.BAD_GATEWAY, "The Docker daemon failed", e.getMessage(), null);
    }

    /** Anything unforeseen: logged with its stack trace, answered without one. */
    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e) {
        log.error("Unexpected error while handling a request", e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal Server Error",
                "the request failed unexpectedly; the service log has the details", null);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> problems = new ArrayList<>();
        for (FieldError error : e.getBindingResult().getFieldErrors()) {
            problems.add(new FieldProblem(error.getField(), error.getDefaultMessage()));
        }
        e.getBindingResult().getGlobalErrors()
                .forEach(error -> problems.add(new FieldProblem(error.getObjectName(), error.getDefaultMessage())));
        return problem(HttpStatus.BAD_REQUEST, "Invalid request", "the request has invalid fields", problems);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> problems = new ArrayList<>();
        e.getParameterValidationResults().forEach(result -> {
            String name = result.getMethodParameter().getParameterName();
            result.getResolvableErrors().forEach(error -> problems.add(new FieldProblem(name,
                    error instanceof DefaultMessageSourceResolvable r ? r.getDefaultMessage()
                            : String.valueOf(error))));
        });
        return problem(HttpStatus.BAD_REQUEST, "Invalid request", "the request has invalid parameters", problems);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String name = e instanceof MethodArgumentTypeMismatchException m ? m.getName() : e.getPropertyName();
        return problem(HttpStatus.BAD_REQUEST, "Invalid request", "the request has invalid parameters",
                List.of(new FieldProblem(name, "must be a " + simpleType(e.getRequiredType()))));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Throwable cause = e;
        while (cause != null) {
            if (cause instanceof RequestTooLargeException tooLarge) {
                return tooLarge(tooLarge);
            }
            cause = cause.getCause();
        }
        return unreadable(e.getMostSpecificCause());
    }

    private ResponseEntity<Object> unreadable(Throwable cause) {
        if (cause instanceof UnrecognizedPropertyException u) {
            return problem(HttpStatus.BAD_REQUEST, "Invalid request", "the request has an unknown field",
                    List.of(new FieldProblem(path(u), "is not a known field")));
        }
        if (cause instanceof InvalidFormatException f && f.getTargetType() != null && f.getTargetType().isEnum()) {
            Object[] values = f.getTargetType().getEnumConstants();
            return problem(HttpStatus.BAD_REQUEST, "Invalid request", "the request has invalid fields",
                    List.of(new FieldProblem(path(f), "must be one of " + Arrays.toString(values))));
        }
        if (cause instanceof MismatchedInputException m && !m.getPath().isEmpty()) {
            String expected = m.getTargetType() == null ? "value" : simpleType(m.getTargetType());
            return problem(HttpStatus.BAD_REQUEST, "Invalid request", "the request has invalid fields",
                    List.of(new FieldProblem(path(m), "must be a " + expected)));
        }
        if (cause instanceof StreamReadException s) {
            String where = s.getLocation() == null ? ""
                    : " at line " + s.getLocation().getLineNr() + ", column " + s.getLocation().getColumnNr();
            return problem(HttpStatus.BAD_REQUEST, "Malformed JSON", "the request body is not valid JSON" + where,
                    null);
        }
        if (cause instanceof JacksonException j && !j.getPath().isEmpty()) {
            return problem(HttpStatus.BAD_REQUEST, "Invalid request", "the request has invalid fields",
                    List.of(new FieldProblem(path(j), "is invalid")));
        }
        return problem(HttpStatus.BAD_REQUEST, "Malformed request", "the request body is missing or unreadable", null);
    }

    private static String path(JacksonException e) {
        StringBuilder out = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                out.append('[').append(reference.getIndex()).append(']');
            }
        }
        return out.isEmpty() ? "body" : out.toString();
    }

    private static String simpleType(Class<?> type) {
        if (type == null) {
            return "value";
        }
        if (Number.class.isAssignableFrom(type) || type == int.class || type == long.class || type == double.class) {
            return "number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "boolean";
        }
        if (Collection.class.isAssignableFrom(type)) {
            return "list";
        }
        if (Map.class.isAssignableFrom(type)) {
            return "JSON object";
        }
        if (type == String.class) {
            return "string";
        }
        return "JSON object";
    }

    private static ResponseEntity<Object> problem(HttpStatus status, String title, String detail,
            List<FieldProblem> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        if (errors != null) {
            problem.setProperty("errors", errors);
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
