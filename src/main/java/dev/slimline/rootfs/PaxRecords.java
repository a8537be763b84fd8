package dev.slimline.rootfs;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Parses the records of a PAX extended header ({@code "<length> <key>=<value>\n"}). Values stay raw
 * bytes: extended attributes are binary.
 */
final class PaxRecords {

    private PaxRecords() {
    }

    static Map<String, byte[]> parse(byte[] data) {
        Map<String, byte[]> records = new HashMap<>();
        int pos = 0;
        while (pos < data.length) {
            if (data[pos] == 0) {
                break;
            }
            int space = pos;
            long length = 0;
            while (space < data.length && data[space] >= '0' && data[space] <= '9' && length < data.length) {
                length = length * 10 + (data[space] - '0');
                space++;
            }
            if (space == pos || space >= data.length || data[space] != ' ' || length <= space - pos + 1
                    || pos + length > data.length || data[(int) (pos + length - 1)] != '\n') {
                throw new RootfsException("image tar has a malformed PAX record at byte " + pos);
            }
            int end = (int) (pos + length - 1);
            int equals = space + 1;
            while (equals < end && data[equals] != '=') {
                equals++;
            }
            if (equals == end || equals == space + 1) {
                throw new RootfsException("image tar has a PAX record without a key at byte " + pos);
            }
            String key = new String(data, space + 1, equals - space - 1, StandardCharsets.UTF_8);
            byte[] value = new byte[end - equals - 1];
            System.arraycopy(data, equals + 1, value, 0, value.length);
            records.put(key, value);
            pos = end + 1;
        }
        return records;
    }
}
