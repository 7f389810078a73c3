package org.acme.shop;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.util.Arrays;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;

/**
 * The shape that lets a reader copy one pattern: each feature is a package that stands on small kernels, the Redis
 * kernel ({@code redis..}), the cache kernel on it ({@code cache..}) and the HTTP kernel ({@code http..}), and on the
 * few features its domain needs (the
 * cart reads products; best sellers hear of sales). Plain JUnit with ArchUnit: no Quarkus, no Redis, well under a
 * second. CONTRIBUTING.md ("Packages") says the same in words.
 */
@AnalyzeClasses(packages = "org.acme.shop", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String REDIS_KERNEL = "org.acme.shop.redis..";
    private static final String CACHE_KERNEL = "org.acme.shop.cache..";
    private static final String HTTP_KERNEL = "org.acme.shop.http..";

    /** A kernel can be copied alone: it imports neither a feature nor the other kernel. */
    @ArchTest
    static final ArchRule theRedisKernelImportsNothingOfTheProject = noClasses()
            .that().resideInAPackage(REDIS_KERNEL)
            .should().dependOnClassesThat(inTheProjectOutside(REDIS_KERNEL))
            .because("the Redis kernel is what every pattern stands on; it cannot depend on one of them");

    /** What a cache is made of stands on the Redis kernel alone, so that the two are copied together. */
    @ArchTest
    static final ArchRule theCacheKernelImportsOnlyTheRedisKernel = noClasses()
            .that().resideInAPackage(CACHE_KERNEL)
            .should().dependOnClassesThat(inTheProjectOutside(CACHE_KERNEL, REDIS_KERNEL))
            .because("a cache's outcomes, waits and spans serve every pattern alike");

    @ArchTest
    static final ArchRule theHttpKernelImportsNothingOfTheProject = noClasses()
            .that().resideInAPackage(HTTP_KERNEL)
            .should().dependOnClassesThat(inTheProjectOutside(HTTP_KERNEL))
            .because("problems, parameter checks and roles serve every feature alike");

    /**
     * Features reach each other only one way: the outbox dispatches to handlers that catalog and inventory register,
     * best sellers observe {@code SaleConfirmed}. Sub-packages of a feature ({@code catalog.near}) are its parts and
     * count as the feature.
     */
    @ArchTest
    static final ArchRule noCycleBetweenPackages = slices().matching("org.acme.shop.(*)..")
            .should().beFreeOfCycles();

    /** One way of talking to Redis: typed command groups; the untyped {@code execute} only inside the kernel. */
    @ArchTest
    static final ArchRule onlyTheRedisKernelSendsUntypedCommands = noClasses()
            .that().resideOutsideOfPackage(REDIS_KERNEL)
            .should().callMethodWhere(untypedExecute())
            .because("a command the client has no typed method for belongs in LuaScript or RedisInfoMetrics");

    /**
     * Internal classes of Vert.x change in any release; a template must not teach them. One exception, named here so
     * that no other can creep in: {@code NearCacheTracking.forceClose} closes the socket of its pooled connection
     * through {@code PooledRedisConnection}, because the public {@code close()} would hand a connection that stopped
     * answering back to the pool, tracking still on (docs/near-cache.md). The public client has no way to do this.
     */
    @ArchTest
    static final ArchRule nothingUsesVertxInternals = noClasses()
            .that().doNotHaveFullyQualifiedName("org.acme.shop.catalog.near.NearCacheTracking")
            .should().dependOnClassesThat().resideInAPackage("io.vertx..impl..");

    /**
     * {@code toLowerCase()} follows the default locale: under a Turkish one "HIT" becomes "hıt", and keys, tags and
     * slugs built that way differ between two instances of the same service.
     */
    @ArchTest
    static final ArchRule caseIsChangedWithAnExplicitLocale = noClasses()
            .should().callMethod(String.class, "toLowerCase")
            .orShould().callMethod(String.class, "toUpperCase")
            .because("keys, tags and slugs must not depend on the machine's locale: pass Locale.ROOT");

    private static DescribedPredicate<JavaClass> inTheProjectOutside(String... kernels) {
        return DescribedPredicate.describe("classes of the project outside " + String.join(" and ", kernels), type ->
                type.getPackageName().startsWith("org.acme.shop") && Arrays.stream(kernels)
                        .noneMatch(kernel -> type.getPackageName().startsWith(kernel.replace("..", ""))));
    }

    private static DescribedPredicate<JavaMethodCall> untypedExecute() {
        return DescribedPredicate.describe("the untyped execute of a Redis data source", call ->
                call.getName().equals("execute")
                        && (call.getTargetOwner().isAssignableTo(RedisDataSource.class)
                                || call.getTargetOwner().isAssignableTo(ReactiveRedisDataSource.class)));
    }
}
