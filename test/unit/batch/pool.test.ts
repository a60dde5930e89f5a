/* eslint-disable -- test code, never shipped: n8n's rules do not apply; eslint.dev.config.mjs lints it (npm run lint) */
/** Bounded pools and the byte budget, in virtual time. */
import { byteBudget, forEachBounded, limiter } from '../../../nodes/Seedance/batch/pool';

const tick = async () => await new Promise((resolve) => setImmediate(resolve));

describe('forEachBounded', () => {
	it('never runs more than the limit, starts in index order, and stops starting once told', async () => {
		let running = 0;
		let most = 0;
		const started: number[] = [];
		await forEachBounded(20, 3, async (i) => {
			started.push(i);
			most = Math.max(most, ++running);
			await tick();
			running--;
		});
		expect(most).toBe(3);
		expect(started).toEqual(Array.from({ length: 20 }, (_, i) => i));

		const seen: number[] = [];
		let stop = false;
		await forEachBounded(20, 2, async (i) => {
			seen.push(i);
			if (i === 3) stop = true;
			await tick();
		}, () => stop);
		expect(seen).toEqual([0, 1, 2, 3]);
	});
});

describe('limiter and byteBudget', () => {
	it('limiter holds the rest back until one ends', async () => {
		const run = limiter(2);
		let running = 0;
		let most = 0;
		await Promise.all(Array.from({ length: 7 }, async () => await run(async () => { most = Math.max(most, ++running); await tick(); running--; })));
		expect(most).toBe(2);
	});

	it('byteBudget lets one holder through whatever its size, and holds the next until room is given back', async () => {
		const budget = byteBudget(100);
		await budget.take(500);
		let second = false;
		const waiting = budget.take(10).then(() => (second = true));
		await tick();
		expect(second).toBe(false);
		budget.give(500);
		await waiting;
		expect(budget.held).toBe(10);
	});
});
