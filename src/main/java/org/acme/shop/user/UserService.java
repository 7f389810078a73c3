package org.acme.shop.user;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.quarkus.elytron.security.common.BcryptUtil;
import org.acme.shop.http.Roles;
import org.acme.shop.http.problem.Conflict;
import org.acme.shop.http.problem.NotFound;

/** Users in PostgreSQL: registration, password checks, profile changes. Knows nothing of Redis. */
@ApplicationScoped
@Transactional
public class UserService {

    /**
     * Compared against when the email is unknown, so that a wrong email costs the same bcrypt work as a wrong
     * password and the response time does not tell which one it was. {@code BcryptUtil.bcryptHash("no such user, no
     * such password")}, written out: computed here it cost every start-up one bcrypt hash on a cold JVM (0.1 to 0.3 s
     * on 2 cores, docs/benchmark.md#start-up-and-memory). Same cost (10) as the hashes {@code BcryptUtil} makes, which
     * {@code UnknownEmailHashTest} checks.
     */
    static final String DUMMY_HASH = "$2a$10$jXUeHe9A5YzURj8clQpUa.dkwN3.blXa/3hKthAJJtFgM4w4W3XnW";

    /**
     * Inserts the user unless the email is taken: {@code INSERT … ON CONFLICT (email) DO NOTHING}. A duplicate is a
     * normal answer ({@code 409}), not a failed statement: a unique-key violation would make the driver and Hibernate
     * log PostgreSQL's message, and with it the address that was already registered.
     */
    public User register(UserRequests.Registration request) {
        OffsetDateTime now = now();
        // Native: INSERT … ON CONFLICT DO NOTHING RETURNING id, so a taken email is an empty result, not an error.
        List<?> inserted = User.getEntityManager().createNativeQuery("""
                        insert into app_user (email, password_hash, display_name, role, created_at, updated_at)
                        values (:email, :hash, :name, :role, :now, :now)
                        on conflict (email) do nothing
                        returning id
                        """)
                .setParameter("email", normalise(request.email()))
                .setParameter("hash", BcryptUtil.bcryptHash(request.password()))
                .setParameter("name", request.displayName().strip())
                .setParameter("role", Roles.CUSTOMER)
                .setParameter("now", now)
                .getResultList();
        if (inserted.isEmpty()) {
            throw new Conflict("An account with this email already exists");
        }
        return User.findById(((Number) inserted.get(0)).longValue());
    }

    /**
     * Makes {@code email} an admin whose password is {@code password}: creates the user, or promotes it and sets the
     * password. One {@code INSERT … ON CONFLICT DO UPDATE}, so instances starting at once cannot both insert; the
     * loser of the race updates the winner's row to the same state.
     *
     * @return the user's id, and whether anything changed (nothing does when it is already an admin with this
     *         password, which is every start-up after the first)
     */
    public AdminSet setAdmin(String email, String password) {
        String normalised = normalise(email);
        Optional<User> existing = User.find("email", normalised).firstResultOptional();
        if (existing.isPresent() && Roles.ADMIN.equals(existing.get().role)
                && BcryptUtil.matches(password, existing.get().passwordHash)) {
            return new AdminSet(existing.get().id, false);
        }
        // Native: INSERT … ON CONFLICT DO UPDATE RETURNING id, so two instances starting at once cannot both insert.
        Number id = (Number) User.getEntityManager().createNativeQuery("""
                        insert into app_user as u (email, password_hash, display_name, role, created_at, updated_at)
                        values (:email, :hash, 'Administrator', 'admin', now(), now())
                        on conflict (email) do update
                            set role = 'admin', password_hash = excluded.password_hash, updated_at = now()
                        returning u.id
                        """)
                .setParameter("email", normalised)
                .setParameter("hash", BcryptUtil.bcryptHash(password))
                .getSingleResult();
        return new AdminSet(id.longValue(), true);
    }

    /** The outcome of {@link #setAdmin}. */
    public record AdminSet(long userId, boolean changed) {
    }

    public Optional<User> authenticate(String email, String password) {
        Optional<User> user = User.find("email", normalise(email)).firstResultOptional();
        boolean matches = BcryptUtil.matches(password, user.map(u -> u.passwordHash).orElse(DUMMY_HASH));
        return matches ? user : Optional.empty();
    }

    public User changeDisplayName(long userId, String displayName) {
        User user = User.<User>findByIdOptional(userId).orElseThrow(() -> new NotFound("No user with id " + userId));
        user.displayName = displayName.strip();
        user.updatedAt = now();
        return user;
    }

    private static String normalise(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }
}
