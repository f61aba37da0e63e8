package io.flowbatch.console;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HtmlTest {

	@Test
	void textAndAttributeValuesAreEscaped() {
		String hostile = "<img src=x onerror=\"alert('x')\"> & more";

		String html = new Html().element("td", hostile, "title", hostile).toString();

		assertThat(html).isEqualTo("<td title=\"&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt; &amp; more\">"
				+ "&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt; &amp; more</td>");
	}

	@Test
	void aNullAttributeIsLeftOutAndNullTextIsEmpty() {
		assertThat(new Html().element("option", null, "value", "", "selected", null).toString())
			.isEqualTo("<option value=\"\"></option>");
	}

	@Test
	void urlsEncodeTheirValuesAndLeaveEmptyOnesOut() {
		Map<String, Object> query = new LinkedHashMap<>();
		query.put("job", "a&b c");
		query.put("status", "");
		query.put("limit", 5);

		assertThat(Html.url("/executions", query)).isEqualTo("/executions?job=a%26b+c&limit=5");
		assertThat(Html.url("/executions", Map.of("job", ""))).isEqualTo("/executions");
	}

}
