package org.acme.shop.cache;

import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;

import org.acme.shop.redis.KeySpace;

/**
 * The schema of a cached JSON value, written in front of it, so that a rolling deploy that changes what a cache
 * stores needs no flush: an instance never serves a value that another version of the code wrote; it takes it for a
 * miss, loads the row and stores its own (docs/cache-aside.md#values-that-survive-a-deploy). Both versions invalidate
 * the same keys, so neither ever serves a stale value of its own schema either.
 * <p>
 * The schema is not a number someone must remember to raise: it is derived from the type the JSON is written from
 * (for a list, its element), from what decides the JSON's shape: each record component's name, generic type and
 * Jackson annotations ({@code @JsonProperty}…), the record's Jackson annotations, and the same for every record, enum
 * (its constants) and collection element it contains; not the record's name, which its JSON does not carry. Eight
 * hex digits of their SHA-256, then {@code |}: {@code 3fa85f64|{"id":42,…}}. A change to any of them gives another
 * tag; a change to a method does not (it writes no JSON). What the tag cannot see: a change of the application's
 * {@code ObjectMapper} settings, or of a component type's own serialiser; raise nothing then, but flush the caches
 * (docs/cache-aside.md#values-that-survive-a-deploy).
 */
public final class ValueSchema {

    private static final char SEPARATOR = '|';
    private static final int TAG_HEX_DIGITS = 8;
    private static final String JACKSON = "com.fasterxml.jackson.";

    private final String prefix;

    private ValueSchema(String tag) {
        this.prefix = tag + SEPARATOR;
    }

    /** The schema of JSON written from {@code type} (a record, or the element of a list of them). */
    public static ValueSchema of(Class<?> type) {
        return new ValueSchema(KeySpace.sha256(shape(type, new HashSet<>())).substring(0, TAG_HEX_DIGITS));
    }

    /** The tag, without its separator: what a value of this schema starts with. */
    public String tag() {
        return prefix.substring(0, TAG_HEX_DIGITS);
    }

    /** What to store in Redis for {@code body}. */
    public String stored(String body) {
        return prefix + body;
    }

    /** The body of a stored value; {@code null} when there is none, or when another schema wrote it. */
    public String body(String stored) {
        return stored != null && stored.startsWith(prefix) ? stored.substring(prefix.length()) : null;
    }

    private static String shape(Type type, Set<Type> seen) {
        return switch (type) {
            // A record's or an enum's own name is not in its JSON: moving or renaming the class changes nothing.
            case Class<?> c when c.isRecord() -> seen.add(c)
                    ? annotations(c.getAnnotations()) + Arrays.stream(c.getRecordComponents())
                            .map(component -> component(component, seen))
                            .collect(Collectors.joining(",", "{", "}"))
                    : "^" + c.getSimpleName();                // a record that contains itself: named once
            case Class<?> c when c.isEnum() -> Arrays.stream(c.getEnumConstants())
                    .map(constant -> ((Enum<?>) constant).name() + annotations(field(c, (Enum<?>) constant)))
                    .collect(Collectors.joining(",", "[", "]"));
            case Class<?> c when c.isArray() -> shape(c.getComponentType(), seen) + "[]";
            case Class<?> c -> c.getName();
            case ParameterizedType p -> shape(p.getRawType(), seen) + Arrays.stream(p.getActualTypeArguments())
                    .map(argument -> shape(argument, seen)).collect(Collectors.joining(",", "<", ">"));
            case GenericArrayType a -> shape(a.getGenericComponentType(), seen) + "[]";
            case WildcardType w -> "?" + Arrays.stream(w.getUpperBounds()).map(bound -> shape(bound, seen))
                    .collect(Collectors.joining("&"));
            default -> type.getTypeName();
        };
    }

    private static String component(RecordComponent component, Set<Type> seen) {
        return component.getName() + annotations(component.getAnnotations())
                + annotations(component.getAccessor().getAnnotations()) + ":"
                + shape(component.getGenericType(), seen);
    }

    private static Annotation[] field(Class<?> type, Enum<?> constant) {
        try {
            Field field = type.getField(constant.name());
            return field.getAnnotations();
        } catch (NoSuchFieldException e) {
            return new Annotation[0];
        }
    }

    /** Jackson's annotations only: they change the JSON; an OpenAPI description does not. */
    private static String annotations(Annotation[] annotations) {
        String jackson = Arrays.stream(annotations)
                .filter(annotation -> annotation.annotationType().getName().startsWith(JACKSON))
                .map(Object::toString).sorted().collect(Collectors.joining(","));
        return jackson.isEmpty() ? "" : "@(" + jackson + ")";
    }
}
