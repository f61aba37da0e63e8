package io.flowbatch.devtools.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Picks one of a few values with given relative weights (percentages, usually). */
final class Weighted<T> {

	private final List<T> values = new ArrayList<>();

	private final List<Integer> cumulativeWeights = new ArrayList<>();

	private int totalWeight;

	Weighted<T> add(T value, int weight) {
		this.totalWeight += weight;
		this.values.add(value);
		this.cumulativeWeights.add(this.totalWeight);
		return this;
	}

	T pick(SplittableRandom random) {
		int drawn = random.nextInt(this.totalWeight);
		for (int i = 0; i < this.values.size(); i++) {
			if (drawn < this.cumulativeWeights.get(i)) {
				return this.values.get(i);
			}
		}
		throw new IllegalStateException("unreachable: weights sum to " + this.totalWeight);
	}

}
