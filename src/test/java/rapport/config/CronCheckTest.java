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
        "0 15 10 * * ? 2030", "0 15 10 * * ? 2030-2035", "0 0 22-2 ? * FRI-MON", "0 /10 * * * ?", "  0 0 9 ? * L  ",
        "0 0 9 1,L * ?", "0 0 9 ? * TUE 2020"
    })
    void quartzExpressionsAreAccepted(String expression) {
        assertEquals(expression.strip(), CronCheck.check(expression));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0 0 25 ? * TUE     | hour \"25\": Hour values must be between 0 and 23",
        "60 0 9 ? * TUE     | second \"60\": Minute and Second values must be between 0 and 59",
        "0 0 9 0 * ?        | day-of-month \"0\": Day of month values must be between 1 and 31",
        "0 0 9 ? 13 TUE     | month \"13\": Month values must be between 1 and 12",
        "0 0 9 ? JUNE TUE   | month \"JUNE\" is not a number or name (1-12 or JAN-DEC)",
        "0 0 9 ? * MON-FRIDAY | day-of-week \"FRIDAY\" is not a number or name (1-7 or SUN-SAT)",
        "0 0 NINE ? * TUE   | hour \"NINE\" is not a number",
        "0 0 9 ? * 8        | day-of-week \"8\": Day-of-Week values must be between 1 and 7",
        "0 0 9 ? * TUE#6    | 'day-of-week \"TUE#6\": A numeric value between 1 and 5 must follow the ''#'' option'",
        "0 0/x 9 ? * TUE    | minute \"0/x\": Illegal cron expression format",
        "0 0 9 ? * x        | day-of-week \"x\": Illegal cron expression format",
        "0 0 9 ? * TUE 1960 | no date matches it, so it never fires (a 31st of February, say, or a year before 1970)",
        "0 0 9 31 2 ?       | no date matches it, so it never fires (a 31st of February, say, or a year before 1970)",
        "0 0 9 * * *        | one of day-of-month and day-of-week must be ?, e.g. \"0 0 9 ? * TUE\" or \"0 0 9 1 * ?\"",
        "0 0 9 ? * ?        | day-of-month and day-of-week cannot both be ?; put ? in only one of them",
        "0 ? 9 * * ?        | minute \"?\": '?' can only be specified for Day-of-Month or Day-of-Week.",
        "0 9 * * 2          | expected 6 or 7 fields (second minute hour day-of-month month day-of-week [year]), "
                + "got 5; Quartz cron starts with seconds, unlike Unix cron",
        "''                 | expected 6 or 7 fields (second minute hour day-of-month month day-of-week [year]), got 0",
    })
    void mistakesAreNamedByField(String expression, String reason) {
        InvalidValue e = assertThrows(InvalidValue.class, () -> CronCheck.check(expression));
        assertEquals("not a Quartz cron expression: " + reason, e.getMessage());
    }
}
