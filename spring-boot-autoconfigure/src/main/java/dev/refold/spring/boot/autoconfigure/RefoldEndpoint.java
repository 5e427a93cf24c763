package dev.refold.spring.boot.autoconfigure;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.refold.Refold;
import dev.refold.result.InfoResult;
import dev.refold.result.ProjectionInfo;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /actuator/refold}: the {@code info} table as JSON, one object per projection, and under {@code plan} what
 * migrate would do now ({@code PlanResult.toJson()}, the same fields as {@code -Drefold.outputType=json}).
 */
@Endpoint(id = "refold")
public class RefoldEndpoint {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Refold refold;

    public RefoldEndpoint(Refold refold) {
        this.refold = refold;
    }

    @ReadOperation
    public Map<String, Object> info() {
        InfoResult info = refold.info();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ProjectionInfo p : info.projections()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("projection", p.projection());
            row.put("version", p.declaredVersion());
            row.put("builtVersion", p.builtVersion());
            row.put("description", p.description());
            row.put("state", p.state().name());
            row.put("builtOn", p.builtOn() == null ? null : p.builtOn().toString());
            row.put("events", p.eventsApplied());
            row.put("position", p.position());
            row.put("lag", p.lag());
            row.put("failure", p.failure());
            rows.add(row);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("headPosition", info.headPosition());
        body.put("projections", rows);
        body.put("plan", plan());
        return body;
    }

    /** Through the engine's own JSON, so that the endpoint and the plugin's output cannot drift apart. */
    private Map<?, ?> plan() {
        try {
            return JSON.readValue(refold.plan().toJson(), Map.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot read Refold's plan as JSON: " + e.getMessage(), e);
        }
    }
}
