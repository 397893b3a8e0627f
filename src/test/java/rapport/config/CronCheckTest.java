package rapport.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CronCheckTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "0 0 9 ? * TUE", "0 */5 * * * ?", "0 0 12 * * ?", "0 15 10 ? * MON-FRI", "0 15 10 L * ?",
        "0 15 10 L-2 * ?", "0 15 10 15W * ?", "0 0 12 LW * ?", "0 15 10 ? * 6L", "0 15 10 ? * 6#3",
        "0 15 10 ? * FRI#2", "0 0/5 14,18 * * ?", "0 0-5 14 * * ?", "0 10,44 14 ? 3 WED", "0 0 9 ? jan-mar tue",
        "0 15 10 * * ? 2030", "0 15 10 * * ? 2030-2035", "0 0 22-2 ? * FRI-MON", "0 /10 * * * ?", "  0 0 9 ? * L  "
    })
    void quartzExpressionsAreAccepted(String expression) {
        assertEquals(expression.strip(), CronCheck.check(expression));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0 0 25 ? * TUE     | hour 25 is out of range (0-23)",
        "60 0 9 ? * TUE     | second 60 is out of range (0-59)",
        "0 0 9 0 * ?        | day-of-month 0 is out of range (1-31)",
        "0 0 9 ? 13 TUE     | month 13 is out of range (1-12 or JAN-DEC)",
        "0 0 9 ? JUNE TUE   | month \"JUNE\" is not a number or name (1-12 or JAN-DEC)",
        "0 0 9 ? * 8        | day-of-week 8 is out of range (1-7 or SUN-SAT)",
        "0 0 9 ? * TUE#6    | day-of-week \"TUE#6\": the week after # must be 1-5",
        "0 0/0 9 ? * TUE    | minute step 0 is out of range (1-59)",
        "0 0 9 ? * TUE 1960 | year 1960 is out of range (1970-2099)",
        "0 0 9 * * *        | one of day-of-month and day-of-week must be ?, e.g. \"0 0 9 ? * TUE\" or \"0 0 9 1 * ?\"",
        "0 0 9 ? * ?        | day-of-month and day-of-week cannot both be ?; put ? in only one of them",
        "0 ? 9 * * ?        | minute cannot be ?; only day-of-month and day-of-week can",
        "0 0 9 1,L * ?      | day-of-month \"1,L\": L and W are allowed only alone, as L, LW, L-n or nW",
        "0 0 9 ? * 1,,2     | day-of-week has an empty list item",
        "0 0 9 ? * x        | day-of-week \"X\" is not a number or name (1-7 or SUN-SAT)",
        "0 9 * * 2          | expected 6 or 7 fields (second minute hour day-of-month month day-of-week [year]), "
                + "got 5; Quartz cron starts with seconds, unlike Unix cron",
        "''                 | expected 6 or 7 fields (second minute hour day-of-month month day-of-week [year]), got 0",
    })
    void mistakesAreNamedByField(String expression, String reason) {
        InvalidValue e = assertThrows(InvalidValue.class, () -> CronCheck.check(expression));
        assertEquals("not a Quartz cron expression: " + reason, e.getMessage());
    }
}
