package rapport.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.text.ParseException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;
import org.quartz.CronExpression;

class SlotsTest {
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private static CronExpression cron(String expression) throws ParseException {
        CronExpression cron = new CronExpression(expression);
        cron.setTimeZone(TimeZone.getTimeZone(NEW_YORK));
        return cron;
    }

    @Test
    void anOnTimeFireIsItsOwnSlot() throws ParseException {
        Instant tuesday = Instant.parse("2026-11-24T14:00:00Z");
        assertEquals(tuesday, Slots.latestAtOrBefore(cron("0 0 9 ? * TUE"), tuesday).orElseThrow());
    }

    @Test
    void aLateFireStandsForTheSlotItMissed() throws ParseException {
        Instant wednesdayNoon = Instant.parse("2026-11-25T17:00:12.345Z");
        assertEquals(Instant.parse("2026-11-24T14:00:00Z"),
                Slots.latestAtOrBefore(cron("0 0 9 ? * TUE"), wednesdayNoon).orElseThrow());
    }

    @Test
    void afterWeeksDownTheLatestMissedSlotIsTheOneSent() throws ParseException {
        Instant monday = Instant.parse("2026-12-14T15:00:00Z");
        assertEquals(Instant.parse("2026-12-08T14:00:00Z"),
                Slots.latestAtOrBefore(cron("0 0 9 ? * TUE"), monday).orElseThrow());
    }

    @Test
    void slotsAreReadInTheScheduleZoneAcrossTheClockChange() throws ParseException {
        // New York leaves daylight time on 2026-11-01: 9:00 is 13:00Z before and 14:00Z after.
        assertEquals(Instant.parse("2026-10-27T13:00:00Z"),
                Slots.latestAtOrBefore(cron("0 0 9 ? * TUE"), Instant.parse("2026-11-02T12:00:00Z")).orElseThrow());
    }

    @Test
    void aDenseScheduleIsFoundQuickly() throws ParseException {
        Instant at = Instant.parse("2026-11-25T17:00:12.345Z");
        assertEquals(Instant.parse("2026-11-25T17:00:12Z"), Slots.latestAtOrBefore(cron("* * * * * ?"), at).orElseThrow());
        // Every second of one hour a week, asked about days later: a bounded walk, not days of seconds.
        assertEquals(Instant.parse("2026-11-24T14:59:59Z"),
                Slots.latestAtOrBefore(cron("* * 9 ? * TUE"), at).orElseThrow());
    }
}
