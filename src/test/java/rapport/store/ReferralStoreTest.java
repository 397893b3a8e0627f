package rapport.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import rapport.club.Consent;
import rapport.club.ReferralRules;
import rapport.club.Rewards;
import rapport.club.SignupRequest;
import rapport.club.ThrowawayDomains;
import rapport.config.RapportConfig;
import rapport.config.RapportConfig.Promotion;
import rapport.config.RapportConfig.StageConfig;
import rapport.customer.EmailAddresses;
import rapport.customer.ImportedCustomer;
import rapport.customer.TimelineEvent;
import rapport.feedback.StagePass;
import rapport.feedback.StageRules;
import rapport.selection.Dormancy;

/**
 * Friends who joined through an invitation, counted, held or let go by the stage pass's clock,
 * and the owner's yes or no on rewards and held referrals, on H2 and PostgreSQL.
 */
class ReferralStoreTest {
    private static final Instant JOINED = Instant.parse("2026-10-01T15:00:00Z");
    private static final ReferralRules RULES = new ReferralRules(14, ThrowawayDomains.shippedAnd(List.of("burner.example")),
            List.of(new RapportConfig.Reward(1, "thank-you"), new RapportConfig.Reward(3, "a-cleaning-for-two")));
    private static final Instant COUNTED = JOINED.plus(Duration.ofDays(15));

    @TempDir Path dir;

    private record Club(Database db, CustomerStore customers, SignupStore signups, ReferralStore rewards) {
        long customer(String email, String firstName, String stage) {
            customers.insert(List.of(new ImportedCustomer(2, EmailAddresses.key(email), email, firstName, null, stage,
                    LocalDate.parse("2026-01-10"), null, null, null)), stage, LocalDate.parse("2026-01-10"));
            return customers.findByEmail(email).orElseThrow().id();
        }

        /** A friend who asked through {@code inviter}'s invitation from {@code client} and confirmed a minute later. */
        void friend(long inviter, String email, String client) {
            var kept = signups.add(new SignupRequest(email, null, List.of(), new Consent(JOINED, client, "wording"), inviter));
            signups.confirm(kept.id(), JOINED.plusSeconds(60), JOINED.minus(Duration.ofDays(7)), "new", LocalDate.parse("2026-10-01"));
        }

        void sql(String sql, Object... params) {
            try (Connection c = db.connection(); PreparedStatement st = c.prepareStatement(sql)) {
                Jdbc.bind(st, params);
                st.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        List<String> events(long id, String type) {
            return customers.timeline(id).stream().filter(e -> e.type().equals(type)).map(TimelineEvent::detail).toList();
        }

        int referrals(long id) {
            try (Connection c = db.connection(); PreparedStatement st = c.prepareStatement("select referrals from customers where id = ?")) {
                st.setLong(1, id);
                try (var rs = st.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static Club club(Database db) {
        return new Club(db, new CustomerStore(db, Clock.fixed(JOINED, ZoneOffset.UTC)), new SignupStore(db), new ReferralStore(db));
    }

    @ParameterizedTest
    @MethodSource("rapport.store.TestDatabases#kinds")
    void realFriendsCountOnceTheyStayedAndMilestonesEarnRewardsThatWaitForTheOwner(TestDatabases.Kind kind) {
        try (TestDatabases.TestDb db = TestDatabases.open(kind, dir)) {
            Club club = club(db.database());
            long pat = club.customer("pat@example.com", "Pat", "partner");
            club.friend(pat, "lea@example.org", "203.0.113.1");
            club.friend(pat, "max@example.net", "203.0.113.2");
            club.friend(pat, "noor@example.com", "203.0.113.3");
            assertEquals("Pat", club.customers().findByEmail("lea@example.org").orElseThrow().circle().referredBy());

            assertEquals(Rewards.Tally.NONE, club.rewards().count(JOINED.plus(Duration.ofDays(13)), RULES), "not before 14 days");
            assertEquals(new Rewards.Tally(3, 0, 0, 2), club.rewards().count(COUNTED, RULES));
            assertEquals(Rewards.Tally.NONE, club.rewards().count(COUNTED.plusSeconds(5), RULES), "each friend counts once");

            assertEquals(3, club.referrals(pat));
            List<String> referrals = club.events(pat, "referral");
            assertEquals(3, referrals.size());
            assertTrue(referrals.get(0).contains("lea@example.org joined through your invitation and stayed 14 days: 1 friend counted"),
                    referrals.toString());
            List<Rewards.Entry> waiting = club.rewards().list();
            assertEquals(List.of(3, 1), waiting.stream().map(Rewards.Entry::at).toList(), "newest first");
            assertEquals(List.of("a-cleaning-for-two", "thank-you"), waiting.stream().map(Rewards.Entry::piece).toList());
            assertTrue(waiting.stream().allMatch(e -> e.state().equals("waiting") && e.email().equals("pat@example.com")));
            assertTrue(club.rewards().toSend().isEmpty(), "nothing goes before the owner says yes");
        }
    }

    @ParameterizedTest
    @MethodSource("rapport.store.TestDatabases#kinds")
    void doubtfulFriendsAreHeldWithTheirReasonAndThoseWhoLeftDoNotCount(TestDatabases.Kind kind) {
        try (TestDatabases.TestDb db = TestDatabases.open(kind, dir)) {
            Club club = club(db.database());
            long ana = club.customer("ana.silva@gmail.com", "Ana", "friend");
            club.friend(ana, "ana.silva+club@gmail.com", "198.51.100.1");
            club.friend(ana, "anasilva@googlemail.com", "198.51.100.2");
            club.friend(ana, "zed@mailinator.com", "198.51.100.3");
            club.friend(ana, "bo@mx.burner.example", "198.51.100.4");
            for (String friend : List.of("one@example.com", "two@example.com", "three@example.com")) {
                club.friend(ana, friend, "192.0.2.99");
            }
            club.friend(ana, "gone@example.com", "198.51.100.5");
            club.sql("update customers set status = 'unsubscribed' where email_key = ?", EmailAddresses.key("gone@example.com"));

            assertEquals(new Rewards.Tally(0, 7, 1, 0), club.rewards().count(COUNTED, RULES));
            assertEquals(0, club.referrals(ana), "nothing held counts by itself");
            Map<String, String> reasons = new java.util.HashMap<>();
            for (Rewards.Entry e : club.rewards().list()) {
                assertEquals("held", e.state());
                assertEquals(1, e.at(), "what it would make if it counted");
                assertEquals("thank-you", e.piece());
                reasons.put(e.reason().substring(0, e.reason().indexOf(':')), e.reason());
            }
            assertEquals(java.util.Set.of("self-invitation", "throwaway mailbox", "burst"), reasons.keySet());
            List<String> all = club.rewards().list().stream().map(Rewards.Entry::reason).toList();
            assertTrue(all.contains("self-invitation: ana.silva+club@gmail.com is a plus-alias of the inviter's own address"
                    + " (ana.silva@gmail.com)"), all.toString());
            assertTrue(all.contains("self-invitation: anasilva@googlemail.com is the inviter's own Gmail address written another way"
                    + " (ana.silva@gmail.com)"), all.toString());
            assertTrue(all.contains("burst: one of 3 signups from 192.0.2.99 within a day"), all.toString());
            assertTrue(all.stream().anyMatch(r -> r.startsWith("throwaway mailbox: bo@mx.burner.example")), all.toString());
        }
    }

    @ParameterizedTest
    @MethodSource("rapport.store.TestDatabases#kinds")
    void theOwnerLetsAHeldFriendCountDeclinesAnotherAndAnApprovedRewardIsSentOnce(TestDatabases.Kind kind) {
        try (TestDatabases.TestDb db = TestDatabases.open(kind, dir)) {
            Club club = club(db.database());
            long ana = club.customer("ana@example.com", "Ana", "friend");
            club.friend(ana, "ana+1@example.com", "198.51.100.1");
            club.friend(ana, "ana+2@example.com", "198.51.100.2");
            club.rewards().count(COUNTED, RULES);
            List<Rewards.Entry> held = club.rewards().list();
            Instant later = COUNTED.plus(Duration.ofDays(1));

            Rewards.Decision yes = club.rewards().approve(held.get(1).id(), later, RULES);
            Rewards.Entry approved = ((Rewards.Decision.Done) yes).entry();
            assertEquals("approved", approved.state());
            assertEquals("thank-you", approved.piece(), "counting it reached the first milestone");
            assertEquals(1, club.referrals(ana));
            assertTrue(club.events(ana, "referral").get(0).contains("counted on the owner's approval"), club.events(ana, "referral").toString());

            Rewards.Entry declined = ((Rewards.Decision.Done) club.rewards().decline(held.get(0).id(), later)).entry();
            assertEquals("declined", declined.state());
            assertEquals(1, club.referrals(ana), "a declined referral does not count");
            assertInstanceOf(Rewards.Decision.Refused.class, club.rewards().approve(held.get(0).id(), later, RULES));
            assertInstanceOf(Rewards.Decision.Refused.class, club.rewards().decline(approved.id(), later));
            assertInstanceOf(Rewards.Decision.Refused.class, club.rewards().approve(9_999, later, RULES));

            assertEquals(Map.of(ana, "thank-you"), club.rewards().toSend());
            assertEquals(0, club.rewards().settleSent(later), "not sent yet");
            // The send records the piece in the customer's history, as every note does.
            club.sql("insert into piece_history (customer_id, piece, last_sent_at, times) values (?, ?, ?, 1)", ana, "thank-you",
                    later.plus(Duration.ofDays(1)));
            assertEquals(Map.of(), club.rewards().toSend(), "once it went out, it is not sent again");
            assertEquals(1, club.rewards().settleSent(later));
            Rewards.Entry sent = club.rewards().list().stream().filter(e -> e.id() == approved.id()).findFirst().orElseThrow();
            assertEquals("sent", sent.state());
            assertEquals(later.plus(Duration.ofDays(1)), sent.sentAt());
        }
    }

    @ParameterizedTest
    @MethodSource("rapport.store.TestDatabases#kinds")
    void aStageRuleThatCountsReferralsMovesAFriendWhoBringsFriendsUpTheLadder(TestDatabases.Kind kind) {
        try (TestDatabases.TestDb db = TestDatabases.open(kind, dir)) {
            Club club = club(db.database());
            long sam = club.customer("sam@example.com", "Sam", "friend");
            club.friend(sam, "tia@example.org", "198.51.100.1");
            StageRules rules = new StageRules(List.of(new StageConfig("new", 3),
                    new StageConfig("friend", 14, Optional.of(new Promotion(0, 0, 0, 1, 180))), new StageConfig("partner", 14)),
                    new Dormancy(120, ZoneOffset.UTC));
            StagePass pass = new StagePass(new RelationshipStore(db.database()), rules, Clock.fixed(COUNTED, ZoneOffset.UTC),
                    StagePass.Expiring.NOTHING, now -> club.rewards().count(now, RULES));
            assertEquals(1, pass.run().promoted());
            assertEquals("partner", club.customers().findByEmail("sam@example.com").orElseThrow().stage());
            assertTrue(club.events(sam, "stage").contains("friend → partner: 1 friend brought within 180 days"),
                    club.events(sam, "stage").toString());
        }
    }
}
