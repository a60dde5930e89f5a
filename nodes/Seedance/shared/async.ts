import * as n8nWorkflow from 'n8n-workflow';

type SleepWithAbort = (ms: number, signal: AbortSignal) => Promise<void>;
type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/**
 * Wait without timers of our own, ending early when the user stops the execution.
 * Answers true when the full time passed, false when the execution was stopped.
 * n8n-workflow 1.x has `sleepWithAbort(ms, signal)`; 2.x removed it and `sleep` takes the signal.
 */
export async function pause(ms: number, signal?: AbortSignal): Promise<boolean> {
	if (signal?.aborted) return false;
	if (ms <= 0) return true;
	const withAbort = (n8nWorkflow as unknown as { sleepWithAbort?: SleepWithAbort }).sleepWithAbort;
	const sleeping =
		signal && typeof withAbort === 'function' ? withAbort(ms, signal) : (n8nWorkflow.sleep as Sleep)(ms, signal);
	return await sleeping.then(
		() => true,
		() => false,
	);
}

export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * A promise's outcome as a value. Our code decides on failures outside catch blocks; every error
 * still reaches n8n as NodeApiError / NodeOperationError, converted once, in the router.
 */
export async function settled<T>(promise: Promise<T>): Promise<Settled<T>> {
	return await promise.then(
		(value): Settled<T> => ({ ok: true, value }),
		(error: unknown): Settled<T> => ({ ok: false, error }),
	);
}
