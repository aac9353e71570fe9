package vn.gov.ndxp.adapters.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    void aFieldNotPresentIsNoErrorAndAValueThatCannotBeNarrowedIsRemovedWhole() throws Exception {
        // the shapes a record may have that its author did not expect: a string where paths go below, a
        // string or a number among the objects of an array, a nested array; null carries nothing
        JsonNode doc = json.readTree("""
                {"address":"12 Hang Bac, Ha Noi","owners":["079199000002",{"name":"A","citizenId":"079199000003"},7,
                 [{"name":"B","citizenId":"4"},"5"]],"office":null,"taxCode":"0101"}""");
        FieldSet.of(List.of("taxCode", "address.province", "owners.name", "office.code", "missing")).apply(doc);
        assertThat(doc).isEqualTo(json.readTree("""
                {"owners":[{"name":"A"},[{"name":"B"}]],"office":null,"taxCode":"0101"}"""));
    }

    @Test
    void aDocumentThatIsNotAnObjectOrAnArrayIsRefusedNotSentWhole() throws Exception {
        JsonNode doc = json.readTree("\"079199000002\"");
        assertThatThrownBy(() -> FieldSet.of(List.of("taxCode")).apply(doc)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a JSON object");
    }
}
