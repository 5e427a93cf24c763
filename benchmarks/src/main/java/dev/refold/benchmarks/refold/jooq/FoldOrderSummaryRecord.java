package dev.refold.benchmarks.refold.jooq;

import org.jooq.Record1;
import org.jooq.impl.UpdatableRecordImpl;

import java.time.Instant;

/** One row of {@link FoldOrderSummary}, as jOOQ's generator would write it. */
public final class FoldOrderSummaryRecord extends UpdatableRecordImpl<FoldOrderSummaryRecord> {
    public FoldOrderSummaryRecord() {
        super(FoldOrderSummary.ORDER_SUMMARY);
    }

    public String getOrderId() {
        return (String) get(0);
    }

    public void setOrderId(String value) {
        set(0, value);
    }

    public String getCustomerId() {
        return (String) get(1);
    }

    public void setCustomerId(String value) {
        set(1, value);
    }

    public Integer getItems() {
        return (Integer) get(2);
    }

    public void setItems(Integer value) {
        set(2, value);
    }

    public Long getTotalCents() {
        return (Long) get(3);
    }

    public void setTotalCents(Long value) {
        set(3, value);
    }

    public Instant getPlacedAt() {
        return (Instant) get(4);
    }

    public void setPlacedAt(Instant value) {
        set(4, value);
    }

    public Instant getShippedAt() {
        return (Instant) get(5);
    }

    public void setShippedAt(Instant value) {
        set(5, value);
    }

    public String getStatus() {
        return (String) get(6);
    }

    public void setStatus(String value) {
        set(6, value);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Record1<String> key() {
        return (Record1<String>) super.key();
    }
}
