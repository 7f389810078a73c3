package org.acme.shop.http.validation;

import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.function.Function;

import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;
import org.acme.shop.http.problem.InvalidParameter;

/**
 * Converts whole-number path and query parameters ({@code id}, {@code productId}, {@code page}, {@code size}) and
 * decimal ones ({@code lat}, {@code lon}, {@code km}), and refuses what does not fit their Java type, which matches
 * the column's ({@code bigint} for ids, {@code integer} for counts; a finite {@code double} for coordinates), with an
 * {@link InvalidParameter} that names the parameter. The range of a value that does fit is the
 * endpoint's Bean Validation ({@code @Min}, {@code @Max}).
 */
@Provider
public class NumberParameters implements ParamConverterProvider {

    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        String name = parameterName(annotations);
        if (name == null) {
            return null;
        }
        if (rawType == long.class || rawType == Long.class) {
            return (ParamConverter<T>) new Parsed<>(name, Long::valueOf,
                    "must be a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE);
        }
        if (rawType == int.class || rawType == Integer.class) {
            return (ParamConverter<T>) new Parsed<>(name, Integer::valueOf,
                    "must be a whole number from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE);
        }
        if (rawType == double.class || rawType == Double.class) {
            return (ParamConverter<T>) new Parsed<>(name, NumberParameters::finite,
                    "must be a decimal number such as 52.52 or -0.1278");
        }
        return null;
    }

    /** A decimal number; NaN, infinities (what {@code 1e400} parses to) and hexadecimal forms are not. */
    private static Double finite(String value) {
        if (!value.matches("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?")) {
            throw new NumberFormatException(value);
        }
        double parsed = Double.parseDouble(value);
        if (!Double.isFinite(parsed)) {
            throw new NumberFormatException(value);
        }
        return parsed;
    }

    private static String parameterName(Annotation[] annotations) {
        for (Annotation annotation : annotations) {
            if (annotation instanceof PathParam path) {
                return path.value();
            }
            if (annotation instanceof QueryParam query) {
                return query.value();
            }
        }
        return null;
    }

    private record Parsed<T extends Number>(String name, Function<String, T> parse, String expected)
            implements ParamConverter<T> {

        @Override
        public T fromString(String value) {
            if (value == null) {
                return null;
            }
            try {
                return parse.apply(value);
            } catch (NumberFormatException e) {
                throw new InvalidParameter(name, expected);
            }
        }

        @Override
        public String toString(T value) {
            return value.toString();
        }
    }
}
