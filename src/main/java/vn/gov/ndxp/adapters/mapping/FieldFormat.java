package vn.gov.ndxp.adapters.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.text.Normalizer;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How a date, date-time or boolean field is spelled on the legacy side, as its record layout declares
 * it ({@code format}, {@code zone}, {@code trueValues}/{@code falseValues}). Compiled once when the
 * layout loads; a pattern that cannot give the field's value fails the load. On the JSON side the
 * value is always ISO 8601 or a JSON boolean.
 */
public final class FieldFormat {

    /** The spellings of a boolean without declared ones; any case. */
    static final FieldFormat BOOLEAN = booleans(List.of("true", "t", "1", "yes", "y"), List.of("false", "f", "0", "no", "n"));

    private final String pattern;              // date/datetime: the legacy pattern as declared
    private final DateTimeFormatter formatter;
    private final boolean dateTime;
    private final ZoneId zone;                 // datetime: the legacy local time's zone, or null (ISO local date-time)
    private final Map<String, Boolean> spellings; // boolean: lower-case NFC spelling -> value
    private final String trueOut;
    private final String falseOut;
    private final String expected;            // what an error says was expected

    private FieldFormat(String pattern, DateTimeFormatter formatter, boolean dateTime, ZoneId zone,
                        Map<String, Boolean> spellings, String trueOut, String falseOut, String expected) {
        this.pattern = pattern;
        this.formatter = formatter;
        this.dateTime = dateTime;
        this.zone = zone;
        this.spellings = spellings;
        this.trueOut = trueOut;
        this.falseOut = falseOut;
        this.expected = expected;
    }

    /**
     * A date ({@code dateTime} false) or date-time pattern of java.time ({@code dd/MM/yyyy},
     * {@code yyyyMMdd}, {@code dd/MM/yyyy HH:mm}), read strictly (31/02 is refused). The reason it
     * cannot be used is an IllegalArgumentException.
     */
    static FieldFormat pattern(String pattern, boolean dateTime, ZoneId zone) {
        DateTimeFormatter f;
        try {
            f = new DateTimeFormatterBuilder().appendPattern(pattern)
                    // strict resolving needs an era for yyyy (year of era): the common era
                    .parseDefaulting(ChronoField.ERA, 1)
                    .toFormatter(Locale.ROOT).withChronology(IsoChronology.INSTANCE).withResolverStyle(ResolverStyle.STRICT);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid pattern '" + pattern + "': " + e.getMessage());
        }
        // the pattern must write and read back a whole value: no zone letters, no missing day or hour
        try {
            if (dateTime) {
                LocalDateTime.parse(f.format(LocalDateTime.of(2026, 12, 31, 23, 59, 58)), f);
            } else if (!LocalDate.parse(f.format(LocalDate.of(2026, 12, 31)), f).equals(LocalDate.of(2026, 12, 31))) {
                throw new DateTimeException("reads back another date");
            }
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("pattern '" + pattern + "' does not give a whole "
                    + (dateTime ? "date and time (day, month, year, hour of day, minute; no zone letters: declare zone)"
                    : "date (day, month, year; no time letters: use type datetime)"));
        }
        return new FieldFormat(pattern, f, dateTime, zone, null, null, null,
                (dateTime ? "a date-time as " : "a date as ") + pattern);
    }

    /** Declared boolean spellings, matched in any case; the first of each list is written back. */
    static FieldFormat booleans(List<String> trueValues, List<String> falseValues) {
        if (trueValues.isEmpty() || falseValues.isEmpty()) {
            throw new IllegalArgumentException("trueValues and falseValues both need at least one spelling");
        }
        Map<String, Boolean> spellings = new LinkedHashMap<>();
        for (List<String> values : List.of(trueValues, falseValues)) {
            boolean value = values == trueValues;
            for (String s : values) {
                if (s.isBlank()) {
                    throw new IllegalArgumentException("a boolean spelling cannot be blank (an empty value is a missing one)");
                }
                if (spellings.put(key(s), value) != null) {
                    throw new IllegalArgumentException("'" + s + "' is spelled twice (spellings are matched in any case)");
                }
            }
        }
        return new FieldFormat(null, null, false, null, Map.copyOf(spellings), trueValues.get(0), falseValues.get(0),
                "a boolean: " + String.join(", ", trueValues) + " (true) or " + String.join(", ", falseValues)
                        + " (false), in any case");
    }

    /** What an error says was expected, e.g. "a date as dd/MM/yyyy". */
    String expected() {
        return expected;
    }

    boolean withZone() {
        return zone != null;
    }

    /** Legacy text to its JSON value; a DateTimeException or IllegalArgumentException when it does not match. */
    JsonNode toJson(String text) {
        if (spellings != null) {
            Boolean b = spellings.get(key(text));
            if (b == null) {
                throw new IllegalArgumentException(text);
            }
            return BooleanNode.valueOf(b);
        }
        if (!dateTime) {
            return TextNode.valueOf(LocalDate.parse(text, formatter).toString());
        }
        LocalDateTime local = LocalDateTime.parse(text, formatter);
        return TextNode.valueOf(zone == null ? DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(local)
                : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(local.atZone(zone).toOffsetDateTime()));
    }

    /** A client's JSON value (already of the right JSON type) to the legacy spelling. */
    String toLegacy(JsonNode v) {
        if (spellings != null) {
            return v.booleanValue() ? trueOut : falseOut;
        }
        if (!dateTime) {
            return formatter.format(LocalDate.parse(v.asText()));
        }
        LocalDateTime local = zone == null ? LocalDateTime.parse(v.asText())
                : OffsetDateTime.parse(v.asText()).atZoneSameInstant(zone).toLocalDateTime();
        return formatter.format(local);
    }

    /** What a client must send for a date-time field with this format. */
    String jsonExpected() {
        return zone == null ? "an ISO local date-time (e.g. 2026-10-01T08:30:00)" : "an ISO date-time with offset (e.g. 2026-10-01T08:30:00+07:00)";
    }

    /** Spellings compare in lower case and NFC (a legacy file may spell "Có" with a combining accent). */
    private static String key(String s) {
        String lower = s.strip().toLowerCase(Locale.ROOT);
        return Normalizer.isNormalized(lower, Normalizer.Form.NFC) ? lower : Normalizer.normalize(lower, Normalizer.Form.NFC);
    }

    /** The declared spellings of a layout's list; an IllegalArgumentException when it is not a list of texts. */
    static List<String> spellings(JsonNode list, String key) {
        if (list == null || !list.isArray()) {
            throw new IllegalArgumentException(key + ": a list of spellings, e.g. [C, Có]");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode v : list) {
            if (v.isBoolean()) {
                // YAML reads yes, no, on, off, true, false as booleans: the file's own spelling is lost
                throw new IllegalArgumentException(key + ": quote spellings YAML reads as booleans (\"yes\", \"true\", \"on\")");
            }
            if (!v.isTextual() && !v.isIntegralNumber()) {
                throw new IllegalArgumentException(key + ": a list of spellings, e.g. [C, Có]");
            }
            out.add(v.asText());
        }
        return out;
    }

    @Override
    public String toString() {
        return pattern != null ? pattern : expected;
    }
}
