package io.flowbatch.webhookreprocess;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorClassTest {

	@ParameterizedTest
	@CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
			Flow item not found                                                            | FLOW_ITEM_NOT_FOUND
			no flow item matches issue key s42-CHK-17                                      | FLOW_ITEM_NOT_FOUND
			timeout after 30000 ms while updating flow item s42-CHK-17                     | TRANSIENT
			could not serialize access due to concurrent update of flow item s42-CHK-17    | TRANSIENT
			database connection lost: terminating connection due to administrator command | TRANSIENT
			deadlock detected                                                              | TRANSIENT
			payload validation failed: missing field 'repository.full_name'                | PERMANENT
			unknown transition for s42-CHK-17: status 'Blocked' is not mapped to a stage   | PERMANENT
			NullPointerException in handler                                                | UNRECOGNISED
			NULL                                                                           | UNRECOGNISED
			""")
	void theErrorMessageSaysWhatReprocessingCanDo(String errorMessage, ErrorClass expected) {
		assertThat(ErrorClass.of(errorMessage)).isEqualTo(expected);
	}

}
