package vn.gov.ndxp.adapters.files;

import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The character encoding a file layout declares ({@code encoding:} in *.file.yaml). Decoding is strict:
 * a byte sequence that is not text in the declared encoding is a file error, never a replacement
 * character. A leading byte order mark is never part of the text.
 */
public enum FileEncoding {

    /** With or without a byte order mark (the default). */
    UTF_8("UTF-8", StandardCharsets.UTF_8, false, "UTF8"),
    /** The byte order mark decides the byte order; a file without one is refused (the order would be a guess). */
    UTF_16("UTF-16", StandardCharsets.UTF_16, false),
    /** UTF-16 little-endian (what Windows calls "Unicode"), for files without a byte order mark. */
    UTF_16LE("UTF-16LE", StandardCharsets.UTF_16LE, false),
    UTF_16BE("UTF-16BE", StandardCharsets.UTF_16BE, false),
    /** Windows' Vietnamese code page; its combining tone marks are composed (NFC) as they are read. */
    WINDOWS_1258("windows-1258", Charset.forName("windows-1258"), true, "cp1258"),
    /** TCVN 5712:1993 VN3, the "ABC" encoding, from the table of {@link Tcvn3Charset}. */
    TCVN3("TCVN3", Tcvn3Charset.INSTANCE, false, "ABC");

    private final String label;
    private final Charset charset;
    private final boolean composeToNfc;
    private final List<String> aliases;

    FileEncoding(String label, Charset charset, boolean composeToNfc, String... aliases) {
        this.label = label;
        this.charset = charset;
        this.composeToNfc = composeToNfc;
        this.aliases = Arrays.asList(aliases);
    }

    /** The name a layout uses (case does not matter), or an error listing the names. */
    public static FileEncoding of(String name) {
        for (FileEncoding e : values()) {
            if (e.label.equalsIgnoreCase(name) || e.aliases.stream().anyMatch(a -> a.equalsIgnoreCase(name))) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown encoding '" + name + "' (allowed: " + labels() + ")");
    }

    static List<String> labels() {
        return Arrays.stream(values()).map(e -> e.label).toList();
    }

    public String label() {
        return label;
    }

    /** Whether an XML declaration's {@code encoding="..."} names this encoding. */
    boolean isNamedBy(String declared) {
        if (label.equalsIgnoreCase(declared) || aliases.stream().anyMatch(a -> a.equalsIgnoreCase(declared))) {
            return true;
        }
        try {
            return Charset.isSupported(declared) && Charset.forName(declared).equals(charset);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    boolean composeToNfc() {
        return composeToNfc;
    }

    /** Two bytes a character at least: a byte 0x00 is part of the text, not binary content. */
    boolean wide() {
        return name().startsWith("UTF_16");
    }

    boolean needsByteOrderMark() {
        return this == UTF_16;
    }

    CharsetDecoder newDecoder() {
        return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    }
}
