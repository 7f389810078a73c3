package org.acme.shop.http.validation;

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
 * A text field or parameter holds no control character: none of C0 ({@code U+0000} to {@code U+001F}), {@code DEL}
 * ({@code U+007F}) or C1 ({@code U+0080} to {@code U+009F}), and no bidirectional embedding, override or isolate
 * ({@code U+202A} to {@code U+202E}, {@code U+2066} to {@code U+2069}); free text ({@code multiline = true}, a
 * description) may hold tabs and line feeds. PostgreSQL refuses a NUL in a text column (SQLSTATE 22021); the other
 * controls make names, keys and log lines ambiguous (C1 holds terminal escapes: {@code U+009B} is CSI); a bidi override
 * makes a name read otherwise than it is stored ("Trojan Source", CVE-2021-42574). Refused here, a client's mistake is
 * a {@code 400} that names the field instead of a {@code 500} from the database. The marks {@code U+200E} and
 * {@code U+200F}, which right-to-left text needs and which override nothing, are allowed.
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
                if (isControl(c) && !(multiline && (c == '\t' || c == '\n')) || isBidiControl(c)) {
                    return false;
                }
            }
            return true;
        }

        /** C0, DEL and C1: Unicode's general category Cc. */
        private static boolean isControl(char c) {
            return c < 0x20 || c >= 0x7F && c <= 0x9F;
        }

        /** LRE, RLE, PDF, LRO, RLO and LRI, RLI, FSI, PDI. */
        private static boolean isBidiControl(char c) {
            return c >= '\u202A' && c <= '\u202E' || c >= '\u2066' && c <= '\u2069';
        }
    }
}
