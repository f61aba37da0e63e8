package io.flowbatch.execution;

import org.springframework.batch.core.job.AbstractJob;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/** Gives every job the cross-cutting listeners, so no job configuration can forget one. */
@Component
class JobListenerRegistrar implements BeanPostProcessor {

	private final ObjectProvider<RunningExecutionLock> runningExecutionLock;

	JobListenerRegistrar(ObjectProvider<RunningExecutionLock> runningExecutionLock) {
		this.runningExecutionLock = runningExecutionLock;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof AbstractJob job) {
			job.registerJobExecutionListener(this.runningExecutionLock.getObject());
		}
		return bean;
	}

}
