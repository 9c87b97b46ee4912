package dev.qbank.csv;

import java.util.ArrayList;
import java.util.List;

/**
 * CSV as RFC 4180 writes it: fields separated by commas, records ended by CRLF, and a field that holds a comma, a
 * double quote, CR or LF enclosed in double quotes, with its double quotes doubled. The parser also accepts bare LF
 * line ends, as files edited on Unix have them.
 *
 * <p><b>Formula cells are neutralized</b> (OWASP, "CSV Injection"): a spreadsheet program runs a cell that starts
 * with {@code =}, {@code +}, {@code -}, {@code @}, a tab or a carriage return as a formula, so such a field is
 * written with a leading apostrophe, which spreadsheets read as "this is text", and in double quotes:
 * {@code =HYPERLINK(...)} goes out as {@code "'=HYPERLINK(...)"}. A field that already starts with apostrophes
 * before such a character gets one more, and the parser takes exactly one off again, so a text read back from our
 * own export is the text that was written, whatever it is.
 */
public final class Csv {

    public static final String MEDIA_TYPE = "text/csv";
    public static final String CRLF = "\r\n";

    /** Why a CSV text could not be read, and where. */
    public static final class Malformed extends Exception {
        private final int record;

        public Malformed(int record, String reason) {
            super(reason, null, false, false);
            this.record = record;
        }

        /** 0 for the header, 1 for the first data record. */
        public int record() {
            return record;
        }
    }

    private Csv() {}

    /** One record, CRLF included; null fields are empty. */
    public static String record(List<String> fields) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            line.append(field(fields.get(i)));
        }
        return line.append(CRLF).toString();
    }

    public static String field(String value) {
        if (value == null) {
            return "";
        }
        if (isFormula(value)) {
            return "\"'" + value.replace("\"", "\"\"") + '"';
        }
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\r') < 0 && value.indexOf('\n') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    /**
     * Whether a spreadsheet would run the text as a formula: it starts with one of {@code = + - @ TAB CR}, perhaps
     * after apostrophes (so that an apostrophe our export added is told from one that was in the text).
     */
    static boolean isFormula(String value) {
        int i = 0;
        while (i < value.length() && value.charAt(i) == '\'') {
            i++;
        }
        if (i == value.length()) {
            return false;
        }
        char first = value.charAt(i);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
    }

    /** The text of a field as read: the apostrophe {@link #field} put before a formula-like text is taken off. */
    static String unguarded(String field) {
        return field.length() > 1 && field.charAt(0) == '\'' && isFormula(field.substring(1))
                ? field.substring(1)
                : field;
    }

    /** Every record of the text (the header first), each a list of fields. A trailing line end is optional. */
    public static List<List<String>> parse(String text) throws Malformed {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        int n = text.length();
        if (n > 0 && text.charAt(0) == '\uFEFF') {
            i = 1; // a UTF-8 byte order mark, as spreadsheet programs write
        }
        boolean quoted = false;
        boolean fieldStarted = false;
        while (i < n) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < n && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i += 2;
                        continue;
                    }
                    quoted = false;
                    i++;
                    if (i < n && text.charAt(i) != ',' && text.charAt(i) != '\r' && text.charAt(i) != '\n') {
                        throw new Malformed(records.size(), "a closing quote must end its field");
                    }
                    continue;
                }
                field.append(c);
                i++;
                continue;
            }
            if (c == '"' && !fieldStarted) {
                quoted = true;
                fieldStarted = true;
                i++;
            } else if (c == ',') {
                record.add(unguarded(field.toString()));
                field.setLength(0);
                fieldStarted = false;
                i++;
            } else if (c == '\r' || c == '\n') {
                record.add(unguarded(field.toString()));
                field.setLength(0);
                fieldStarted = false;
                records.add(record);
                record = new ArrayList<>();
                i += (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') ? 2 : 1;
            } else if (c == '"') {
                throw new Malformed(
                        records.size(), "a double quote inside an unquoted field must be escaped by quoting the field");
            } else {
                field.append(c);
                fieldStarted = true;
                i++;
            }
        }
        if (quoted) {
            throw new Malformed(records.size(), "a quoted field is not closed");
        }
        if (fieldStarted || !record.isEmpty()) {
            record.add(unguarded(field.toString()));
            records.add(record);
        }
        return records;
    }
}
