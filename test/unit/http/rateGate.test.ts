/* eslint-disable -- test code, never shipped: n8n's rules do not apply; eslint.dev.config.mjs lints it (npm run lint) */
/**
 * The rate gate's pacer in virtual time: a fake API with an RPM limit (sliding or fixed window),
 * creates sent a few at a time through the gate as the connection (http/connection.ts) sends them. Times here are the
 * virtual clock's: deterministic, not wall-clock timing.
 */
import { forEachBounded } from '../../../nodes/Seedance/batch/pool';
import { RateGate, type CreateTicket } from '../../../nodes/Seedance/http/rateGate';

const tick = async () => await new Promise((resolve) => setImmediate(resolve));

const flush = async () => {
	await new Promise((resolve) => setImmediate(resolve));
};

/** A virtual clock: sleeps end when the driver moves the clock to them, in time order. */
function virtualTime() {
	let clock = 0;
	const timers: Array<{ at: number; wake: (done: boolean) => void }> = [];
	const sleep = async (ms: number, signal?: AbortSignal) =>
		await new Promise<boolean>((resolve) => {
			if (signal?.aborted) return resolve(false);
			const onAbort = () => resolve(false);
			signal?.addEventListener('abort', onAbort, { once: true });
			timers.push({ at: clock + Math.max(0, ms), wake: (done) => { signal?.removeEventListener('abort', onAbort); resolve(done); } });
		});
	async function run<T>(work: Promise<T>): Promise<T> {
		let done = false;
		void work.then(
			() => (done = true),
			() => (done = true),
		);
		for (;;) {
			await flush();
			if (done) return await work;
			timers.sort((a, b) => a.at - b.at);
			const next = timers[0];
			if (!next) throw new Error('deadlock: nothing to wait for');
			clock = Math.max(clock, next.at);
			// Every timer due at this instant wakes in one step: they are simultaneous.
			while (timers.length && timers[0].at <= clock) timers.shift()!.wake(true);
		}
	}
	return { now: () => clock, sleep, run };
}

interface Limit {
	limit: number;
	windowMs: number;
	kind: 'sliding' | 'fixed';
	retryAfterS?: number;
}

/** Sends `n` creates, `concurrency` at a time, through the gate to an API with `limit`; latency one way. */
async function batch(n: number, concurrency: number, api: Limit, latencyMs = 20, fixedOffsetMs = 0, jitterMs = 0) {
	let r = 7;
	const random = () => ((r = (r * 16807) % 2147483647) / 2147483647); // deterministic
	const time = virtualTime();
	const gate = new RateGate(time.now, time.sleep);
	const admitted: number[] = [];
	const rejectedAt: number[] = [];
	let rejected = 0;
	const admit = (at: number) => {
		if (api.kind === 'sliding') {
			const inWindow = admitted.filter((t) => t > at - api.windowMs).length;
			if (inWindow >= api.limit) return false;
		} else {
			const start = Math.floor((at + fixedOffsetMs) / api.windowMs);
			const inWindow = admitted.filter((t) => Math.floor((t + fixedOffsetMs) / api.windowMs) === start).length;
			if (inWindow >= api.limit) return false;
		}
		admitted.push(at);
		return true;
	};
	const createOne = async () => {
		for (;;) {
			const passed = await gate.passCreate();
			if (passed.type !== 'go') throw new Error(passed.type);
			const ticket: CreateTicket = passed.ticket;
			await time.sleep(latencyMs + random() * jitterMs); // requests may overtake each other
			const ok = admit(time.now());
			await time.sleep(latencyMs);
			if (ok) return gate.answered(ticket);
			rejected++;
			rejectedAt.push(time.now());
			await time.sleep(gate.limited(ticket, api.retryAfterS === undefined ? undefined : api.retryAfterS * 1000));
		}
	};
	await time.run(forEachBounded(n, concurrency, createOne));
	// The floor: the limit's windows, back to back, from the first create.
	const floorMs = (Math.ceil(n / api.limit) - 1) * api.windowMs;
	return { created: admitted.length, rejected, rejectedAt, endMs: time.now(), floorMs };
}

/** How long a request takes on this machine, in ms: to build, on the wire (each way), to handle; and a stall before CPU work. */
interface Machine {
	buildMs: () => number;
	wireMs: () => number;
	handleMs: () => number;
	stallMs: () => number;
}

/** A machine whose every request costs the same. */
const steady = (buildMs: number, handleMs: number, wireMs: number): Machine => ({ buildMs: () => buildMs, handleMs: () => handleMs, wireMs: () => wireMs, stallMs: () => 0 });

/**
 * A busy machine, as real n8n on a shared box: each request costs a few ms of CPU to build and to
 * handle, the way to the API and back takes a few ms, and 1 % of them meet a stall of 50–350 ms
 * (a collection, another process), which delays every request behind it. Deterministic: a seeded
 * random source.
 */
function busy(seed: number): Machine {
	let r = seed * 7919 + 13;
	const random = () => ((r = (r * 16807) % 2147483647) / 2147483647);
	return {
		buildMs: () => 2 + random() * 6,
		wireMs: () => 1 + random() * 5,
		handleMs: () => 1 + random() * 4,
		stallMs: () => (random() < 0.01 ? 50 + random() * 300 : 0),
	};
}

/**
 * The same under load, as real n8n on a busy machine: one CPU builds each request before it leaves
 * and handles each answer, first come first served, so a create sent in a burst reaches the API
 * later than one sent alone (the delay grows with the requests in flight), and its answer comes
 * later too. The API counts arrivals.
 */
async function queuedBatch(n: number, concurrency: number, api: Limit, machine: Machine) {
	const time = virtualTime();
	const gate = new RateGate(time.now, time.sleep);
	const admitted: number[] = [];
	let rejected = 0;
	let cpuFreeAt = 0;
	const cpu = async (ms: number) => {
		cpuFreeAt = Math.max(cpuFreeAt, time.now()) + machine.stallMs() + ms;
		await time.sleep(cpuFreeAt - time.now());
	};
	const createOne = async () => {
		for (;;) {
			const passed = await gate.passCreate();
			if (passed.type !== 'go') throw new Error(passed.type);
			await cpu(machine.buildMs());
			await time.sleep(machine.wireMs());
			const at = time.now();
			const ok = admitted.filter((t) => t > at - api.windowMs).length < api.limit;
			if (ok) admitted.push(at);
			await time.sleep(machine.wireMs());
			await cpu(machine.handleMs());
			if (ok) return gate.answered(passed.ticket);
			rejected++;
			await time.sleep(gate.limited(passed.ticket, api.retryAfterS === undefined ? undefined : api.retryAfterS * 1000));
		}
	};
	await time.run(forEachBounded(n, concurrency, createOne));
	const floorMs = (Math.ceil(n / api.limit) - 1) * api.windowMs;
	// What no pacer can beat: the first window's creates take this long to arrive (the CPU).
	const firstWindowMs = admitted[api.limit - 1];
	// Each later window, from the arrivals of the one before: the time it waited past the window.
	const windows = [];
	for (let w = 1; w * api.limit < n; w++) {
		const gaps = admitted.slice(w * api.limit, (w + 1) * api.limit).map((t, i) => t - admitted[(w - 1) * api.limit + i]);
		windows.push(Math.min(...gaps) - api.windowMs);
	}
	// From the first create let through to the last: the part the gate schedules.
	const paced = (admitted[admitted.length - 1] - admitted[0]) / floorMs;
	return { created: admitted.length, rejected, endMs: time.now(), floorMs, firstWindowMs, lateMs: windows, paced };
}

describe('RateGate pacer (virtual time)', () => {
	it('never holds anything back while no 429 was seen', async () => {
		const result = await batch(500, 10, { limit: 10_000, windowMs: 60_000, kind: 'sliding' });
		expect(result).toMatchObject({ created: 500, rejected: 0 });
		expect(result.endMs).toBe(50 * 40); // 50 rounds of one round trip
	});

	// Learning the window costs up to one probe interval (1 s: Retry-After, or the probe cadence)
	// in the first window; later windows are paced within about 1 % of it.
	it('300 creates, 60 per 5 s sliding window, Retry-After: 1 — within 5 % of the floor plus one probe, few 429s', async () => {
		const result = await batch(300, 10, { limit: 60, windowMs: 5_000, kind: 'sliding', retryAfterS: 1 });
		expect(result.created).toBe(300);
		expect(result.endMs).toBeLessThanOrEqual(result.floorMs * 1.05 + 1_000);
		expect(result.rejected).toBeLessThanOrEqual(20); // 10 in flight when the limit is met, then one at a time
	});

	it('requests that overtake each other on the way (0–60 ms apart) are counted all the same', async () => {
		for (const retryAfterS of [1, undefined]) {
			const result = await batch(300, 10, { limit: 60, windowMs: 5_000, kind: 'sliding', retryAfterS }, 20, 0, 60);
			expect(result.created).toBe(300);
			expect(result.endMs).toBeLessThanOrEqual(result.floorMs * 1.05 + 1_000);
			expect(result.rejected).toBeLessThanOrEqual(25);
		}
	});

	// Measured on sends alone, the window came out up to a second long here (bursts arrive later
	// than lone probes): 1.11–1.13 × floor. Counted at the middle of each round trip and narrowed
	// from below, the windows after the first start within a few tens of ms of the limit's.
	it('under load (arrival delay grows with the requests in flight), with and without Retry-After: near the floor', async () => {
		for (const retryAfterS of [1, undefined]) {
			const api: Limit = { limit: 60, windowMs: 5_000, kind: 'sliding', retryAfterS };
			const light = await queuedBatch(300, 10, api, steady(6, 4, 20));
			expect(light.created).toBe(300);
			expect(light.endMs).toBeLessThanOrEqual(light.floorMs * 1.1);
			expect(light.rejected).toBeLessThanOrEqual(25);
			// The first window after learning waits for a probe (up to one probe interval, 1 s; here
			// the 5 s window is a round span, so the probe goes just after it); the windows after it are
			// narrowed a few early creates at a time (a quarter of the range per refusal), so they are
			// late by a step and the margin at first, then by the margin.
			expect(light.lateMs[0]).toBeLessThanOrEqual(200);
			for (const late of light.lateMs.slice(1)) expect(late).toBeLessThanOrEqual(200);
			expect(light.lateMs.at(-1)).toBeLessThanOrEqual(50);
			// Heavier: the first 60 creates take 1.1–1.8 s to arrive (no pacer can win that back);
			// the rest within 5 % of the floor plus one probe interval.
			for (const [buildMs, handleMs, wireMs] of [
				[15, 5, 20],
				[5, 15, 20],
				[25, 5, 10],
				[5, 25, 10],
			]) {
				const heavy = await queuedBatch(300, 10, api, steady(buildMs, handleMs, wireMs));
				expect(heavy.created).toBe(300);
				expect(heavy.endMs).toBeLessThanOrEqual(heavy.floorMs * 1.05 + heavy.firstWindowMs + 1_000);
				expect(heavy.rejected).toBeLessThanOrEqual(25);
			}
		}
	});

	// Generate's default: 100 in flight. The limit is unknown until the first 429: the first burst's
	// creates over it are refused, and so are those sent as its successes came back, before its 429s
	// did (about twice the requests in flight, all free: nothing is created). Then the same pace.
	it('300 creates at 100 in flight (the default): 429s only at the first wall, then paced near the floor', async () => {
		for (const retryAfterS of [1, undefined]) {
			const result = await batch(300, 100, { limit: 60, windowMs: 5_000, kind: 'sliding', retryAfterS });
			expect(result.created).toBe(300);
			expect(result.endMs).toBeLessThanOrEqual(result.floorMs * 1.05 + 1_000);
			expect(result.rejected).toBeLessThanOrEqual(2 * 100 + 20);
			const firstWall = result.rejectedAt.filter((at) => at <= 200);
			expect(result.rejected - firstWall.length).toBeLessThanOrEqual(20);
		}
	});

	// Measured before: under the same stalls, a refusal in turn was taken for a changed limit once a
	// second one came in the same window, and learning again counted the creates of a window the
	// stall had skewed: a limit of 38 or 41 instead of 60, never tested again, and 1.5 × the floor
	// (seeds 3 and 5 here; 1.34 × at the 90th percentile of 150 seeds, 1.54 at the worst). Now the
	// window grows to the refusals and narrows again (1.12 × at the 90th percentile, 1.15 at the worst).
	it('on a busy machine (stalls delay several creates at once), a refusal in turn stretches the window instead of learning a lower limit', async () => {
		for (let seed = 1; seed <= 6; seed++) {
			for (const retryAfterS of [1, undefined]) {
				const result = await queuedBatch(300, 100, { limit: 60, windowMs: 5_000, kind: 'sliding', retryAfterS }, busy(seed));
				expect(result.created).toBe(300);
				expect(result.paced).toBeLessThanOrEqual(1.2);
				expect(result.rejected).toBeLessThanOrEqual(2 * 100 + 40);
			}
		}
	}, 180_000); // 12 batches of 300: a minute and more on a loaded 2-core machine (virtual time; nothing here is timed)

	it('the same without Retry-After', async () => {
		const result = await batch(300, 10, { limit: 60, windowMs: 5_000, kind: 'sliding' });
		expect(result.created).toBe(300);
		expect(result.endMs).toBeLessThanOrEqual(result.floorMs * 1.05 + 1_000);
		expect(result.rejected).toBeLessThanOrEqual(20);
	});

	it.each([
		[12, 5, 30_000],
		[16, 4, 3_000],
		[40, 4, 3_000],
		[300, 60, 5_000],
	])('%d creates at %d per %d ms, no Retry-After: a few 429s per window once the limit is learned, never a burst', async (n, limit, windowMs) => {
		for (const concurrency of [10, 100]) {
			const result = await batch(n, concurrency, { limit, windowMs, kind: 'sliding' });
			expect(result.created).toBe(n);
			// Windows counted from the first 429 (the first wall): the first holds that wall and the
			// probes that learn the limit; each after it, only the creates sent early to narrow the window.
			const first = result.rejectedAt[0];
			const perWindow: number[] = [];
			for (const at of result.rejectedAt) {
				const w = Math.floor((at - first) / windowMs);
				perWindow[w] = (perWindow[w] ?? 0) + 1;
			}
			const afterLearning = Array.from(perWindow.slice(1), (count) => count ?? 0);
			expect(Math.max(0, ...afterLearning)).toBeLessThanOrEqual(3);
		}
	});

	it('a real 60 s window (600 RPM, 2400 creates, no Retry-After): near the floor, 429s do not multiply', async () => {
		const result = await batch(2400, 10, { limit: 600, windowMs: 60_000, kind: 'sliding' });
		expect(result.created).toBe(2400);
		expect(result.endMs).toBeLessThanOrEqual(result.floorMs * 1.1);
		expect(result.rejected).toBeLessThanOrEqual(40);
	});

	it('a fixed window (counts reset each minute) still ends, with 429s bounded', async () => {
		for (const offset of [0, 20_000, 45_000]) {
			const result = await batch(1500, 10, { limit: 300, windowMs: 60_000, kind: 'fixed' }, 20, offset);
			expect(result.created).toBe(1500);
			expect(result.endMs).toBeLessThanOrEqual(result.floorMs * 1.5 + 60_000);
			expect(result.rejected).toBeLessThanOrEqual(150);
		}
	});

	it('a limit lowered mid-run (another client on the account) is learned again', async () => {
		const time = virtualTime();
		const gate = new RateGate(time.now, time.sleep);
		const admitted: number[] = [];
		let rejected = 0;
		const limitAt = (t: number) => (t < 30_000 ? 60 : 30);
		const createOne = async () => {
			for (;;) {
				const passed = await gate.passCreate();
				if (passed.type !== 'go') throw new Error(passed.type);
				await time.sleep(10);
				const t = time.now();
				const ok = admitted.filter((a) => a > t - 5_000).length < limitAt(t);
				if (ok) admitted.push(t);
				await time.sleep(10);
				if (ok) return gate.answered(passed.ticket);
				rejected++;
				await time.sleep(gate.limited(passed.ticket));
			}
		};
		await time.run(forEachBounded(600, 10, createOne));
		expect(admitted).toHaveLength(600);
		// After 30 s: 30 per 5 s → the remaining creates need about (600 − created by 30 s) / 6 per s.
		const by30 = admitted.filter((t) => t < 30_000).length;
		const floorAfter = ((600 - by30) / 30 - 1) * 5_000;
		expect(time.now() - 30_000).toBeLessThanOrEqual(floorAfter * 1.3 + 10_000);
		expect(rejected).toBeLessThanOrEqual(80);
	});

	it('a limit that never lifts: every item ends within the Rate Limit Wait span, not one span after another', async () => {
		const time = virtualTime();
		const gate = new RateGate(time.now, time.sleep);
		const spanMs = 10_000;
		let rejected = 0;
		const ended: number[] = [];
		const createOne = async () => {
			const startedAt = time.now();
			let metLimit = false;
			for (;;) {
				// As http/connection.ts does: its own deadline once it met a 429, the learning's span always.
				const passed = await gate.passCreate(undefined, { deadline: metLimit ? startedAt + spanMs : undefined, startedAt, spanMs });
				if (passed.type !== 'go') return void ended.push(time.now());
				await time.sleep(20);
				rejected++;
				metLimit = true;
				await time.sleep(gate.limited(passed.ticket));
			}
		};
		await time.run(forEachBounded(50, 10, createOne));
		expect(ended).toHaveLength(50);
		expect(Math.max(...ended)).toBeLessThanOrEqual(spanMs + 2_000);
		expect(rejected).toBeLessThanOrEqual(10 + spanMs / 1_000 + 1); // the first wave, then one probe a second at most
	});

	it('Stop while waiting for the probe answers stopped; a wait past the deadline answers late', async () => {
		let clock = 0;
		const gate = new RateGate(
			() => clock,
			async () => true,
		);
		const first = await gate.passCreate();
		if (first.type !== 'go') throw new Error('expected go');
		expect(gate.limited(first.ticket, 2_000)).toBe(0); // the gate holds it back, not its own wait
		expect(await gate.passCreate(undefined, { deadline: clock + 1_000 })).toEqual({ type: 'late', waitMs: 2_000 });
		// A create that met no 429 itself: bound by the span from when the learning began.
		expect(await gate.passCreate(undefined, { startedAt: 0, spanMs: 1_500 })).toEqual({ type: 'late', waitMs: 2_000 });
		clock = 2_000;
		const probe = await gate.passCreate();
		expect(probe.type).toBe('go');
		const stop = new AbortController();
		const waiting = gate.passCreate(stop.signal); // waits for the probe's answer
		stop.abort();
		expect(await waiting).toEqual({ type: 'stopped' });
	});
});
describe('RateGate', () => {
	it('after a 429 closes it, every request waits at the gate until it opens; a shorter closure never shortens it', async () => {
		const time = virtualTime();
		const gate = new RateGate(time.now, time.sleep);
		expect(await gate.pass()).toBe(true); // open: no wait
		gate.close(1000);
		gate.close(300); // never shortens the closure
		const passedAt: number[] = [];
		const passing = [1, 2, 3].map(async () => {
			await gate.pass();
			passedAt.push(time.now());
		});
		await tick();
		expect(passedAt).toEqual([]); // all three wait
		await time.run(Promise.all(passing));
		expect(passedAt).toEqual([1000, 1000, 1000]);
	});

	it('Stop while waiting at the gate answers false', async () => {
		const gate = new RateGate(() => 0);
		gate.close(60_000);
		const stop = new AbortController();
		const passing = gate.pass(stop.signal);
		stop.abort();
		expect(await passing).toBe(false);
	});
});