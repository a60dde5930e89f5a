/* eslint-disable -- test code, never shipped: n8n's rules do not apply; eslint.dev.config.mjs lints it (npm run lint) */
/** The process's side of "seen": turns per trigger node, and the pairs the store answered for. */
import { inTurn, isRemembered, MAX_REMEMBERED, remember, seenScope } from '../../../nodes/SeedanceTrigger/seen';

const tick = async () => await new Promise((resolve) => setImmediate(resolve));

describe('inTurn', () => {
	it('runs the calls of one scope one after another, in order, failures included', async () => {
		const scope = seenScope('wf-turns', 'node-1');
		const log: string[] = [];
		const job = (name: string, fail = false) => async () => {
			log.push(`${name} start`);
			await tick();
			await tick();
			log.push(`${name} end`);
			if (fail) throw new Error(name);
			return name;
		};
		const results = await Promise.allSettled([inTurn(scope, job('a')), inTurn(scope, job('b', true)), inTurn(scope, job('c'))]);
		expect(log).toEqual(['a start', 'a end', 'b start', 'b end', 'c start', 'c end']);
		expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
	});

	it('calls of other scopes (another node, another workflow) do not wait', async () => {
		const log: string[] = [];
		const slow = async () => {
			await tick();
			await tick();
			log.push('slow');
		};
		const quick = async () => {
			log.push('quick');
		};
		await Promise.all([inTurn(seenScope('wf', 'a'), slow), inTurn(seenScope('wf', 'b'), quick), inTurn(seenScope('wf2', 'a'), quick)]);
		expect(log).toEqual(['quick', 'quick', 'slow']);
	});
});

describe('remember', () => {
	it('is per scope', () => {
		remember(seenScope('wf-r', 'n1'), ['cgt-1:succeeded']);
		expect(isRemembered(seenScope('wf-r', 'n1'), 'cgt-1:succeeded')).toBe(true);
		expect(isRemembered(seenScope('wf-r', 'n1'), 'cgt-1:failed')).toBe(false);
		expect(isRemembered(seenScope('wf-r', 'n2'), 'cgt-1:succeeded')).toBe(false);
		expect(isRemembered(seenScope('wf-other', 'n1'), 'cgt-1:succeeded')).toBe(false);
	});

	it(`keeps the newest ${MAX_REMEMBERED}, like the store`, () => {
		const scope = seenScope('wf-cap', 'n');
		remember(scope, ['first', 'second']);
		remember(scope, Array.from({ length: MAX_REMEMBERED - 1 }, (_, i) => `k${i}`));
		remember(scope, ['first']); // answered again: now among the newest
		expect(isRemembered(scope, 'first')).toBe(true);
		expect(isRemembered(scope, 'second')).toBe(false);
		expect(isRemembered(scope, 'k0')).toBe(true);
	});
});
