package dev.refold.it;

import dev.refold.it.readmodel.customers.tables.records.CustomerRecord;
import dev.refold.it.readmodel.orders.tables.records.OrderSummaryRecord;
import org.jooq.JSONB;
import org.jooq.TableField;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;

import static dev.refold.it.readmodel.customers.tables.Customer.CUSTOMER;
import static dev.refold.it.readmodel.orders.tables.OrderSummary.ORDER_SUMMARY;

/** Compiles only if the generated fields carry PostgreSQL's exact types, and the newest DDL version was used. */
public final class GeneratedTypes {
    static final TableField<CustomerRecord, UUID> ID = CUSTOMER.CUSTOMER_ID;
    static final TableField<CustomerRecord, String[]> TAGS = CUSTOMER.TAGS;
    static final TableField<CustomerRecord, JSONB> PROFILE = CUSTOMER.PROFILE;
    static final TableField<CustomerRecord, OffsetDateTime> CREATED_AT = CUSTOMER.CREATED_AT;
    static final TableField<OrderSummaryRecord, BigDecimal> TOTAL = ORDER_SUMMARY.TOTAL;
    static final TableField<OrderSummaryRecord, String> CURRENCY = ORDER_SUMMARY.CURRENCY;

    private GeneratedTypes() {
    }
}
