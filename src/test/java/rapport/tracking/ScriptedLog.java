package rapport.tracking;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import rapport.feedback.FeedbackLog;
import rapport.feedback.MessageRef;
import rapport.feedback.Signal;
import rapport.feedback.Subscription;

/**
 * The real store with a script in front of its writes: the next {@link #failuresLeft} writes
 * fail as a database restart would, {@link #beforeRecord} runs first (to hold a write up), and
 * every batch that went through is kept in {@link #recorded}. Thread-safe.
 */
class ScriptedLog implements FeedbackLog {
    final FeedbackLog store;
    final AtomicInteger failuresLeft = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    final List<List<Signal>> recorded = new CopyOnWriteArrayList<>();
    volatile Consumer<List<Signal>> beforeRecord = signals -> { };

    ScriptedLog(FeedbackLog store) {
        this.store = store;
    }

    @Override
    public void record(List<Signal> signals) {
        beforeRecord.accept(signals);
        if (failuresLeft.getAndDecrement() > 0) {
            failed.incrementAndGet();
            throw new IllegalStateException("the database is restarting");
        }
        store.record(signals);
        recorded.add(signals);
    }

    @Override
    public InboundRecording recordInbound(String inboundKey, String outcome, List<Signal> signals) {
        return store.recordInbound(inboundKey, outcome, signals);
    }

    @Override
    public Map<MessageRef, Instant> deliveredAt(Collection<MessageRef> messages) {
        return store.deliveredAt(messages);
    }

    @Override
    public Optional<MessageRef> sentMessage(String messageId) {
        return store.sentMessage(messageId);
    }

    @Override
    public Optional<Subscription> subscription(long customerId) {
        return store.subscription(customerId);
    }

    @Override
    public boolean restore(Subscription was, MessageRef message, Instant at, String detail) {
        return store.restore(was, message, at, detail);
    }
}
