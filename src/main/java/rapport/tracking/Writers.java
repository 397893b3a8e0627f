package rapport.tracking;

/**
 * Waiting for a writer thread that records what the pages queued. Closing must not return before
 * the writer has recorded everything, even when the closing thread is interrupted; the interrupt
 * is kept for the caller. Stateless.
 */
final class Writers {
    private Writers() {}

    /** Waits until {@code writer} has ended; true when the waiting thread was interrupted meanwhile. */
    static boolean awaitEnd(Thread writer) {
        boolean interrupted = false;
        while (writer.isAlive()) {
            try {
                writer.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        return interrupted;
    }
}
