package io.flowbatch.dataquality;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code flowbatch.data-quality.*}.
 * @param knownItemTypes the item types the teams use; any other {@code flow_items.item_type} is a finding
 * @param samples how many ids of the rows a rule found are kept with its count
 */
@ConfigurationProperties("flowbatch.data-quality")
public record DataQualityProperties(@DefaultValue({ "feature", "defect", "risk", "debt" }) List<String> knownItemTypes,
		@DefaultValue("10") int samples) {
}
