package io.dataflow.gateway.importer.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits Python source into the few token kinds {@link DagSourceScanner} needs. Comments and
 * whitespace are dropped; string literals are decoded (escapes, raw prefix, implicit line joins);
 * everything else is an identifier, a number or an operator. Not a full Python lexer: it never fails,
 * it only has to keep strings, comments and brackets apart correctly.
 */
final class PythonTokenizer {

    enum Kind { NAME, NUMBER, STRING, OP }

    /**
     * One token.
     *
     * @param value the decoded value for strings, the text otherwise
     * @param literal for strings: whether the value is a plain literal (not an f-string or bytes)
     */
    record Token(Kind kind, String value, boolean literal, int start, int end) {
        boolean is(String op) {
            return kind == Kind.OP && value.equals(op);
        }
    }

    private final String src;
    private int pos;

    private PythonTokenizer(String src) {
        this.src = src;
    }

    static List<Token> tokenize(String source) {
        return new PythonTokenizer(source).run();
    }

    private List<Token> run() {
        List<Token> tokens = new ArrayList<>();
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '#') {
                while (pos < src.length() && src.charAt(pos) != '\n') {
                    pos++;
                }
            } else if (c == '\\' && pos + 1 < src.length() && src.charAt(pos + 1) == '\n') {
                pos += 2;
            } else if (Character.isWhitespace(c)) {
                pos++;
            } else if (Character.isLetter(c) || c == '_') {
                int start = pos;
                while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
                    pos++;
                }
                String word = src.substring(start, pos);
                if (pos < src.length() && isQuote(src.charAt(pos)) && isStringPrefix(word)) {
                    tokens.add(string(start, word.toLowerCase()));
                } else {
                    tokens.add(new Token(Kind.NAME, word, false, start, pos));
                }
            } else if (Character.isDigit(c)) {
                int start = pos;
                while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '.'
                        || src.charAt(pos) == '_')) {
                    pos++;
                }
                tokens.add(new Token(Kind.NUMBER, src.substring(start, pos), false, start, pos));
            } else if (isQuote(c)) {
                tokens.add(string(pos, ""));
            } else {
                int start = pos;
                pos++;
                if (pos < src.length() && src.charAt(pos) == '=' && "=!<>:+-*/%&|^".indexOf(c) >= 0) {
                    pos++;
                } else if (c == '-' && pos < src.length() && src.charAt(pos) == '>') {
                    pos++;
                } else if (c == '*' && pos < src.length() && src.charAt(pos) == '*') {
                    pos++;
                }
                tokens.add(new Token(Kind.OP, src.substring(start, pos), false, start, pos));
            }
        }
        return tokens;
    }

    private static boolean isQuote(char c) {
        return c == '\'' || c == '"';
    }

    private static boolean isStringPrefix(String word) {
        String w = word.toLowerCase();
        return w.equals("r") || w.equals("u") || w.equals("b") || w.equals("f") || w.equals("rb") || w.equals("br")
                || w.equals("fr") || w.equals("rf");
    }

    /** Reads a string literal whose quote starts at {@code pos}; {@code start} includes the prefix. */
    private Token string(int start, String prefix) {
        boolean raw = prefix.contains("r");
        boolean literal = !prefix.contains("f") && !prefix.contains("b");
        char quote = src.charAt(pos);
        boolean triple = src.startsWith(String.valueOf(quote).repeat(3), pos);
        pos += triple ? 3 : 1;
        StringBuilder out = new StringBuilder();
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == quote && (!triple || src.startsWith(String.valueOf(quote).repeat(3), pos))) {
                pos += triple ? 3 : 1;
                return new Token(Kind.STRING, out.toString(), literal, start, pos);
            }
            if (c == '\n' && !triple) {
                break; // unterminated single-line string: stop at the line end
            }
            if (c == '\\' && pos + 1 < src.length()) {
                if (raw) {
                    out.append(c).append(src.charAt(pos + 1));
                    pos += 2;
                } else {
                    pos = escape(out, pos + 1);
                }
                continue;
            }
            out.append(c);
            pos++;
        }
        return new Token(Kind.STRING, out.toString(), false, start, pos); // unterminated: never a usable literal
    }

    /** Decodes the escape whose character after the backslash is at {@code at}; returns the next position. */
    private int escape(StringBuilder out, int at) {
        char e = src.charAt(at);
        switch (e) {
            case '\n' -> { return at + 1; }
            case '\\', '\'', '"' -> out.append(e);
            case 'n' -> out.append('\n');
            case 't' -> out.append('\t');
            case 'r' -> out.append('\r');
            case 'a' -> out.append('\u0007');
            case 'b' -> out.append('\b');
            case 'f' -> out.append('\f');
            case 'v' -> out.append('\u000b');
            case 'x' -> { return hex(out, at, 2); }
            case 'u' -> { return hex(out, at, 4); }
            case 'U' -> { return hex(out, at, 8); }
            default -> {
                if (e >= '0' && e <= '7') {
                    int end = at;
                    while (end < src.length() && end < at + 3 && src.charAt(end) >= '0' && src.charAt(end) <= '7') {
                        end++;
                    }
                    out.appendCodePoint(Integer.parseInt(src.substring(at, end), 8));
                    return end;
                }
                out.append('\\').append(e); // Python keeps unknown escapes as they are
            }
        }
        return at + 1;
    }

    private int hex(StringBuilder out, int at, int digits) {
        int end = at + 1 + digits;
        if (end <= src.length()) {
            try {
                out.appendCodePoint(Integer.parseInt(src.substring(at + 1, end), 16));
                return end;
            } catch (IllegalArgumentException ignored) {
                // fall through: keep the text as written
            }
        }
        out.append('\\').append(src.charAt(at));
        return at + 1;
    }
}
