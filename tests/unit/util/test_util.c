/* Unit tests for src/util: dates, CSV, buffers, UTF-8, hashing, maps. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "stratex/date.h"
#include "stratex/errors.h"
#include "util/buf.h"
#include "util/csv.h"
#include "util/error.h"
#include "util/sha256.h"
#include "util/strmap.h"
#include "util/utf8.h"

static void test_date_roundtrip(void **state)
{
    (void)state;
    sx_date d;
    char buf[11];
    assert_int_equal(sx_date_parse(&d, "1970-01-01"), 0);
    assert_int_equal(d, 0);
    assert_int_equal(sx_date_parse(&d, "2019-08-28"), 0);
    sx_date_format(buf, d);
    assert_string_equal(buf, "2019-08-28");
    sx_date next;
    assert_int_equal(sx_date_parse(&next, "2019-08-29"), 0);
    assert_int_equal(next - d, 1);
    assert_int_equal(sx_date_parse(&d, "2024-02-29"), 0);
}

static void test_date_rejects(void **state)
{
    (void)state;
    sx_date d;
    assert_int_equal(sx_date_parse(&d, "2019-02-29"), SX_EDATE);
    assert_int_equal(sx_date_parse(&d, "2019-13-01"), SX_EDATE);
    assert_int_equal(sx_date_parse(&d, "2019-7-4"), SX_EDATE);
    assert_int_equal(sx_date_parse(&d, "20190704"), SX_EDATE);
    assert_int_equal(sx_date_parse(&d, ""), SX_EDATE);
    assert_non_null(strstr(sx_errmsg(), "expected YYYY-MM-DD"));
}

static void test_csv_ofac_quirks(void **state)
{
    (void)state;
    const char data[] = "\xEF\xBB\xBF"
                        "1,\"A, B\",-0- \r\n"
                        "2,\"say \"\"hi\"\"\",x\r\n"
                        "3,\"multi\nline\",y\r\n\x1A";
    sx_csv c;
    sx_csv_init(&c, data, sizeof data - 1, "t.csv");
    assert_int_equal(sx_csv_next(&c), 1);
    assert_int_equal(c.nfields, 3);
    assert_string_equal(c.fields[1], "A, B");
    assert_int_equal(sx_csv_next(&c), 1);
    assert_string_equal(c.fields[1], "say \"hi\"");
    assert_int_equal(sx_csv_next(&c), 1);
    assert_string_equal(c.fields[1], "multi\nline");
    assert_int_equal(c.rec_line, 3);
    assert_int_equal(sx_csv_next(&c), 0);
    sx_csv_free(&c);
}

static void test_csv_errors_name_line(void **state)
{
    (void)state;
    const char data[] = "a,b\n1,\"open\n";
    sx_csv c;
    sx_csv_init(&c, data, sizeof data - 1, "bad.csv");
    assert_int_equal(sx_csv_next(&c), 1);
    assert_int_equal(sx_csv_next(&c), SX_EPARSE);
    assert_string_equal(sx_errmsg(), "bad.csv:2: unterminated quoted field");
    sx_csv_free(&c);
}

static void test_csv_writer_quotes(void **state)
{
    (void)state;
    sx_buf b = SX_BUF_INIT;
    assert_int_equal(sx_csv_put_field(&b, "plain"), 0);
    assert_int_equal(sx_buf_putc(&b, ','), 0);
    assert_int_equal(sx_csv_put_field(&b, "a,\"b\""), 0);
    assert_string_equal(b.ptr, "plain,\"a,\"\"b\"\"\"");
    sx_buf_free(&b);
}

static void test_buf_limit(void **state)
{
    (void)state;
    sx_buf b = SX_BUF_INIT;
    b.max = 8;
    assert_int_equal(sx_buf_puts(&b, "12345678"), 0);
    assert_int_equal(sx_buf_putc(&b, '9'), SX_ELIMIT);
    /* a failure is sticky (buf.h): the content is dropped, later appends fail, and the
     * buffer can never be taken for the whole string */
    assert_int_equal(sx_buf_status(&b), SX_ELIMIT);
    assert_int_equal(b.len, 0);
    assert_null(b.ptr);
    assert_int_equal(sx_buf_puts(&b, "1"), SX_ELIMIT);
    assert_int_equal(sx_buf_printf(&b, "%d", 2), SX_ELIMIT);
    assert_null(sx_buf_detach(&b));
    assert_int_equal(sx_buf_status(&b), 0); /* detach empties and forgets */
    assert_int_equal(sx_buf_puts(&b, "1234567"), 0);
    assert_int_equal(sx_buf_puts(&b, "89"), SX_ELIMIT);
    sx_buf_clear(&b); /* clear forgets too */
    assert_int_equal(sx_buf_status(&b), 0);
    assert_int_equal(sx_buf_puts(&b, "ok"), 0);
    assert_string_equal(b.ptr, "ok");
    sx_buf_free(&b);
}

static void test_utf8(void **state)
{
    (void)state;
    uint32_t cp;
    assert_int_equal(sx_utf8_decode("\xED\x95\x9C", 3, &cp), 3); /* 한 */
    assert_int_equal(cp, 0xD55C);
    assert_int_equal(sx_utf8_decode("\xC0\x80", 2, &cp), -1);     /* overlong */
    assert_int_equal(sx_utf8_decode("\xED\xA0\x80", 3, &cp), -1); /* surrogate */
    assert_int_equal(sx_utf8_decode("\xE3\x81", 2, &cp), -1);     /* truncated */
    char out[4];
    assert_int_equal(sx_utf8_encode(0x30AC, out), 3);
    assert_memory_equal(out, "\xE3\x82\xAC", 3);
}

/* Messages cut user input on character boundaries and never carry invalid UTF-8. */
static void test_utf8_cut_and_repair(void **state)
{
    (void)state;
    const char *ko = "\xED\x95\x9C\xEA\xB5\xAD"; /* 한국 */
    assert_int_equal(sx_utf8_prefix(ko, 6, 4), 3);  /* not inside 국 */
    assert_int_equal(sx_utf8_prefix(ko, 6, 2), 0);
    assert_int_equal(sx_utf8_prefix(ko, 6, 6), 6);
    assert_int_equal(sx_utf8_prefix("abc", 3, 2), 2);
    char s[] = "a\xFF\xED\x95" "b";
    assert_int_equal(sx_utf8_repair(s), 3);
    assert_string_equal(s, "a???b");
    sx_error_set(SX_EINVAL, "unknown country \"%.4s\"", ko);
    assert_true(sx_utf8_valid(sx_errmsg(), strlen(sx_errmsg())));
    assert_string_equal(sx_errmsg(), "unknown country \"\xED\x95\x9C?\"");
    /* Context added before the message the error already holds. */
    sx_error_set(SX_EINVAL, "the name has no letters");
    sx_error_set(SX_EINVAL, "%s:%d: party %s: %s", "reg.csv", 5650, "S1", sx_errmsg());
    assert_string_equal(sx_errmsg(), "reg.csv:5650: party S1: the name has no letters");
}

static void test_sha256(void **state)
{
    (void)state;
    char hex[SX_SHA256_HEX];
    assert_int_equal(sx_sha256_hex(hex, "abc", 3), 0);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void test_strmap(void **state)
{
    (void)state;
    sx_strmap m = SX_STRMAP_INIT;
    static const char *keys[] = {"JP", "KR", "US", "EU", "CN", "RU", "BY", "KP", "IR"};
    for (size_t i = 0; i < 9; i++)
        assert_int_equal(sx_strmap_put(&m, keys[i], (void *)keys[i]), 0);
    for (size_t i = 0; i < 9; i++)
        assert_ptr_equal(sx_strmap_get(&m, keys[i]), keys[i]);
    assert_null(sx_strmap_get(&m, "XX"));
    assert_ptr_equal(sx_strmap_getn(&m, "KRX", 2), keys[1]);
    sx_strmap_free(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_date_roundtrip),  cmocka_unit_test(test_date_rejects),
        cmocka_unit_test(test_csv_ofac_quirks), cmocka_unit_test(test_csv_errors_name_line),
        cmocka_unit_test(test_csv_writer_quotes), cmocka_unit_test(test_buf_limit),
        cmocka_unit_test(test_utf8), cmocka_unit_test(test_utf8_cut_and_repair),            cmocka_unit_test(test_sha256),
        cmocka_unit_test(test_strmap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
