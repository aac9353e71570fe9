package vn.gov.ndxp.adapters.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A simple type reduced to what the mapper needs: the XSD built-in it derives from and the facets
 * collected along its restriction chain. Immutable.
 */
final class SimpleType {

    enum Kind { INTEGER, NUMBER, BOOLEAN, STRING }

    private static final Set<String> NUMBERS = Set.of("decimal", "double", "float");
    private static final BigInteger NO_LIMIT = null;
    /** Value ranges of the integer built-ins: {min, max}, null = unbounded. */
    private static final Map<String, BigInteger[]> INTEGERS = Map.ofEntries(
            Map.entry("integer", range(NO_LIMIT, NO_LIMIT)),
            Map.entry("long", range(BigInteger.valueOf(Long.MIN_VALUE), BigInteger.valueOf(Long.MAX_VALUE))),
            Map.entry("int", range(BigInteger.valueOf(Integer.MIN_VALUE), BigInteger.valueOf(Integer.MAX_VALUE))),
            Map.entry("short", range(BigInteger.valueOf(Short.MIN_VALUE), BigInteger.valueOf(Short.MAX_VALUE))),
            Map.entry("byte", range(BigInteger.valueOf(Byte.MIN_VALUE), BigInteger.valueOf(Byte.MAX_VALUE))),
            Map.entry("unsignedLong", range(BigInteger.ZERO, BigInteger.TWO.pow(64).subtract(BigInteger.ONE))),
            Map.entry("unsignedInt", range(BigInteger.ZERO, BigInteger.valueOf(4294967295L))),
            Map.entry("unsignedShort", range(BigInteger.ZERO, BigInteger.valueOf(65535))),
            Map.entry("unsignedByte", range(BigInteger.ZERO, BigInteger.valueOf(255))),
            Map.entry("nonNegativeInteger", range(BigInteger.ZERO, NO_LIMIT)),
            Map.entry("positiveInteger", range(BigInteger.ONE, NO_LIMIT)),
            Map.entry("nonPositiveInteger", range(NO_LIMIT, BigInteger.ZERO)),
            Map.entry("negativeInteger", range(NO_LIMIT, BigInteger.ONE.negate())));

    /** Longest number, in digits before or after the point, either way: beyond are no real values, only costs. */
    static final int MAX_DIGITS = 1000;

    private static final String TZ = "(Z|[+-](\\d{2}):(\\d{2}))?";
    private static final Pattern DATE = Pattern.compile("(-?\\d{4,})-(\\d{2})-(\\d{2})" + TZ);
    private static final Pattern TIME = Pattern.compile("(\\d{2}):(\\d{2}):(\\d{2})(\\.\\d+)?" + TZ);
    private static final Pattern DATE_TIME = Pattern.compile(
            "(-?\\d{4,})-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2}):(\\d{2})(\\.\\d+)?" + TZ);

    final String builtin;              // local name of the xs: built-in, e.g. "int"
    final Kind kind;
    final List<String> enumeration;    // empty = no restriction
    final List<List<String>> patterns; // one list per restriction step; every step must match one of its own
    private final List<List<Pattern>> compiled;
    final Integer minLength;
    final Integer maxLength;
    final Bound lower;                 // min/maxInclusive/Exclusive of numeric types, or null
    final Bound upper;

    record Bound(BigDecimal value, boolean exclusive) {
    }

    SimpleType(String builtin, List<String> enumeration, List<List<String>> patterns, Integer minLength,
            Integer maxLength, Bound lower, Bound upper) {
        this.builtin = builtin;
        this.kind = INTEGERS.containsKey(builtin) ? Kind.INTEGER
                : NUMBERS.contains(builtin) ? Kind.NUMBER
                : "boolean".equals(builtin) ? Kind.BOOLEAN : Kind.STRING;
        this.enumeration = List.copyOf(enumeration);
        this.patterns = patterns.stream().map(List::copyOf).toList();
        this.compiled = this.patterns.stream().map(l -> l.stream().map(Pattern::compile).toList()).toList();
        this.minLength = minLength;
        this.maxLength = maxLength;
        this.lower = lower;
        this.upper = upper;
    }

    static SimpleType of(String builtin) {
        return new SimpleType(builtin, List.of(), List.of(), null, null, null, null);
    }

    boolean numeric() {
        return kind == Kind.INTEGER || kind == Kind.NUMBER;
    }

    private static BigInteger[] range(BigInteger min, BigInteger max) {
        return new BigInteger[] {min, max};
    }

    // ---- XML text -> JSON value (be liberal: only reject what cannot be represented) ----

    JsonNode toJson(String text, String path) {
        String t = text.strip(); // non-string built-ins collapse whitespace
        if (numeric() && t.length() > 2 * MAX_DIGITS + 16) { // digits either side, sign, point, exponent
            throw new MappingException(path, "longer than " + MAX_DIGITS + " digits (xs:" + builtin + ")");
        }
        try {
            switch (kind) {
                case INTEGER:
                    BigInteger i = new BigInteger(t);
                    return i.bitLength() < 32 ? IntNode.valueOf(i.intValue())
                            : i.bitLength() < 64 ? LongNode.valueOf(i.longValue()) : BigIntegerNode.valueOf(i);
                case NUMBER:
                    if (t.equals("INF") || t.equals("-INF") || t.equals("NaN")) {
                        throw new MappingException(path, "'" + t + "' (xs:" + builtin + ") cannot be represented in JSON");
                    }
                    BigDecimal d = digitsWithinLimit(new BigDecimal(t), path);
                    // xs:double may use exponents (1.5E1); a negative scale would print as 1.5E+1
                    return DecimalNode.valueOf(d.scale() < 0 ? d.setScale(0) : d);
                case BOOLEAN:
                    if (t.equals("true") || t.equals("1")) {
                        return BooleanNode.TRUE;
                    }
                    if (t.equals("false") || t.equals("0")) {
                        return BooleanNode.FALSE;
                    }
                    throw new NumberFormatException();
                default:
                    return TextNode.valueOf(text);
            }
        } catch (NumberFormatException e) {
            throw new MappingException(path, "'" + t + "' is not a valid xs:" + builtin);
        }
    }

    // ---- JSON value -> XML text, validating type and facets ----

    String toXml(JsonNode v, String path) {
        String text;
        switch (kind) {
            case INTEGER:
                text = integerText(v, path);
                break;
            case NUMBER:
                if (!v.isNumber()) {
                    throw new MappingException(path, "expected a number (xs:" + builtin + ")");
                }
                text = decimal(v, path).toPlainString();
                break;
            case BOOLEAN:
                if (!v.isBoolean()) {
                    throw new MappingException(path, "expected a boolean (xs:" + builtin + ")");
                }
                text = v.booleanValue() ? "true" : "false";
                break;
            default:
                if (!v.isTextual()) {
                    throw new MappingException(path, "expected a string (xs:" + builtin + ")");
                }
                text = v.textValue();
                checkXmlChars(text, path);
                checkLexical(text, path);
        }
        checkFacets(text, path);
        if (numeric()) {
            checkBounds(v.decimalValue(), path);
        }
        return text;
    }

    /** The number's exact value, refused when it has no finite form or one too long to write out. */
    private static BigDecimal decimal(JsonNode v, String path) {
        if ((v.isDouble() || v.isFloat()) && !Double.isFinite(v.doubleValue())) {
            throw new MappingException(path, "not a finite number");
        }
        return digitsWithinLimit(v.decimalValue(), path);
    }

    /** 1E+999999999 is 11 characters, but its plain form (and its BigInteger) would take a gigabyte. */
    private static BigDecimal digitsWithinLimit(BigDecimal d, String path) {
        long integerDigits = (long) d.precision() - d.scale();
        if (integerDigits > MAX_DIGITS || d.scale() > MAX_DIGITS) {
            throw new MappingException(path, "longer than " + MAX_DIGITS + " digits");
        }
        return d;
    }

    /** Characters XML 1.0 cannot carry (most controls, U+FFFE/FFFF, unpaired surrogates) would make the output malformed. */
    private static void checkXmlChars(String s, String path) {
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            boolean ok = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
                    || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
            if (!ok) {
                throw new MappingException(path, String.format("contains U+%04X, which XML cannot carry", c));
            }
            i += Character.charCount(c);
        }
    }

    private void checkBounds(BigDecimal d, String path) {
        if (lower != null) {
            int c = d.compareTo(lower.value());
            if (c < 0 || (c == 0 && lower.exclusive())) {
                throw new MappingException(path, "must be " + (lower.exclusive() ? "greater than " : "at least ")
                        + lower.value().toPlainString());
            }
        }
        if (upper != null) {
            int c = d.compareTo(upper.value());
            if (c > 0 || (c == 0 && upper.exclusive())) {
                throw new MappingException(path, "must be " + (upper.exclusive() ? "less than " : "at most ")
                        + upper.value().toPlainString());
            }
        }
    }

    private String integerText(JsonNode v, String path) {
        BigInteger i = null;
        if (v.isNumber()) {
            decimal(v, path); // before any conversion: 1E+999999999 would not end
        }
        if (v.isIntegralNumber()) {
            i = v.bigIntegerValue();
        } else if (v.isNumber()) {
            try {
                i = v.decimalValue().toBigIntegerExact(); // 5.0 is still the integer 5
            } catch (ArithmeticException notIntegral) {
                // fall through to the error below
            }
        }
        if (i == null) {
            throw new MappingException(path, "expected an integer (xs:" + builtin + ")");
        }
        BigInteger[] r = INTEGERS.get(builtin);
        if ((r[0] != null && i.compareTo(r[0]) < 0) || (r[1] != null && i.compareTo(r[1]) > 0)) {
            throw new MappingException(path, "out of range for xs:" + builtin);
        }
        return i.toString();
    }

    private void checkLexical(String s, String path) {
        boolean ok = switch (builtin) {
            case "date" -> validDate(DATE.matcher(s), false);
            case "dateTime" -> validDate(DATE_TIME.matcher(s), true);
            case "time" -> {
                Matcher m = TIME.matcher(s);
                yield m.matches() && validTime(m, 1);
            }
            default -> true;
        };
        if (!ok) {
            String example = switch (builtin) {
                case "date" -> "2024-01-31";
                case "dateTime" -> "2024-01-31T08:30:00+07:00";
                default -> "08:30:00";
            };
            throw new MappingException(path, "not a valid xs:" + builtin + " (e.g. " + example + ")");
        }
    }

    /** Year, month, day in groups 1-3, then either the time (from group 4) or the zone. */
    private static boolean validDate(Matcher m, boolean withTime) {
        if (!m.matches()) {
            return false;
        }
        try {
            LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
        } catch (DateTimeException | NumberFormatException e) {
            return false;
        }
        return withTime ? validTime(m, 4) : validZone(m, 4);
    }

    /** Hour, minute, second, fraction, zone starting at group {@code g}; 24:00:00 is allowed by XSD. */
    private static boolean validTime(Matcher m, int g) {
        int h = Integer.parseInt(m.group(g));
        int min = Integer.parseInt(m.group(g + 1));
        int s = Integer.parseInt(m.group(g + 2));
        boolean midnight = h == 24 && min == 0 && s == 0 && m.group(g + 3) == null;
        return (h < 24 || midnight) && min < 60 && s < 60 && validZone(m, g + 4);
    }

    /** Zone designator in group {@code g}, its hours and minutes in the next two. */
    private static boolean validZone(Matcher m, int g) {
        if (m.group(g) == null || m.group(g).equals("Z")) {
            return true;
        }
        int h = Integer.parseInt(m.group(g + 1));
        int min = Integer.parseInt(m.group(g + 2));
        return min < 60 && (h < 14 || (h == 14 && min == 0));
    }

    private void checkFacets(String text, String path) {
        if (!enumeration.isEmpty() && !enumeration.contains(text)) {
            throw new MappingException(path, "must be one of " + enumeration);
        }
        for (int i = 0; i < compiled.size(); i++) {
            if (compiled.get(i).stream().noneMatch(p -> p.matcher(text).matches())) {
                throw new MappingException(path, "must match " + String.join("|", patterns.get(i)));
            }
        }
        int length = text.codePointCount(0, text.length());
        if (minLength != null && length < minLength) {
            throw new MappingException(path, "must be at least " + minLength + " characters");
        }
        if (maxLength != null && length > maxLength) {
            throw new MappingException(path, "must be at most " + maxLength + " characters");
        }
    }

    // ---- JSON Schema (OpenAPI 3.0) ----

    ObjectNode jsonSchema(JsonNodeFactory f) {
        ObjectNode s = f.objectNode();
        s.put("type", switch (kind) {
            case INTEGER -> "integer";
            case NUMBER -> "number";
            case BOOLEAN -> "boolean";
            case STRING -> "string";
        });
        String format = switch (builtin) {
            case "int", "short", "byte", "unsignedShort", "unsignedByte" -> "int32";
            case "long", "unsignedInt" -> "int64";
            case "double", "float" -> builtin;
            case "date" -> "date";
            case "dateTime" -> "date-time";
            case "base64Binary" -> "byte";
            default -> null;
        };
        if (format != null) {
            s.put("format", format);
        }
        if (!enumeration.isEmpty()) {
            enumeration.forEach(s.putArray("enum")::add);
        }
        if (!patterns.isEmpty()) {
            // XSD patterns are implicitly anchored, JSON Schema patterns are not.
            String p = String.join("|", patterns.get(0));
            s.put("pattern", p.contains("|") ? "^(?:" + p + ")$" : "^" + p + "$");
        }
        if (minLength != null) {
            s.put("minLength", minLength);
        }
        if (maxLength != null) {
            s.put("maxLength", maxLength);
        }
        if (lower != null) {
            s.put("minimum", lower.value());
            if (lower.exclusive()) {
                s.put("exclusiveMinimum", true); // OpenAPI 3.0 style
            }
        }
        if (upper != null) {
            s.put("maximum", upper.value());
            if (upper.exclusive()) {
                s.put("exclusiveMaximum", true);
            }
        }
        return s;
    }
}
