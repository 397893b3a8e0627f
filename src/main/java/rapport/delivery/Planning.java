package rapport.delivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import rapport.customer.Customer;
import rapport.customer.CustomerRepository;
import rapport.customer.SendHistory;
import rapport.selection.Decision;
import rapport.selection.Due;

/**
 * The planning phase of a run: streams the audience in pages, decides each customer with the
 * same selection as {@code preview}, and writes a ledger row for every due customer (planned with
 * its piece, or skipped with the reason) before any message goes out. Resumable: the cursor moves
 * with each page in the same transaction. Not thread-safe; one per run.
 */
final class Planning {
    static final int PAGE = 1000;

    private final CustomerRepository customers;
    private final NextNote nextNote;

    Planning(CustomerRepository customers, NextNote nextNote) {
        this.customers = customers;
        this.nextNote = nextNote;
    }

    /** Plans into the ledger from the run's cursor on; returns once every customer is planned. */
    void intoLedger(Ledger ledger, Ledger.Run run, String process) {
        Map<String, Integer> notDue = new LinkedHashMap<>(run.notDue());
        customers.forEachPage(null, PAGE, run.planCursor(), page -> {
            List<Ledger.Planned> rows = new ArrayList<>();
            decide(page, run.asOf(), (customer, decision) -> {
                if (!decision.due().due()) {
                    notDue.merge(((Due.No) decision.due()).hold().label(), 1, Integer::sum);
                } else {
                    rows.add(new Ledger.Planned(customer.id(), decision.chosen().orElse(null), decision.skipReason().orElse(null)));
                }
            });
            ledger.writePlanned(run.id(), process, rows, page.get(page.size() - 1).id(), notDue);
        });
        ledger.planningDone(run.id());
    }

    interface Each {
        void accept(Customer customer, Decision decision);
    }

    void decide(List<Customer> page, Instant asOf, Each each) {
        Map<Long, SendHistory> histories = customers.histories(page.stream().map(Customer::id).toList(), nextNote.capWindowStart(asOf));
        for (Customer customer : page) {
            each.accept(customer, nextNote.decide(customer, histories.getOrDefault(customer.id(), SendHistory.EMPTY), asOf));
        }
    }
}
