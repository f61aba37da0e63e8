package io.flowbatch.dataquality;

import java.util.List;

/** What one rule found: how many rows break it and the ids of the first few. */
record RuleFinding(Rule rule, long count, List<String> sampleIds) {
}
