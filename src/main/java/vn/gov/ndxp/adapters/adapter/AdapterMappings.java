package vn.gov.ndxp.adapters.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import vn.gov.ndxp.adapters.mapping.FieldSet;
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
        return mappings.computeIfAbsent(mappingFile(adapter, name), Mapping::load);
    }

    private static Path mappingFile(AdapterDescriptor adapter, String name) {
        for (Path p : new Path[] {adapter.folder().resolve(name + ".mapping.yaml"),
                adapter.folder().resolve("mappings").resolve(name + ".mapping.yaml")}) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IllegalArgumentException("Adapter " + adapter.id() + ": no mapping file " + name + ".mapping.yaml");
    }

    public RecordLayout layout(AdapterDescriptor adapter, String name) {
        return layout(adapter.folder(), name);
    }

    public RecordLayout layout(Path folder, String name) {
        return layouts.computeIfAbsent(layoutFile(folder, name), RecordLayout::load);
    }

    /** A record layout read afresh and not kept: a reload's check of a new version. */
    public static RecordLayout readLayout(Path folder, String name) {
        return RecordLayout.load(layoutFile(folder, name));
    }

    private static Path layoutFile(Path folder, String name) {
        for (Path p : new Path[] {folder.resolve(name + ".record.yaml"), folder.resolve("mappings").resolve(name + ".record.yaml")}) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IllegalArgumentException("Adapter " + folder.getFileName() + ": no record layout " + name + ".record.yaml");
    }

    /**
     * Reads every mapping file and record layout of an adapter folder afresh, without keeping them: a
     * reload checks a new version this way before it replaces the one serving.
     */
    public void check(Path folder) {
        for (Path dir : new Path[] {folder, folder.resolve("mappings")}) {
            for (Path f : files(dir)) {
                String name = f.getFileName().toString();
                if (name.endsWith(".mapping.yaml")) {
                    Mapping.load(f);
                } else if (name.endsWith(".record.yaml")) {
                    RecordLayout.load(f);
                }
            }
        }
    }

    /** Drops what was loaded from an adapter folder, so its next use reads the files again. */
    public void forget(Path folder) {
        mappings.keySet().removeIf(p -> p.startsWith(folder));
        layouts.keySet().removeIf(p -> p.startsWith(folder));
    }

    private static List<Path> files(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + dir, e);
        }
    }

    /**
     * Each field set of the adapter's policies names fields of its service's answer (the response
     * mapping's JSON Schema; arrays are passed through): startup and reloads stop on one that does not,
     * naming adapter.yaml and the field.
     */
    public void checkFields(AdapterDescriptor adapter) {
        List<AdapterDescriptor.Service> services = adapter.services();
        for (int i = 0; i < services.size(); i++) {
            AdapterDescriptor.Service s = services.get(i);
            for (int j = 0; j < s.policies().size(); j++) {
                List<String> fields = s.policies().get(j).fields();
                if (fields == null) {
                    continue;
                }
                // read afresh: a reload checks the folder's new version while the old one serves
                ObjectNode schema = mapper.jsonSchema(Mapping.load(mappingFile(adapter, s.response())));
                for (int k = 0; k < fields.size(); k++) {
                    if (!FieldSet.inSchema(schema, fields.get(k))) {
                        throw new InvalidDescriptorException(adapter.folder().resolve("adapter.yaml"),
                                "services[" + i + "].policies[" + j + "].fields[" + k + "]", "no field " + fields.get(k)
                                        + " in the answer of response mapping " + s.response());
                    }
                }
            }
        }
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
