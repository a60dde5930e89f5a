/**
 * Pure: bounded concurrency without timers. n8n's HTTP Request node sends every item at once
 * (Promise.allSettled over all of them); we keep a bound, because each create is a paid task and
 * each body may hold tens of MB of images.
 */

/**
 * Runs `work(0…count-1)` with at most `limit` under way, starting them in index order. Once
 * `stopped()` answers true no new index starts; the ones under way are awaited. `work` must not
 * throw (callers record outcomes with `settled`).
 */
export async function forEachBounded(
	count: number,
	limit: number,
	work: (index: number) => Promise<void>,
	stopped: () => boolean = () => false,
): Promise<void> {
	let next = 0;
	const worker = async (): Promise<void> => {
		while (next < count && !stopped()) {
			const index = next++;
			await work(index);
		}
	};
	const workers = Math.max(1, Math.min(Math.floor(limit) || 1, count));
	await Promise.all(Array.from({ length: workers }, worker));
}

/** A semaphore: `run(job)` starts the job when fewer than `limit` run, else when one ends. */
export function limiter(limit: number): <T>(job: () => Promise<T>) => Promise<T> {
	let running = 0;
	const queue: Array<() => void> = [];
	const release = () => {
		running--;
		queue.shift()?.();
	};
	return async <T>(job: () => Promise<T>): Promise<T> => {
		if (running >= limit) await new Promise<void>((resolve) => queue.push(resolve));
		running++;
		try {
			return await job();
		} finally {
			release();
		}
	};
}

/**
 * A budget of bytes held at once (the bytes of requests with inline files). `take(n)` waits until
 * `n` more fit, except that one holder always fits, so a request larger than the budget still goes
 * (alone). Callers take the budget (the body's JSON size) BEFORE the connection writes the bytes,
 * under `building`, so no written request waits outside the budget.
 */
export function byteBudget(limitBytes: number) {
	let held = 0;
	let holders = 0;
	const waiting: Array<() => void> = [];
	const wake = () => {
		const next = waiting.shift();
		next?.();
	};
	return {
		get held() {
			return held;
		},
		async take(bytes: number): Promise<void> {
			while (holders > 0 && held + bytes > limitBytes) await new Promise<void>((resolve) => waiting.push(resolve));
			held += bytes;
			holders++;
		},
		give(bytes: number): void {
			held -= bytes;
			holders--;
			wake();
		},
	};
}
