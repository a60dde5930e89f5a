import * as n8nWorkflow from 'n8n-workflow';

type SleepWithAbort = (ms: number, signal: AbortSignal) => Promise<void>;
type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** The longest delay a Node timer holds (about 24.8 days); a longer one fires at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Wait without timers of our own, ending early when the user stops the execution.
 * Answers true when the full time passed, false when the execution was stopped.
 * n8n-workflow 1.x has `sleepWithAbort(ms, signal)`; 2.x removed it and `sleep` takes the signal.
 * A wait longer than a timer holds goes in steps: the options' ranges keep waits far below that,
 * and nothing may turn a long wait into a loop that fires every millisecond.
 */
export async function pause(ms: number, signal?: AbortSignal): Promise<boolean> {
	if (signal?.aborted) return false;
	for (let left = ms; left > 0; left -= MAX_TIMER_MS) {
		if (!(await pauseOnce(Math.min(left, MAX_TIMER_MS), signal))) return false;
	}
	return true;
}

async function pauseOnce(ms: number, signal?: AbortSignal): Promise<boolean> {
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
