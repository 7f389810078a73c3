package org.acme.shop.testing;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The base of a test of the drills' application ({@link BehindProxies}) that needs PostgreSQL gone for the whole of
 * each test: its proxy refuses every connection before each test and passes again after it.
 */
public abstract class WhileTheDatabaseIsRefused {

    @BeforeEach
    void databaseGone() {
        BehindProxies.database().refuse();
    }

    @AfterEach
    void databaseBack() {
        BehindProxies.passAll();
    }
}
