package vn.gov.ndxp.adapters.component;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.camel.support.DefaultComponent;
import vn.gov.ndxp.adapters.adapter.AdapterDescriptor;
import vn.gov.ndxp.adapters.adapter.AdapterRegistry;

/**
 * What the ndxp-* components share: the path parts of a URI, its adapter, and the refusal of an option
 * that belongs to another verb of the same scheme (options unknown to the scheme are Camel's own refusal:
 * "There are N parameters that couldn't be set on the endpoint"). Camel adds the URI to these failures,
 * and the route id when the route is created, so a wrong URI fails startup naming both.
 */
abstract class NdxpStepComponent extends DefaultComponent {

    protected final AdapterRegistry registry;

    protected NdxpStepComponent(AdapterRegistry registry) {
        this.registry = registry;
    }

    /** The path parts of {@code remaining}, exactly as many as the syntax has. */
    protected static String[] parts(String remaining, String syntax, int count) {
        String[] parts = remaining.split("/", -1);
        if (parts.length != count || List.of(parts).contains("")) {
            throw new IllegalArgumentException("expected " + syntax);
        }
        return parts;
    }

    /** The verb (first path part), one of {@code verbs}. */
    protected static String verb(String verb, List<String> verbs) {
        if (!verbs.contains(verb)) {
            throw new IllegalArgumentException("unknown verb '" + verb + "' (" + String.join(", ", verbs) + ")");
        }
        return verb;
    }

    protected AdapterDescriptor adapter(String id) {
        AdapterDescriptor adapter = registry.get(id);
        if (adapter == null) {
            throw new IllegalArgumentException("no adapter '" + id + "'");
        }
        return adapter;
    }

    /** Refuses the options of {@code scheme} the URI gives that {@code verb} does not take. */
    protected static void refuseMisplaced(Map<String, Object> parameters, Set<String> scheme, Set<String> verbOptions, String verb) {
        Set<String> misplaced = new TreeSet<>();
        for (String name : parameters.keySet()) {
            // case-insensitive, as Camel binds them
            String option = scheme.stream().filter(name::equalsIgnoreCase).findFirst().orElse(null);
            if (option != null && !verbOptions.contains(option)) {
                misplaced.add(name);
            }
        }
        if (!misplaced.isEmpty()) {
            throw new IllegalArgumentException("option(s) " + misplaced + " do not apply to " + verb
                    + (verbOptions.isEmpty() ? ", which takes none" : " (it takes " + new TreeSet<>(verbOptions) + ")"));
        }
    }

    protected static void require(Object value, String option, String what) {
        if (value == null || (value instanceof String s && s.isBlank())) {
            throw new IllegalArgumentException("the '" + option + "' option (" + what + ") is required");
        }
    }
}
