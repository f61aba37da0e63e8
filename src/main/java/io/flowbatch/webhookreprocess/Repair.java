package io.flowbatch.webhookreprocess;

import org.jspecify.annotations.Nullable;

/**
 * What to do with a repairable failed event: return it to pending, after creating its missing flow item when
 * {@code flowItem} is set.
 * @param teamId the team of the flow item to create, null with it
 */
record Repair(FailedEvent event, ErrorClass errorClass, @Nullable MissingFlowItem flowItem, @Nullable String teamId) {
}
