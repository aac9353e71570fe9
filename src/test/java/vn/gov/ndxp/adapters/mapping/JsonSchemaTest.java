package vn.gov.ndxp.adapters.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.gov.ndxp.adapters.mapping.Fixtures.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonSchemaTest {

    private final XmlJsonMapper mapper = new XmlJsonMapper();

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.textValue()));
        return out;
    }

    @Test
    void birthRecordShape() {
        ObjectNode s = mapper.jsonSchema(mapping("birth-record"));
        assertThat(s.get("type").textValue()).isEqualTo("object");
        JsonNode p = s.get("properties");
        assertThat(p.fieldNames()).toIterable().containsExactly("citizenId", "fullName", "gender", "dateOfBirth",
                "placeOfBirth", "birthOrder", "birthWeightKg", "lateRegistration", "registeredAt", "parents", "remarks",
                "registryOffice", "recordVersion");

        assertThat(p.get("parents").get("type").textValue()).isEqualTo("array");
        assertThat(p.get("parents").get("items").get("type").textValue()).isEqualTo("object");
        assertThat(p.get("birthOrder").get("type").textValue()).isEqualTo("integer");
        assertThat(p.get("recordVersion").get("type").textValue()).isEqualTo("integer");
        assertThat(p.get("birthWeightKg").get("type").textValue()).isEqualTo("number");
        assertThat(p.get("lateRegistration").get("type").textValue()).isEqualTo("boolean");
        assertThat(p.get("dateOfBirth").get("type").textValue()).isEqualTo("string");
        assertThat(p.get("dateOfBirth").get("format").textValue()).isEqualTo("date");
        assertThat(p.get("registeredAt").get("format").textValue()).isEqualTo("date-time");
        assertThat(strings(p.get("gender").get("enum"))).containsExactly("MALE", "FEMALE");
        assertThat(p.get("citizenId").get("pattern").textValue()).isEqualTo("^[0-9]{12}$");

        assertThat(strings(s.get("required"))).containsExactly("citizenId", "fullName", "gender", "dateOfBirth",
                "placeOfBirth", "birthOrder", "lateRegistration", "registeredAt", "parents", "registryOffice");
        JsonNode parent = p.get("parents").get("items");
        assertThat(strings(parent.get("required"))).containsExactly("relation", "fullName", "nationality");
        assertThat(strings(parent.get("properties").get("relation").get("enum")))
                .containsExactly("FATHER", "MOTHER", "GUARDIAN");
    }

    @Test
    void featuresShape() {
        ObjectNode s = mapper.jsonSchema(mapping("invoice"));
        JsonNode p = s.get("properties");
        assertThat(strings(s.get("required"))).containsExactly("seller", "total", "createdBy", "number");
        assertThat(p.get("seller").get("description").textValue()).isEqualTo("A registered company.");
        assertThat(p.get("seller").get("properties").get("name").get("maxLength").intValue()).isEqualTo(10);
        assertThat(strings(p.get("total").get("required"))).containsExactly("amount", "currency");
        assertThat(p.get("total").get("properties").get("amount").get("type").textValue()).isEqualTo("number");
        assertThat(p.get("discount").get("nullable").booleanValue()).isTrue();
        assertThat(p.get("note").get("type").textValue()).isEqualTo("array");
        assertThat(p.get("count").get("maximum").intValue()).isEqualTo(100);
    }
}
