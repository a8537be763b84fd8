package dev.slimline.api;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The value, when present, is a Docker image reference ({@link ImageReferences}). */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = ImageReference.Validator.class)
@interface ImageReference {

    /** False for names to tag or push to, which take no digest. */
    boolean digestAllowed() default true;

    String message() default "must be a Docker image reference such as registry.example:5000/team/app:1.2";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<ImageReference, String> {

        private boolean digestAllowed;

        @Override
        public void initialize(ImageReference annotation) {
            digestAllowed = annotation.digestAllowed();
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            return digestAllowed ? ImageReferences.isReference(value) : ImageReferences.isTaggedName(value);
        }
    }
}
