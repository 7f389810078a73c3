package org.acme.shop.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

/**
 * Every distinct test profile, with its test resources, is one more build and start of the application in the first
 * pass (about 12 s on 2 cores, CONTRIBUTING.md): this keeps them at ten, the default included, so that a new test
 * joins a profile rather than adding one. Plain JUnit: the classes' annotations are read, nothing starts.
 */
class TestConfigurationsTest {

    private static final int AT_MOST = 10;

    @Test
    void theFirstPassStartsAtMostTenConfigurations() {
        Map<String, Set<String>> testsByConfiguration = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
                .importPackages("org.acme.shop").stream()
                .filter(test -> test.isAnnotatedWith(QuarkusTest.class))
                .map(JavaClass::reflect)
                .collect(Collectors.groupingBy(TestConfigurationsTest::configuration,
                        Collectors.mapping(Class::getSimpleName, Collectors.toCollection(TreeSet::new))));

        assertThat(testsByConfiguration).as("configurations of the first pass, with their tests").isNotEmpty()
                .containsKey("default").hasSizeLessThanOrEqualTo(AT_MOST);
    }

    /** The profile, or {@code default}, and the class-level test resources, which make a configuration of their own. */
    private static String configuration(Class<?> test) {
        TestProfile profile = test.getAnnotation(TestProfile.class);
        String resources = Arrays.stream(test.getAnnotationsByType(WithTestResource.class))
                .map(resource -> resource.value().getSimpleName()).sorted().collect(Collectors.joining(","));
        String name = profile == null ? "default" : profile.value().getSimpleName();
        return resources.isEmpty() ? name : name + "+" + resources;
    }
}
