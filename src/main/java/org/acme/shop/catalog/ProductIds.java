package org.acme.shop.catalog;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.acme.shop.http.problem.InvalidParameter;

/**
 * The {@code ids} parameter of the bulk read: a comma-separated list of product ids. A bad list is the client's
 * mistake and is answered {@code 400} naming {@code ids}, never a partial answer.
 */
final class ProductIds {

    /** One bulk read serves at most this many ids: the size of the largest page of the listing. */
    static final int MAX = 100;
    static final String PARAMETER = "ids";

    private ProductIds() {
    }

    /** The distinct ids, in the order first given (a repeated id is answered once). */
    static List<Long> parse(String ids) {
        if (ids.isBlank()) {
            throw invalid("must list 1 to " + MAX + " product ids, separated by commas");
        }
        String[] parts = ids.split(",", MAX + 2);           // a longer list is refused without splitting all of it
        if (parts.length > MAX) {
            throw invalid("must list at most " + MAX + " product ids");
        }
        Set<Long> distinct = new LinkedHashSet<>();
        for (String part : parts) {
            distinct.add(parseOne(part.strip()));
        }
        return new ArrayList<>(distinct);
    }

    private static long parseOne(String id) {
        if (id.isEmpty() || id.length() > 19 || !id.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw invalid("must be product ids (whole numbers from 1), separated by commas");
        }
        try {
            long value = Long.parseLong(id);
            if (value < 1) {
                throw invalid("must be product ids (whole numbers from 1), separated by commas");
            }
            return value;
        } catch (NumberFormatException tooLarge) {
            throw invalid("must be product ids (whole numbers from 1 to " + Long.MAX_VALUE + "), separated by commas");
        }
    }

    private static InvalidParameter invalid(String message) {
        return new InvalidParameter(PARAMETER, message);
    }
}
