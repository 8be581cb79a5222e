package ai.crosslayer.command.signal.domain;

import java.time.Instant;

/**
 * What the signal made of one delivery try, the answer to {@code RecordSignalDeliveryCommand}: {@code recorded}
 * false when the signal was settled already (nothing recorded, the outbox row is no longer owed); for a recorded
 * failure, {@code nextTryAt} is when it is tried again, or {@code null} when it was given up.
 */
public record SignalTryRecorded(boolean recorded, Instant nextTryAt) {

    static final SignalTryRecorded SETTLED_ALREADY = new SignalTryRecorded(false, null);
}
