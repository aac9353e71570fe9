package vn.gov.ndxp.adapters.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.gov.ndxp.adapters.mapping.MappingException;
import vn.gov.ndxp.adapters.mapping.RecordLayout;

class FileLayoutTest {

    static final Path ADAPTER = Path.of("adapters/social-insurance");

    static FileLayout contribution() {
        return FileLayout.load(ADAPTER, "contribution", (folder, name) -> RecordLayout.load(folder.resolve("mappings/" + name + ".record.yaml")));
    }

    static Map<String, String> valid() {
        Map<String, String> v = new HashMap<>(Map.of("ma_so_bhxh", "0123456789", "so_cccd", "001090012345", "ho_ten", "Nguyễn Văn An",
                "ngay_sinh", "1990-03-15", "ma_don_vi", "TA0001A", "ky_dong", "2026-10", "muc_luong", "12000000", "so_tien", "3840000"));
        v.put("dia_chi", "Số 12 Phố Huế, Hà Nội");
        return v;
    }

    @Test
    void aValidRecordBecomesTypedJson() {
        var json = contribution().toJson(valid());
        assertThat(json.get("fullName").asText()).isEqualTo("Nguyễn Văn An");
        assertThat(json.get("salary").isIntegralNumber()).isTrue();
        assertThat(json.get("birthDate").asText()).isEqualTo("1990-03-15");
    }

    @Test
    void typeAndSchemaErrorsNameTheFilesColumn() {
        Map<String, String> wrongType = valid();
        wrongType.put("so_tien", "3,840,000");
        assertThatThrownBy(() -> contribution().toJson(wrongType)).isInstanceOf(MappingException.class)
                .satisfies(e -> assertThat(((MappingException) e).field()).isEqualTo("so_tien"));
        Map<String, String> badPattern = valid();
        badPattern.put("ky_dong", "2026-13");
        assertThatThrownBy(() -> contribution().toJson(badPattern)).isInstanceOf(MappingException.class)
                .satisfies(e -> assertThat(((MappingException) e).field()).isEqualTo("ky_dong"));
        Map<String, String> missing = valid();
        missing.remove("ma_don_vi");
        assertThatThrownBy(() -> contribution().toJson(missing)).isInstanceOf(MappingException.class)
                .satisfies(e -> assertThat(((MappingException) e).field()).isEqualTo("ma_don_vi"));
    }

    @Test
    void theExtensionPicksTheReader() {
        FileLayout layout = contribution();
        assertThat(layout.open("a.CSV", new ByteArrayInputStream(new byte[0]))).isInstanceOf(CsvRecordReader.class);
        assertThat(layout.open("a.xml", new ByteArrayInputStream(new byte[0]))).isInstanceOf(XmlRecordReader.class);
        assertThat(layout.open("a.txt", new ByteArrayInputStream(new byte[0]))).isNull();
    }

    @Test
    void aBadLayoutFileSaysWhatIsWrong(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("mappings"));
        Files.copy(ADAPTER.resolve("mappings/contribution.record.yaml"), dir.resolve("mappings/contribution.record.yaml"));
        Files.writeString(dir.resolve("mappings/x.file.yaml"), "record: contribution\nschema: contribution.schema.json\ncsv: {}\nsheet: 1\n",
                StandardCharsets.UTF_8);
        assertThatThrownBy(() -> FileLayout.load(dir, "x", (f, n) -> RecordLayout.load(f.resolve("mappings/" + n + ".record.yaml"))))
                .hasMessageContaining("mappings/x.file.yaml").hasMessageContaining("unknown key 'sheet'");
        Files.writeString(dir.resolve("mappings/x.file.yaml"), "record: contribution\nschema: missing.schema.json\ncsv: {}\n",
                StandardCharsets.UTF_8);
        assertThatThrownBy(() -> FileLayout.load(dir, "x", (f, n) -> RecordLayout.load(f.resolve("mappings/" + n + ".record.yaml"))))
                .hasMessageContaining("missing.schema.json");
        Files.copy(ADAPTER.resolve("mappings/contribution.schema.json"), dir.resolve("mappings/contribution.schema.json"));
        Files.writeString(dir.resolve("mappings/x.file.yaml"), "record: contribution\nschema: contribution.schema.json\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> FileLayout.load(dir, "x", (f, n) -> RecordLayout.load(f.resolve("mappings/" + n + ".record.yaml"))))
                .hasMessageContaining("csv");
    }
}
