package org.acme.shop.catalog.sample;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.StartupEvent;
import org.acme.shop.catalog.CatalogConfig;
import org.jboss.logging.Logger;

/**
 * Loads a deterministic sample catalog at start-up: 1,000 products, 100 in each of 10 categories, of 50 brands (five
 * per category), always with the same skus, names and prices, so that demos, tests and benchmarks see the same data on
 * every machine. Inserting is idempotent ({@code ON CONFLICT}), so several replicas may start at once; a sample
 * product loaded before brands existed gets its brand then. Off in a real deployment:
 * {@code CATALOG_SAMPLE_DATA_ENABLED=false}.
 */
@ApplicationScoped
public class SampleCatalog {

    private static final Logger LOG = Logger.getLogger(SampleCatalog.class);
    static final int PER_CATEGORY = 100;
    private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

    private record Category(String name, String code, List<String> brands, List<String> items, int basePrice) {
    }

    private static final List<String> EDITIONS = List.of("Classic", "Pro", "Compact", "Deluxe");

    private static final List<Category> CATEGORIES = List.of(
            new Category("Kitchen", "KIT", List.of("Barista", "Cucina", "Nordhaus", "Ferro", "Kettleworks"),
                    List.of("espresso machine", "chef's knife", "cast-iron skillet", "stand mixer", "kettle",
                            "cutting board", "blender", "dutch oven", "toaster", "pepper mill"), 40),
            new Category("Electronics", "ELE", List.of("Voltix", "Aurora", "Pixelon", "Sonara", "Quanta"),
                    List.of("wireless earbuds", "bluetooth speaker", "smart watch", "e-reader", "action camera",
                            "power bank", "noise-cancelling headphones", "tablet", "mechanical keyboard", "webcam"), 60),
            new Category("Books", "BOO", List.of("Penrose", "Harbor", "Lantern", "Quill", "Meridian"),
                    List.of("field guide to birds", "sourdough cookbook", "atlas of the oceans", "history of maps",
                            "poetry anthology", "guide to stargazing", "book of knots", "travel journal",
                            "garden almanac", "chess primer"), 12),
            new Category("Garden", "GAR", List.of("Verde", "Greenhill", "Rootstock", "Fieldcraft", "Bloom"),
                    List.of("pruning shears", "watering can", "raised bed kit", "garden hose", "compost bin",
                            "trowel set", "bird feeder", "wheelbarrow", "seed starter tray", "hedge trimmer"), 20),
            new Category("Sports", "SPO", List.of("Stride", "Summit", "Apex", "Tempo", "Kinetic"),
                    List.of("running shoes", "yoga mat", "kettlebell", "cycling helmet", "tennis racket",
                            "jump rope", "foam roller", "hiking poles", "swim goggles", "resistance bands"), 25),
            new Category("Toys", "TOY", List.of("Tinker", "Marble & Co", "Puzzleworks", "Kite Hill", "Blocky"),
                    List.of("wooden train set", "1000-piece puzzle", "building blocks", "kite", "board game",
                            "plush bear", "marble run", "science kit", "dollhouse", "remote-control car"), 15),
            new Category("Beauty", "BEA", List.of("Lumen", "Petal", "Solace", "Aloe Bay", "Velvet"),
                    List.of("face serum", "hand cream", "shampoo bar", "lip balm set", "sunscreen SPF 50",
                            "hair dryer", "bamboo toothbrush", "body lotion", "face mask", "nail kit"), 8),
            new Category("Home", "HOM", List.of("Hearth", "Linden", "Oakline", "Woolly", "Casa"),
                    List.of("linen duvet cover", "table lamp", "wool throw", "scented candle", "wall clock",
                            "storage basket", "bath towel set", "doormat", "picture frame", "ceramic vase"), 18),
            new Category("Office", "OFF", List.of("Ledger", "Inkwell", "Deskwise", "Paperplane", "Notary"),
                    List.of("fountain pen", "notebook", "desk organiser", "ergonomic chair", "monitor stand",
                            "stapler", "desk lamp", "whiteboard", "label maker", "paper shredder"), 10),
            new Category("Pets", "PET", List.of("Pawsome", "Whisker", "Fetch", "Tailwind", "Burrow"),
                    List.of("dog bed", "cat scratching post", "leash", "pet fountain", "chew toy",
                            "grooming brush", "travel crate", "feeding bowl set", "bird cage", "aquarium filter"), 14));

    private final DataSource dataSource;
    private final CatalogConfig config;

    public SampleCatalog(DataSource dataSource, CatalogConfig config) {
        this.dataSource = dataSource;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) throws SQLException {
        if (!config.sampleData().enabled()) {
            return;
        }
        String brandSql = "insert into brand (slug, name) values (?, ?) on conflict (slug) do nothing";
        String sql = """
                insert into product (sku, name, description, price, category, created_at, updated_at, brand_id)
                values (?, ?, ?, ?, ?, ?, ?, (select id from brand where slug = ?))
                on conflict (sku) do update set brand_id = excluded.brand_id where product.brand_id is null
                """;
        int inserted = 0;
        try (Connection connection = dataSource.getConnection(); PreparedStatement insert = connection.prepareStatement(sql);
                PreparedStatement insertBrand = connection.prepareStatement(brandSql)) {
            for (Category category : CATEGORIES) {
                for (String brand : category.brands()) {
                    insertBrand.setString(1, slug(brand));
                    insertBrand.setString(2, brand);
                    insertBrand.addBatch();
                }
            }
            insertBrand.executeBatch();
            for (int c = 0; c < CATEGORIES.size(); c++) {
                Category category = CATEGORIES.get(c);
                for (int i = 0; i < PER_CATEGORY; i++) {
                    String brand = category.brands().get(i % category.brands().size());
                    String item = category.items().get(i / category.brands().size() % category.items().size());
                    String edition = EDITIONS.get(i / (category.brands().size() * category.items().size()) % EDITIONS.size());
                    Timestamp created = Timestamp.from(EPOCH.plus(c * PER_CATEGORY + i, ChronoUnit.HOURS));
                    insert.setString(1, "%s-%04d".formatted(category.code(), i + 1));
                    insert.setString(2, "%s %s %s".formatted(brand, edition, item));
                    insert.setString(3, "The %s %s by %s, part of our %s range.".formatted(edition.toLowerCase(Locale.ROOT), item,
                            brand, category.name().toLowerCase(Locale.ROOT)));
                    insert.setBigDecimal(4, price(category.basePrice(), i));
                    insert.setString(5, category.name());
                    insert.setTimestamp(6, created);
                    insert.setTimestamp(7, created);
                    insert.setString(8, slug(brand));
                    insert.addBatch();
                }
            }
            for (int count : insert.executeBatch()) {
                inserted += Math.max(count, 0);
            }
        }
        if (inserted > 0) {
            LOG.infof("Loaded or gave a brand to %d sample products in %d categories", inserted, CATEGORIES.size());
        }
    }

    /** "Marble & Co" → {@code marble-co}: lower case, every run of other characters one '-'. */
    static String slug(String brand) {
        return brand.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    }

    /** A plausible shop price: spread around the category's base price, ending in .49, .90, .95 or .99. */
    private static BigDecimal price(int basePrice, int index) {
        int euros = basePrice + (index * 37) % (basePrice * 4);
        String[] cents = {"49", "90", "95", "99"};
        return new BigDecimal(euros + "." + cents[index % cents.length]);
    }
}
