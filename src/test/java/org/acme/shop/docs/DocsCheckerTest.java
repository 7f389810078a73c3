package org.acme.shop.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The docs checker on small pages written here: what is wrong is reported with its line, what is right is not. */
class DocsCheckerTest {

    private static Project project;

    @BeforeAll
    static void readTheProject() {
        project = Project.current();
    }

    private static List<String> check(String... pathsAndTexts) {
        Map<String, String> pages = new LinkedHashMap<>();
        for (int i = 0; i < pathsAndTexts.length; i += 2) {
            pages.put(pathsAndTexts[i], pathsAndTexts[i + 1]);
        }
        return new DocsChecker(project).check(pages);
    }

    private static List<String> checkPage(String... lines) {
        return check("docs/sample.md", String.join("\n", lines));
    }

    // --- links and anchors -------------------------------------------------------------------------------------------

    @Test
    void aLinkToAMissingFileIsReportedWithItsLine() {
        List<String> failures = checkPage("# Sample", "", "See [the page](no-such-page.md) and [run](../bench/run.sh).");
        assertThat(failures).hasSize(1);
        assertThat(failures.get(0)).startsWith("docs/sample.md:3: link no-such-page.md: no such file: docs/no-such-page.md");
    }

    @Test
    void linksToFilesAndDirectoriesThatExistPass() {
        assertThat(checkPage("[pom](../pom.xml), [acl](../k8s/redis/users.acl), [k8s](../k8s/), [root](/README.md),",
                "[web](https://redis.io/docs/latest/commands/info/), [mail](mailto:someone@example.org),",
                "![chart](../bench/results/latest.png)", "", "[ref]: ../bench/run.sh")).isEmpty();
    }

    @Test
    void aBrokenAnchorOnTheSamePageOrAnotherIsReported() {
        List<String> failures = check(
                "docs/a.md", "# Page A\n\n## Keys and TTLs\n\n[here](#nowhere) [there](b.md#no-such-heading)\n",
                "docs/b.md", "# Page B\n\n## Measured effect\n\n[back](a.md#keys-and-ttls) [fine](#measured-effect)\n");
        assertThat(failures).containsExactly(
                "docs/a.md:5: link #nowhere: no heading or anchor #nowhere in docs/a.md",
                "docs/a.md:5: link b.md#no-such-heading: no heading or anchor #no-such-heading in docs/b.md");
    }

    @Test
    void anchorsFollowGitHubsSlugsDuplicatesAndExplicitAnchors() {
        assertThat(checkPage(
                "# Cache-aside: the read path",
                "## What `SET NX PX` does (2 cores)",
                "## Keys & TTLs → where",
                "## Same",
                "## Same",
                "Setext heading",
                "--------------",
                "<a id=\"by-hand\"></a>",
                "<a name=\"old-name\"></a>",
                "",
                "[a](#cache-aside-the-read-path) [b](#what-set-nx-px-does-2-cores) [c](#keys--ttls--where)",
                "[d](#same) [e](#same-1) [f](#setext-heading) [g](#by-hand) [h](#old-name)")).isEmpty();
        assertThat(checkPage("## Same", "## Same", "[x](#same-2)")).hasSize(1);
    }

    @Test
    void slugsKeepLettersDigitsHyphensAndUnderscoresOfTheRenderedText() {
        assertThat(MarkdownPage.slugBase("`cache.outbox.max-lag` and snake_case, _emphasis_"))
                .isEqualTo("cacheoutboxmax-lag-and-snake_case-emphasis");
        assertThat(MarkdownPage.slugBase("[Linked](x.md) text: 1,000 × faster!")).isEqualTo("linked-text-1000--faster");
        assertThat(MarkdownPage.slugBase("Ünïcode Straße")).isEqualTo("ünïcode-straße");
        Map<String, Integer> seen = new HashMap<>();
        assertThat(List.of(MarkdownPage.slug("Run", seen), MarkdownPage.slug("Run", seen), MarkdownPage.slug("Run-1", seen),
                MarkdownPage.slug("Run", seen))).containsExactly("run", "run-1", "run-1-1", "run-2");
    }

    @Test
    void aLinkToAFileOutsideMarkdownMayNameOnlyALineThatExists() {
        assertThat(checkPage("[ok](../pom.xml#L3) [far](../pom.xml#L99999) [name](../pom.xml#dependencies)"))
                .hasSize(2).allMatch(failure -> failure.startsWith("docs/sample.md:1: link ../pom.xml#"));
    }

    // --- classes, methods, configuration keys, paths --------------------------------------------------------------

    @Test
    void aMissingClassMethodOrNestedTypeIsReported() {
        List<String> failures = checkPage(
                "`ProductCache` and `ProductCache.findOrLoad` exist;",
                "`NoSuchCache` does not,",
                "nor `ProductCache.noSuchMethod`, `RedisGuard#callLater(op, command)`, `CatalogConfig.Cache.noSuchKey`,",
                "nor `ConcurrentReadsMissingTest` or `NoSuchTest.java` or `org.acme.shop.catalog.NoSuchCache`.");
        assertThat(failures).containsExactly(
                "docs/sample.md:2: `NoSuchCache`: no class NoSuchCache in src/main/java or src/test/java",
                "docs/sample.md:3: `ProductCache.noSuchMethod`: ProductCache has no method, field or nested type noSuchMethod",
                "docs/sample.md:3: `RedisGuard#callLater(op, command)`: RedisGuard has no method, field or nested type callLater",
                "docs/sample.md:3: `CatalogConfig.Cache.noSuchKey`: CatalogConfig.Cache has no method, field or nested type noSuchKey",
                "docs/sample.md:4: `ConcurrentReadsMissingTest`: no class ConcurrentReadsMissingTest in src/main/java or src/test/java",
                "docs/sample.md:4: `NoSuchTest.java`: no such class in src/main/java or src/test/java",
                "docs/sample.md:4: `org.acme.shop.catalog.NoSuchCache`: no such class in src/main/java or src/test/java");
    }

    @Test
    void classesMethodsFieldsAndNestedTypesThatExistPass() {
        assertThat(checkPage("`RedisGuard.call`, `RedisGuard.call(operation, command, fallback)`, `RedisGuard::run`,",
                "`RedisTopology.SLOTS`, `CatalogConfig.Cache.productTtl`, `Cached<String>`, `CacheOutcome.HIT`,",
                "`ProductCache.java`, `org.acme.shop.redis.RedisGuard#callAsync`, `@WriteRateLimit`,",
                "`RedisVersionCheck.MINIMUM`, `ComposeSmokeIT`, `DocsCheckerTest`")).isEmpty();
    }

    @Test
    void aMissingConfigurationKeyIsReportedAndKeysThatExistPass() {
        List<String> failures = checkPage(
                "`catalog.cache.product-ttl`, `%test.views.flush.enabled`, `inventory.flash-sale.writer-interval`,",
                "`cache.outbox.*`, `views.shards=1`, `shop.admin.email`, `catalog.cache.near`, `rate-limit.enabled`,",
                "`CATALOG_CACHE_PRODUCT_TTL`, `SHOP_ADMIN_PASSWORD`, `RATE_LIMIT_WRITES_PER_CLIENT_LIMIT=600`,",
                "`catalog.cache.no-such-key`, `cache.no-such-group.*`, `views.flush.interval-ms`,",
                "`CATALOG_CACHE_PRODUKT_TTL`");
        assertThat(failures).containsExactly(
                "docs/sample.md:4: `catalog.cache.no-such-key`: no such configuration key: neither a @ConfigMapping property nor in application.properties",
                "docs/sample.md:4: `cache.no-such-group.*`: no such configuration key: neither a @ConfigMapping property nor in application.properties",
                "docs/sample.md:4: `views.flush.interval-ms`: no such configuration key: neither a @ConfigMapping property nor in application.properties",
                "docs/sample.md:5: `CATALOG_CACHE_PRODUKT_TTL`: the environment form of no configuration key, and used by no script or deployment file");
    }

    @Test
    void aMissingFileIsReportedAndFilesThatExistOrThatTheReaderCreatesPass() {
        List<String> failures = checkPage(
                "`bench/run.sh --runs 3`, `k8s/redis/users.acl`, `./mvnw verify`, `.ci/run`, `catalog/near/NearCache`,",
                "`src/main/java/org/acme/shop/catalog/`, `bench/scenarios/*.sh`, `docker-compose.yml`, `latest.json`,",
                "`.env`, `k8s/*-secrets.env`, `app-secrets.env`, `target/bench/`, `../shared/STYLE.md`,",
                "`bench/results/run-N.json`, `run-N.json`, `src/main/java/org/acme/shop/{feature}/`, `redis/users.acl`,",
                "`catalog/cache/ProductBulkCache.findAll`, `redis/RedisGuard#call`, `catalog/cache/ProductCache.java`, `pom.xml:12`,",
                "`bench/no-such.sh`, `catalog/NoSuchThing`, `results/no-such.json`, `no-such-file.yml`,",
                "`catalog/cache/ProductCache.findNothing`, `bench/results/no-such-N.json`, `no-such-{name}.sh`");
        assertThat(failures).containsExactly(
                "docs/sample.md:6: `bench/no-such.sh`: no such file or directory",
                "docs/sample.md:6: `catalog/NoSuchThing`: no such class or file in the package catalog",
                "docs/sample.md:6: `results/no-such.json`: no such file, from the repository root or below any of its directories",
                "docs/sample.md:6: `no-such-file.yml`: no file of this name in the repository, and no script of it writes one",
                "docs/sample.md:7: `catalog/cache/ProductCache.findNothing`: ProductCache has no method or field findNothing",
                "docs/sample.md:7: `bench/results/no-such-N.json`: no such file or directory",
                "docs/sample.md:7: `no-such-{name}.sh`: no file of this name in the repository, and no script of it writes one");
    }

    @Test
    void wordsCommandsHttpPathsQuarkusKeysAndLibraryClassesAreNotMistakenForTheProjects() {
        assertThat(checkPage("`cache`, `HIT`, `SET NX PX`, `GET /api/products/{id}`, `X-Cache: HIT`, `Retry-After`,",
                "`quarkus.no.such.key`, `QUARKUS_NO_SUCH_KEY`, `ConcurrentModificationException`, `RedisDataSource`,",
                "`Uni`, `HttpOnly`, `SameSite=Lax`, `application/problem+json`, `RateLimit`, `RedisStateMemoryNearMax`,",
                "`stock.available`, `shop:catalog:product:{id}`, `10,20,50,100`, `@ConfigMapping`, `SET_IF_NEWER`,",
                "`ConnectionPoolTooBusyException`, `redis:7.4.5`, `rediss://`, `/q/health/well`, `cache_gets_total`"))
                .isEmpty();
    }

    @Test
    void fencedBlocksAndCommentsAreLeftAloneAndCodeSpansMayCrossLines() {
        List<String> failures = checkPage(
                "```java",
                "NoSuchClass.call(); // [x](nowhere.md) `NoSuchCache`",
                "```",
                "  ~~~",
                "  `NoSuchCache`",
                "  ~~~",
                "<!-- [x](nowhere.md) `NoSuchCache` -->",
                "A span over two lines: `ProductCache.noSuchMethod(id,",
                "limit)` and a link in code: `[x](nowhere.md)`.",
                "````",
                "```",
                "`NoSuchCache`",
                "````");
        assertThat(failures).containsExactly(
                "docs/sample.md:8: `ProductCache.noSuchMethod(id, limit)`: ProductCache has no method, field or nested type noSuchMethod");
    }
}
