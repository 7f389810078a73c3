package org.acme.shop.ratelimit;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The rate limits ({@code rate-limit.*}): each group allows {@code limit} requests per {@code window} and subject,
 * e.g. {@code rate-limit.login-per-address.limit=100} or {@code RATE_LIMIT_WRITES_PER_CLIENT_LIMIT=600}.
 * docs/hardening.md has the table and the reasons.
 */
@ConfigMapping(prefix = "rate-limit")
public interface RateLimitConfig {

    /** {@code false} turns every check off (no Redis call). Default {@code true}. */
    @WithDefault("true")
    boolean enabled();

    /**
     * Failed login attempts per email from one client address: slows down guessing one account's password, without
     * letting a stranger at another address lock its owner out.
     */
    LoginFailuresPerEmailAndAddress loginFailuresPerEmailAndAddress();

    /** Login attempts per client address, whatever the email: slows down trying one password on many accounts. */
    LoginPerAddress loginPerAddress();

    /** Registrations per client address: slows down the creation of accounts in bulk. */
    RegistrationsPerAddress registrationsPerAddress();

    /** Writes ({@code POST}, {@code PUT}, {@code PATCH}, {@code DELETE}) per signed-in user, else per address. */
    WritesPerClient writesPerClient();

    interface LoginFailuresPerEmailAndAddress {
        /** Default {@code 10}: a user who mistypes gets several tries; a guesser gets 40 an hour per address. */
        @WithDefault("10")
        int limit();

        /** Default {@code 15m}. */
        @WithDefault("15m")
        Duration window();
    }

    interface LoginPerAddress {
        /** Default {@code 100}: an office or a mobile network behind one address holds many users. */
        @WithDefault("100")
        int limit();

        /** Default {@code 15m}. */
        @WithDefault("15m")
        Duration window();
    }

    interface RegistrationsPerAddress {
        /** Default {@code 20}: a family or a classroom signs up; a script creating accounts does not get far. */
        @WithDefault("20")
        int limit();

        /** Default {@code 1h}. */
        @WithDefault("1h")
        Duration window();
    }

    interface WritesPerClient {
        /** Default {@code 600}: ten a second on average, far above what a person clicks, within what one pod takes. */
        @WithDefault("600")
        int limit();

        /** Default {@code 1m}. */
        @WithDefault("1m")
        Duration window();
    }
}
