import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Contribution export files for bench/file-intake.sh: the social-insurance adapter's CSV layout
 * (adapters/social-insurance/mappings/contribution.record.yaml), every record valid against its JSON
 * Schema and the platform's citizen-id check (12 digits, province code 001-096). Vietnamese names and
 * addresses with diacritics; most addresses quoted (they hold commas), a few with doubled quotes.
 * About 150 bytes a record. Deterministic for a given seed.
 *
 *   java bench/FileGen.java <out.csv> <records> [seed] [period yyyy-MM]
 * Prints one JSON line: {"file","records","bytes","bytesPerRecord","seconds"}.
 */
public class FileGen {

    static final String[] FAMILY = {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
            "Hồ", "Ngô", "Dương", "Lý"};
    static final String[] MIDDLE = {"Văn", "Thị", "Minh", "Đức", "Thu", "Quốc", "Hoàng", "Ngọc", "Thanh", "Xuân", "Hữu", "Bảo"};
    static final String[] GIVEN = {"An", "Bình", "Cường", "Dũng", "Giang", "Hạnh", "Khánh", "Linh", "Phương", "Tuấn", "Hương",
            "Ngọc Ánh", "Thảo", "Hiếu", "Quỳnh", "Đạt", "Trâm", "Phúc", "Yến", "Sơn"};
    static final String[] STREET = {"Lê Lợi", "Trần Hưng Đạo", "Nguyễn Huệ", "Hai Bà Trưng", "Lý Thường Kiệt", "Điện Biên Phủ",
            "Hùng Vương", "Phố Huế", "Nguyễn Trãi", "Cầu Giấy", "Lạch Tray", "Trần Phú"};
    static final String[] WARD = {"Phường Bến Nghé", "Phường Hàng Bạc", "Phường Thạch Thang", "Phường Vĩnh Ninh", "Phường An Hòa",
            "Xã Tân Phú", "Phường Dịch Vọng", "Phường Cầu Đất"};
    // province code (first 3 digits of the citizen id) and its place name
    static final int[] PROVINCE = {1, 79, 48, 46, 31, 92, 1, 79, 36, 38, 56, 75};
    static final String[] PLACE = {"Quận Hoàn Kiếm, Hà Nội", "Quận 1, TP. Hồ Chí Minh", "Quận Hải Châu, Đà Nẵng",
            "TP. Huế, Thừa Thiên Huế", "Quận Lê Chân, Hải Phòng", "Quận Ninh Kiều, Cần Thơ", "Quận Cầu Giấy, Hà Nội",
            "TP. Thủ Đức, TP. Hồ Chí Minh", "TP. Nam Định, Nam Định", "TP. Thanh Hóa, Thanh Hóa", "TP. Nha Trang, Khánh Hòa",
            "TP. Biên Hòa, Đồng Nai"};
    static final String[] EMPLOYER = {"TA0001A", "DN0002B", "HP0003C", "HN01234", "SG98765X", "CT4567", "KH0099Z", "DNA2024"};

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        long n = Long.parseLong(args[1]);
        Random rnd = new Random(args.length > 2 ? Long.parseLong(args[2]) : 47);
        String period = args.length > 3 ? args[3] : "2026-10";
        long t0 = System.nanoTime();
        StringBuilder line = new StringBuilder(256);
        try (BufferedWriter w = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(out), StandardCharsets.UTF_8), 1 << 16)) {
            w.write("ma_so_bhxh,so_cccd,ho_ten,ngay_sinh,dia_chi,ma_don_vi,ky_dong,muc_luong,so_tien\n");
            for (long i = 0; i < n; i++) {
                int p = rnd.nextInt(PROVINCE.length);
                int year = 1960 + rnd.nextInt(46);
                int gender = rnd.nextInt(2); // 0/1 men/women born 1900-1999, 2/3 from 2000
                long salary = 4_960_000L + 100_000L * rnd.nextInt(300);
                line.setLength(0);
                line.append(String.format("%010d", (1_000_000_000L + i * 7919L) % 10_000_000_000L)).append(',')
                        .append(String.format("%03d%d%02d%06d", PROVINCE[p], (year >= 2000 ? 2 : 0) + gender, year % 100, rnd.nextInt(1_000_000)))
                        .append(',')
                        .append(FAMILY[rnd.nextInt(FAMILY.length)]).append(' ').append(gender == 1 ? "Thị" : MIDDLE[rnd.nextInt(MIDDLE.length)])
                        .append(' ').append(GIVEN[rnd.nextInt(GIVEN.length)]).append(',')
                        .append(String.format("%04d-%02d-%02d", year, 1 + rnd.nextInt(12), 1 + rnd.nextInt(28))).append(',');
                int kind = rnd.nextInt(20);
                if (kind == 0) {       // no comma: unquoted
                    line.append("Thôn ").append(1 + rnd.nextInt(12)).append(' ').append(WARD[rnd.nextInt(WARD.length)]);
                } else if (kind == 1) { // doubled quotes inside a quoted field
                    line.append("\"Tòa nhà \"\"").append(GIVEN[rnd.nextInt(GIVEN.length)]).append(" Tower\"\", số ")
                            .append(1 + rnd.nextInt(300)).append(' ').append(STREET[rnd.nextInt(STREET.length)]).append(", ")
                            .append(PLACE[p]).append('"');
                } else {
                    line.append("\"Số ").append(1 + rnd.nextInt(300)).append(' ').append(STREET[rnd.nextInt(STREET.length)]).append(", ");
                    if (rnd.nextBoolean()) {
                        line.append(WARD[rnd.nextInt(WARD.length)]).append(", ");
                    }
                    line.append(PLACE[p]).append('"');
                }
                line.append(',').append(EMPLOYER[rnd.nextInt(EMPLOYER.length)]).append(',').append(period).append(',')
                        .append(salary).append(',').append(salary * 32 / 100).append('\n');
                w.append(line);
            }
        }
        long bytes = Files.size(out);
        System.out.printf("{\"file\":\"%s\",\"records\":%d,\"bytes\":%d,\"bytesPerRecord\":%.1f,\"seconds\":%.2f}%n",
                out, n, bytes, n == 0 ? 0.0 : (double) bytes / n, (System.nanoTime() - t0) / 1e9);
    }
}
