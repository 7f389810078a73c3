package org.acme.shop.http;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * A text field or parameter holds no C0 control character ({@code U+0000} to {@code U+001F}); free text
 * ({@code multiline = true}, a description) may hold tabs and line feeds. PostgreSQL refuses a NUL in a text column
 * (SQLSTATE 22021) and the other controls make names, keys and log lines ambiguous: refused here, a client's mistake is
 * a {@code 400} that names the field instead of a {@code 500} from the database.
 */
@Documented
@Constraint(validatedBy = NoControlCharacters.Validator.class)
@Target({FIELD, PARAMETER, RECORD_COMPONENT, TYPE_USE})
@Retention(RUNTIME)
public @interface NoControlCharacters {

    /** Whether tab and line feed are allowed (free text). */
    boolean multiline() default false;

    String message() default "must not contain control characters";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<NoControlCharacters, CharSequence> {

        private boolean multiline;

        @Override
        public void initialize(NoControlCharacters annotation) {
            multiline = annotation.multiline();
        }

        @Override
        public boolean isValid(CharSequence value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;                                    // @NotNull / @NotBlank say whether it is required
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c < 0x20 && !(multiline && (c == '\t' || c == '\n'))) {
                    return false;
                }
            }
            return true;
        }
    }
}
