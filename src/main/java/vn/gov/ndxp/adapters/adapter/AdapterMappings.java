package vn.gov.ndxp.adapters.adapter;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import vn.gov.ndxp.adapters.mapping.Mapping;
import vn.gov.ndxp.adapters.mapping.RecordLayout;
import vn.gov.ndxp.adapters.mapping.XmlJsonMapper;

/** The mapping files and record layouts of the adapter folders, by name, each loaded once. */
public class AdapterMappings {

    private final XmlJsonMapper mapper;
    private final Map<Path, Mapping> mappings = new ConcurrentHashMap<>();
    private final Map<Path, RecordLayout> layouts = new ConcurrentHashMap<>();

    public AdapterMappings(XmlJsonMapper mapper) {
        this.mapper = mapper;
    }

    /** Mapping files are loaded once, when the route that uses them starts: a bad one fails startup. */
    public Mapping mapping(AdapterDescriptor adapter, String name) {
        for (Path p : new Path[] {adapter.folder().resolve(name + ".mapping.yaml"),
                adapter.folder().resolve("mappings").resolve(name + ".mapping.yaml")}) {
            if (Files.isRegularFile(p)) {
                return mappings.computeIfAbsent(p, Mapping::load);
            }
        }
        throw new IllegalArgumentException("Adapter " + adapter.id() + ": no mapping file " + name + ".mapping.yaml");
    }

    public RecordLayout layout(AdapterDescriptor adapter, String name) {
        return layout(adapter.folder(), name);
    }

    public RecordLayout layout(Path folder, String name) {
        for (Path p : new Path[] {folder.resolve(name + ".record.yaml"), folder.resolve("mappings").resolve(name + ".record.yaml")}) {
            if (Files.isRegularFile(p)) {
                return layouts.computeIfAbsent(p, RecordLayout::load);
            }
        }
        throw new IllegalArgumentException("Adapter " + folder.getFileName() + ": no record layout " + name + ".record.yaml");
    }

    /** The JSON Schema of a mapping or record layout of the adapter, by name (contracts). */
    public ObjectNode schema(AdapterDescriptor adapter, String name) {
        for (String folder : new String[] {"", "mappings/"}) {
            if (Files.isRegularFile(adapter.folder().resolve(folder + name + ".record.yaml"))) {
                return layout(adapter, name).jsonSchema();
            }
        }
        return mapper.jsonSchema(mapping(adapter, name));
    }

}
