package rapport.customer;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * One valid CSV row, cleaned: no field that can reach a mail header holds CR or LF.
 * Null means "the file does not say"; an update keeps what is stored.
 */
public record ImportedCustomer(
        int line,
        String emailKey,
        String email,
        String firstName,
        String lastName,
        String stage,
        LocalDate joinedAt,
        Instant lastContactAt,
        List<String> interests,
        Map<String, String> attributes) {}
