-- The demo legacy enterprise-registration database, as the legacy system has it (sandbox only).
CREATE TABLE enterprise (
    tax_code              VARCHAR(14)   PRIMARY KEY,
    name                  VARCHAR(300)  NOT NULL,
    short_name            VARCHAR(100),
    address               VARCHAR(500)  NOT NULL,
    province_code         INTEGER,
    legal_representative  VARCHAR(200),
    charter_capital       NUMERIC(18, 2),
    registered_on         DATE          NOT NULL,
    status                VARCHAR(20)   NOT NULL,
    updated_at            TIMESTAMPTZ   NOT NULL DEFAULT clock_timestamp()
);

CREATE TABLE inspection (
    id            BIGSERIAL     PRIMARY KEY,
    tax_code      VARCHAR(14)   NOT NULL REFERENCES enterprise (tax_code),
    inspected_on  DATE          NOT NULL,
    authority     VARCHAR(200)  NOT NULL,
    result        VARCHAR(20)   NOT NULL,
    remarks       TEXT
);

INSERT INTO enterprise VALUES ('0101234567', 'Công ty Cổ phần Thương mại Hoàng Long', 'Hoàng Long JSC',
    'Số 18 phố Lý Thường Kiệt, Phường Phan Chu Trinh, Quận Hoàn Kiếm, Hà Nội', 1, 'Nguyễn Văn Hùng',
    15000000000.00, '2008-03-12', 'ACTIVE', clock_timestamp() - interval '30 days');

INSERT INTO enterprise
SELECT (ARRAY['01', '03', '04', '31', '37'])[1 + i % 5] || lpad((20000000 + i)::text, 8, '0'),
       (ARRAY['Công ty TNHH ', 'Công ty Cổ phần ', 'Doanh nghiệp tư nhân ', 'Hợp tác xã '])[1 + i % 4]
           || (ARRAY['Thương mại', 'Xây dựng', 'Dịch vụ', 'Công nghệ', 'Vận tải', 'Thực phẩm', 'Du lịch', 'Đầu tư'])[1 + i % 8] || ' '
           || (ARRAY['Hoàng Long', 'Phú Thịnh', 'Minh Anh', 'Sao Việt', 'Hồng Hà', 'Thành Đạt', 'An Phát', 'Đại Nam', 'Bình Minh', 'Trường Sơn'])[1 + (i / 8) % 10]
           || ' ' || i,
       CASE WHEN i % 3 = 0 THEN NULL ELSE 'DN' || i END,
       'Số ' || (i % 200 + 1) || ' đường '
           || (ARRAY['Lê Lợi', 'Trần Hưng Đạo', 'Nguyễn Huệ', 'Hai Bà Trưng', 'Lý Thường Kiệt', 'Điện Biên Phủ', 'Hùng Vương'])[1 + i % 7] || ', '
           || (ARRAY['Quận Hoàn Kiếm, Hà Nội', 'Quận 1, Thành phố Hồ Chí Minh', 'Quận Hải Châu, Đà Nẵng', 'Thành phố Huế, Thừa Thiên Huế',
                     'Thành phố Hải Phòng', 'Thành phố Cần Thơ'])[1 + i % 6],
       (ARRAY[1, 79, 48, 46, 31, 92])[1 + i % 6],
       (ARRAY['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi'])[1 + i % 8] || ' '
           || (ARRAY['Văn', 'Thị', 'Minh', 'Đức', 'Thu', 'Quốc'])[1 + i % 6] || ' '
           || (ARRAY['An', 'Bình', 'Cường', 'Dũng', 'Giang', 'Hạnh', 'Khánh', 'Linh', 'Phương', 'Tuấn'])[1 + i % 10],
       (i % 50 + 1) * 100000000.00,
       date '2005-01-01' + (i * 37 % 6500),
       CASE WHEN i % 97 = 0 THEN 'DISSOLVED' WHEN i % 29 = 0 THEN 'SUSPENDED' ELSE 'ACTIVE' END,
       clock_timestamp() - (i || ' minutes')::interval
FROM generate_series(1, 3000) AS i;
