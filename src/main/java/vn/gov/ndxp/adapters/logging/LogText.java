package vn.gov.ndxp.adapters.logging;

/**
 * The escaping every log line gets (logback-spring.xml): untrusted text in a message (a file name, a
 * header value, a backend's error) cannot start a new line or hide what follows it.
 * <ul>
 * <li>CR, LF and TAB become {@code \r}, {@code \n}, {@code \t};</li>
 * <li>every other C0 and C1 control (U+0000-U+001F, U+007F-U+009F, NEL included), the line and
 * paragraph separators U+2028/U+2029 and the bidirectional embedding, override and isolate controls
 * (U+202A-U+202E, U+2066-U+2069, which can make a line read differently from what it says) become
 * {@code \}{@code uXXXX};</li>
 * <li>everything else, Vietnamese letters and combining marks included, is left as it is. A backslash
 * is not doubled: a literal "\n" in a message is two characters, never a line break.</li>
 * </ul>
 */
public final class LogText {

    private LogText() {
    }

    static boolean needsEscape(char c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == '\u2028' || c == '\u2029'
                || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');
    }

    public static String escape(String s) {
        if (s == null) {
            return null;
        }
        int i = 0;
        while (i < s.length() && !needsEscape(s.charAt(i))) {
            i++;
        }
        if (i == s.length()) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length() + 16).append(s, 0, i);
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\r' -> b.append("\\r");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> {
                    if (needsEscape(c)) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
