package io.opsplane.alerting.dispatch;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Alerts")
class GroupController {

    private final GroupStore groups;

    GroupController(GroupStore groups) {
        this.groups = groups;
    }

    @GetMapping("/api/alerts/groups")
    @Operation(summary = "Notification groups: per receiver and group labels, their alerts, what the receiver "
            + "was last told of each, and when the group is next looked at")
    List<GroupView> groups() {
        return groups.groups();
    }
}
