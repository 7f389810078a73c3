package org.acme.shop.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.junit.jupiter.api.Test;

/** The schema tag follows the shape of the JSON a type writes, and nothing else. */
class ValueSchemaTest {

    record Product(long id, String name, BigDecimal price) {
    }

    /** The same JSON as {@link Product}, from a class of another name. */
    record Item(long id, String name, BigDecimal price) {
    }

    record Renamed(long id, String title, BigDecimal price) {
    }

    record Retyped(long id, String name, double price) {
    }

    record Added(long id, String name, BigDecimal price, String brand) {
    }

    record Annotated(long id, @JsonProperty("title") String name, BigDecimal price) {
    }

    enum Status { HELD, CONFIRMED }

    enum MoreStatuses { HELD, CONFIRMED, EXPIRED }

    record Page(List<Product> items, int page, Status status) {
    }

    record PageOfItems(List<Item> items, int page, Status status) {
    }

    record PageOfRenamed(List<Renamed> items, int page, Status status) {
    }

    record PageWithMoreStatuses(List<Product> items, int page, MoreStatuses status) {
    }

    @Test
    void theSameShapeHasTheSameTagWhateverTheClassIsCalled() {
        assertThat(ValueSchema.of(Product.class).tag()).isEqualTo(ValueSchema.of(Product.class).tag())
                .isEqualTo(ValueSchema.of(Item.class).tag()).matches("[0-9a-f]{8}");
        assertThat(ValueSchema.of(Page.class).tag()).isEqualTo(ValueSchema.of(PageOfItems.class).tag());
    }

    @Test
    void aRenamedRetypedAddedOrAnnotatedComponentChangesTheTag() {
        String product = ValueSchema.of(Product.class).tag();
        assertThat(List.of(Renamed.class, Retyped.class, Added.class, Annotated.class))
                .allSatisfy(changed -> assertThat(ValueSchema.of(changed).tag()).as(changed.getSimpleName())
                        .isNotEqualTo(product));
    }

    @Test
    void aChangeInsideAListOrAnEnumChangesTheTagOfWhatHoldsIt() {
        String page = ValueSchema.of(Page.class).tag();
        assertThat(ValueSchema.of(PageOfRenamed.class).tag()).isNotEqualTo(page);
        assertThat(ValueSchema.of(PageWithMoreStatuses.class).tag()).isNotEqualTo(page);
    }

    @Test
    void aValueOfAnotherSchemaOrWithoutOneHasNoBody() {
        ValueSchema schema = ValueSchema.of(Product.class);
        String stored = schema.stored("{\"id\":1}");
        assertThat(stored).isEqualTo(schema.tag() + "|{\"id\":1}");
        assertThat(schema.body(stored)).isEqualTo("{\"id\":1}");
        assertThat(schema.body("{\"id\":1}")).as("written before tags").isNull();
        assertThat(schema.body(ValueSchema.of(Renamed.class).stored("{\"id\":1}"))).as("another schema").isNull();
        assertThat(schema.body(null)).isNull();
    }
}
