/**
 * Time, as every wait of the node reads it: retries, the rate gate, the task list's pace, create
 * recovery and waiting for tasks. One seam, so tests can run the same code on virtual time: a
 * test clock changes how long a wait takes in real time, never what is decided.
 */
import { pause } from './async';

export interface Clock {
	now(): number;
	/** Waits `ms`; answers false when `signal` aborted first (the user stopped the execution). */
	sleep(ms: number, signal?: AbortSignal): Promise<boolean>;
	/**
	 * Told of each request to the outside world while it is under way: a test clock keeps still
	 * meanwhile, so a request takes no virtual time and no wait is skipped over it.
	 */
	track?<T>(work: Promise<T>): Promise<T>;
}

/** `work`, with the clock told it is under way. */
export async function underWay<T>(clock: Clock, work: Promise<T>): Promise<T> {
	return clock.track ? await clock.track(work) : await work;
}

export const realClock: Clock = { now: () => Date.now(), sleep: pause };

/** The clock an execution starts with. Tests swap `clock` for a virtual one; nothing else does. */
export const clockSeam: { clock: Clock } = { clock: realClock };
