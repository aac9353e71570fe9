package vn.gov.ndxp.adapters.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class FieldSetTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void onlyTheListedFieldsStayThroughArraysAndAWholeValueWinsOverNarrowerPaths() throws Exception {
        JsonNode doc = json.readTree("""
                {"citizenId":"1","fullName":"A","parents":[{"citizenId":"2","fullName":"B"},{"fullName":"C","nationality":"VN"}],
                 "office":{"name":"X","code":"9"},"remarks":null}""");
        FieldSet.of(List.of("fullName", "parents.fullName", "office", "office.code")).apply(doc);
        assertThat(doc).isEqualTo(json.readTree("""
                {"fullName":"A","parents":[{"fullName":"B"},{"fullName":"C"}],"office":{"name":"X","code":"9"}}"""));
    }

    @Test
    void aFieldNotPresentIsNoErrorAndAScalarWhereAnObjectWasExpectedIsKept() throws Exception {
        JsonNode doc = json.readTree("{\"parents\":\"unknown\",\"other\":1}");
        FieldSet.of(List.of("parents.fullName", "missing")).apply(doc);
        assertThat(doc).isEqualTo(json.readTree("{\"parents\":\"unknown\"}"));
    }
}
