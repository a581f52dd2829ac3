package fintrans.detector.rules;

/**
 * Windowed totals per {@code long} key, with the "above the limit" flag each rule uses to alert once per
 * crossing. Transfers count while their event time is inside {@code (now - window, now]}; a key whose
 * transfers have all left the window is removed, so memory is bounded by the transfers inside the window.
 * With an unbounded window only the running total and count are kept, as in the original demo.
 *
 * <p>A key's state is a record in a {@link RecordTable}, and its transfers are nodes in a
 * {@link TransferRing} in the order they were applied, chained per key from the oldest to the newest.
 * The ring is also the expiry queue: {@link #expire} takes nodes from its oldest end while their time is
 * at or before the window's start, and evicts the transfers of each node's key that left the window.
 * A node whose transfer was evicted earlier (when its key got a later transfer, or together with an
 * older transfer of its key) stays in the ring until its turn. A removed key's record therefore stays allocated, out of the index, until the ring has passed
 * its last node, so that every node can still name its key.
 *
 * <p>While the ring is in time order, the chains are not needed and not kept: each node that leaves
 * the ring is then the oldest transfer of its key, and the transfers of a key that left the window are
 * all at the ring's oldest end, so removing one node at a time leaves the same state after each
 * {@link #expire} as evicting per key. This saves a random memory access per transfer. The first
 * transfer out of time order, a total capped at {@code Long.MAX_VALUE}, or an add that was not preceded
 * by the expiry of its window builds the chains from the ring in one pass; they are dropped again once
 * an expiry leaves the ring in time order.
 *
 * <p>Not thread-safe: the detector thread owns it.
 */
final class KeyedWindows {
    /** Decides whether a key's total and count are above the rule's limit. */
    @FunctionalInterface
    interface Condition {
        boolean isAbove(long totalCents, int count);
    }

    /** Receives a key when its record is created and when the record is freed. */
    interface KeyListener {
        void created(long key);

        void freed(long key);
    }

    private static final int ABOVE = 1;
    /** Set on a record while {@link #chainNodes} has seen one of its nodes. */
    private static final int CHAINED = 2;

    private final long windowMillis;
    private final Condition condition;
    private final KeyListener listener;
    private final RecordTable records = new RecordTable();
    private final TransferRing ring = new TransferRing();
    private long transfers;
    /** The cutoff of the last {@link #expire}: the ring's nodes before its first later node are gone. */
    private long expiredUpTo = Long.MIN_VALUE;
    /** The latest event time appended to the ring. */
    private long latestAppended = Long.MIN_VALUE;
    /** The id of the last node appended with a time before {@link #latestAppended}, valid while {@link #outOfOrder}. */
    private int lastOutOfOrderNode;
    /** True while the ring contains a node appended with an earlier time than a node before it. */
    private boolean outOfOrder;
    /** True while each key's nodes are chained and every record's first node is kept. */
    private boolean chained;

    /** @param windowMillis the window length, {@code Long.MAX_VALUE} for unbounded */
    KeyedWindows(long windowMillis, Condition condition, KeyListener listener) {
        this.windowMillis = windowMillis;
        this.condition = condition;
        this.listener = listener;
    }

    /**
     * Adds a transfer at event time {@code time} to {@code key}, after removing the key's transfers that
     * are no longer inside the window ending at {@code time}.
     *
     * @return the key's record, whose {@link #wasAbove} flag is still the state before this transfer
     */
    int add(long key, long time, long cents) {
        int record = records.find(key);
        if (record == RecordTable.ABSENT) {
            record = records.insert(key);
            listener.created(key);
        }
        if (windowMillis == Long.MAX_VALUE) {
            records.setTotal(record, saturatingAdd(records.total(record), cents));
            records.setCountAndFlags(record, records.count(record) + 1, records.flags(record));
            transfers++;
            return record;
        }

        // With the ring in time order, every node left after the last expiry is later than its cutoff, so
        // an add at or before that cutoff has nothing to evict, and the miss on the key's oldest node is saved.
        long cutoff = cutoff(time);
        if (!chained && (time < latestAppended || cutoff > expiredUpTo)) {
            chainNodes();
        }
        if (chained && (outOfOrder || cutoff > expiredUpTo)) {
            evict(record, cutoff);
        }
        int node = ring.append(time, cents, record);
        if (time < latestAppended) {
            outOfOrder = true;
            lastOutOfOrderNode = node;
        } else {
            latestAppended = time;
        }
        int count = records.count(record);
        if (count == 0) {
            records.setNodes(record, node, node);
        } else {
            if (chained) {
                ring.setNext(records.lastNode(record), node);
            }
            records.setNodes(record, records.firstNode(record), node);
        }
        records.setCountAndFlags(record, count + 1, records.flags(record));
        records.setTotal(record, saturatingAdd(records.total(record), cents));
        transfers++;
        return record;
    }

    /** Returns whether {@code record}'s current total and count are above the limit. */
    boolean isAbove(int record) {
        return condition.isAbove(records.total(record), records.count(record));
    }

    /** Returns the flag that is true while the key's total is above the limit, so that the crossing was alerted. */
    boolean wasAbove(int record) {
        return (records.flags(record) & ABOVE) != 0;
    }

    void setAbove(int record, boolean above) {
        int flags = records.flags(record);
        records.setCountAndFlags(record, records.count(record), above ? flags | ABOVE : flags & ~ABOVE);
    }

    long totalCents(int record) {
        return records.total(record);
    }

    int count(int record) {
        return records.count(record);
    }

    /**
     * Removes the transfers that left the window ending at {@code watermark}, the latest event time seen,
     * and the keys left without transfers. A key that falls back to the limit or below can alert again.
     */
    void expire(long watermark) {
        if (windowMillis == Long.MAX_VALUE) {
            return;
        }
        long cutoff = cutoff(watermark);
        expiredUpTo = Math.max(expiredUpTo, cutoff);
        while (!ring.isEmpty() && ring.timeMillis(ring.oldest()) <= cutoff) {
            int node = ring.oldest();
            int nodeRecord = ring.record(node);
            if (!chained && records.total(nodeRecord) == Long.MAX_VALUE) {
                // A capped total is summed again from the key's remaining transfers, which needs the chain.
                chainNodes();
            }
            if (!chained) {
                removeOldestOfKey(node, nodeRecord);
                ring.removeOldest();
                continue;
            }

            // The node's key may have been removed and added again since; the current record counts.
            int record = records.count(nodeRecord) > 0 ? nodeRecord : records.find(records.key(nodeRecord));
            if (record != RecordTable.ABSENT) {
                evict(record, cutoff);
                if (records.count(record) == 0) {
                    records.unindex(record);
                } else if (!isAbove(record)) {
                    setAbove(record, false);
                }
            }
            if (records.count(nodeRecord) == 0 && records.lastNode(nodeRecord) == node) {
                long key = records.key(nodeRecord);
                records.free(nodeRecord);
                listener.freed(key);
            }
            // Removed only now: the node is still read above when it is the oldest of its key.
            ring.removeOldest();
            if (outOfOrder && node == lastOutOfOrderNode) {
                // Every node appended after the last out-of-order one came in time order.
                outOfOrder = false;
            }
        }
        if (chained && !outOfOrder) {
            // The ring is in time order and contains no node at or before the cutoff, so no node in it was
            // evicted early and no removed key waits for its nodes: one node at a time is exact again.
            chained = false;
        }
    }

    /**
     * Removes the transfer of {@code node}, the ring's oldest node and, with the ring in time order, the
     * oldest transfer of its key, and removes the key when it has no transfer left.
     */
    private void removeOldestOfKey(int node, int record) {
        int count = records.count(record) - 1;
        transfers--;
        if (count == 0) {
            long key = records.key(record);
            records.setTotal(record, 0);
            records.setCountAndFlags(record, 0, records.flags(record));
            records.unindex(record);
            records.free(record);
            listener.freed(key);
            return;
        }
        records.setTotal(record, records.total(record) - ring.cents(node));
        records.setCountAndFlags(record, count, records.flags(record));
        if (!isAbove(record)) {
            setAbove(record, false);
        }
    }

    /**
     * Chains the nodes of each key in ring order and sets every record's first and last node.
     *
     * <p>NOTE: this is one pass over every node held, with a random record access per node, so the
     * detector thread pauses for a time that grows with the transfers in the window.
     */
    private void chainNodes() {
        chained = true;
        int size = ring.size();
        int node = ring.oldest();
        for (int i = 0; i < size; i++, node++) {
            int record = ring.record(node);
            int flags = records.flags(record);
            if ((flags & CHAINED) == 0) {
                records.setCountAndFlags(record, records.count(record), flags | CHAINED);
                records.setNodes(record, node, node);
            } else {
                ring.setNext(records.lastNode(record), node);
                records.setNodes(record, records.firstNode(record), node);
            }
        }

        node = ring.oldest();
        for (int i = 0; i < size; i++, node++) {
            int record = ring.record(node);
            records.setCountAndFlags(record, records.count(record), records.flags(record) & ~CHAINED);
        }
    }

    /** Returns the exclusive start of the window that ends at {@code time}. */
    long cutoff(long time) {
        return windowMillis == Long.MAX_VALUE ? Long.MIN_VALUE : time - windowMillis;
    }

    /** Returns the record of {@code key}, or {@link RecordTable#ABSENT} when the key has no transfers in the window. */
    int find(long key) {
        return records.find(key);
    }

    /** Keys with at least one transfer in the window. */
    int keys() {
        return records.indexed();
    }

    /** Transfers inside the window over all keys. */
    long transfers() {
        return transfers;
    }

    /** Records allocated, including removed keys whose nodes are still in the ring. */
    int recordsInUse() {
        return records.inUse();
    }

    /** Nodes in the ring, including those of transfers already evicted. */
    int nodes() {
        return ring.size();
    }

    /**
     * Removes the oldest transfers of {@code record} while their time is at or before {@code cutoff}. Keys
     * receive transfers in event-time order (the detector's merge provides it), so they leave from the
     * oldest end. A total that reached {@code Long.MAX_VALUE} may have been capped, so it is summed again
     * from the remaining transfers.
     */
    private void evict(int record, long cutoff) {
        int count = records.count(record);
        if (count == 0) {
            return;
        }
        long total = records.total(record);
        boolean saturated = total == Long.MAX_VALUE;
        int node = records.firstNode(record);

        int evicted = 0;
        while (evicted < count && ring.timeMillis(node) <= cutoff) {
            total -= ring.cents(node);
            evicted++;
            if (evicted < count) {
                node = ring.next(node);
            }
        }
        if (evicted == 0) {
            return;
        }

        int remaining = count - evicted;
        if (saturated) {
            total = 0;
            int sumNode = node;
            for (int i = 0; i < remaining; i++) {
                total = saturatingAdd(total, ring.cents(sumNode));
                sumNode = ring.next(sumNode);
            }
        }

        records.setTotal(record, remaining == 0 ? 0 : total);
        records.setNodes(record, node, records.lastNode(record));
        records.setCountAndFlags(record, remaining, records.flags(record));
        transfers -= evicted;
    }

    private static long saturatingAdd(long total, long cents) {
        long sum = total + cents;
        return sum < total ? Long.MAX_VALUE : sum;
    }
}
