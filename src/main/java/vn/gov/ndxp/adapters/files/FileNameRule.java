package vn.gov.ndxp.adapters.files;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The file-name rule of file-drop adapters (ndxp.files.name.*), checked before any work on a file, and
 * the safe name a refused file and its receipt get instead.
 */
public final class FileNameRule {

    /** What a safe name is made of, whatever the configured rule: letters, digits, '.', '_' and '-'. */
    private static final Pattern UNSAFE = Pattern.compile("[^\\p{L}\\p{M}\\p{N}._-]");
    private static final int SAFE_STEM_BYTES = 64;

    private final int maxBytes;
    private final Pattern pattern;

    public FileNameRule(int maxBytes, String pattern) {
        this.maxBytes = maxBytes;
        this.pattern = Pattern.compile(pattern);
    }

    public static FileNameRule of(FilesProperties.Name name) {
        return new FileNameRule(name.getMaxBytes(), name.getPattern());
    }

    /** Why the name is refused, or null when it keeps the rule. */
    public String check(String name) {
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxBytes) {
            return "the file name is " + bytes + " bytes long in UTF-8; at most " + maxBytes + " are allowed (ndxp.files.name.max-bytes)";
        }
        var control = name.codePoints().filter(cp -> Character.isISOControl(cp) || cp == 0x2028 || cp == 0x2029).findFirst();
        if (control.isPresent()) {
            return "the file name contains the control character U+" + String.format("%04X", control.getAsInt());
        }
        if (!pattern.matcher(name).matches()) {
            return "the file name has characters outside the allowed shape (ndxp.files.name.pattern)";
        }
        return null;
    }

    /**
     * A name safe on any file system and in any shell: the name's letters, digits, '.', '_' and '-'
     * (anything else becomes '_'), cut at 64 bytes, then '-' and 12 hex digits of the SHA-256 of the
     * original name (so two refused names do not collide), then the extension when it is a plain one.
     */
    public static String safe(String name) {
        String ext = "";
        int dot = name.lastIndexOf('.');
        if (dot > 0 && name.substring(dot + 1).matches("[A-Za-z0-9]{1,10}")) {
            ext = name.substring(dot);
            name = name.substring(0, dot);
        }
        String stem = UNSAFE.matcher(name).replaceAll("_").replaceFirst("^\\.+", "_");
        StringBuilder cut = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < stem.length(); ) {
            int cp = stem.codePointAt(i);
            int n = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + n > SAFE_STEM_BYTES) {
                break;
            }
            cut.appendCodePoint(cp);
            bytes += n;
            i += Character.charCount(cp);
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest((name + ext).getBytes(StandardCharsets.UTF_8));
            return cut + "-" + HexFormat.of().formatHex(hash, 0, 6) + ext;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
