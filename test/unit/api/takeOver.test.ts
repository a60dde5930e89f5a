/** The seed an execution's item sends, derived from who sends it; which of an earlier run's tasks is an item's. */
import fc from 'fast-check';

import { fingerprintOf } from '../../../nodes/Seedance/api/recovery';
import { chainTaskFor, identitySeed, type Lineage } from '../../../nodes/Seedance/api/takeOver';
import type { SeedanceTask } from '../../../nodes/Seedance/api/taskObject';

describe('identitySeed (retry adoption)', () => {
	it('is an integer in 0…2^31-1 for any identity, and the same for the same identity', () => {
		fc.assert(
			fc.property(fc.array(fc.oneof(fc.string(), fc.nat())), (parts) => {
				const seed = identitySeed(parts);
				return Number.isInteger(seed) && seed >= 0 && seed < 2 ** 31 && seed === identitySeed([...parts]);
			}),
		);
	});
	it('differs between neighbouring executions and items', () => {
		const seeds = new Set<number>();
		for (let e = 0; e < 100; e++) for (let i = 0; i < 100; i++) seeds.add(identitySeed(['i', 'w', String(e), 'n', i]));
		expect(seeds.size).toBe(10_000);
	});
	it('is the derivation earlier versions used: a take-over finds the tasks of runs they made', () => {
		expect(identitySeed(['seedance-recovery', 'instance-1', 'workflow-1', '1001', 'node-1', 0])).toBe(2108217743);
	});
});

describe('chainTaskFor', () => {
	const MODEL = 'doubao-seedance-2-0-260128';
	const print = fingerprintOf({ model: MODEL, content: [{ type: 'text', text: 'x' }], resolution: '720p', seed: 5 }, 5, 0);
	const task = (id: string, extra: Partial<SeedanceTask> = {}): SeedanceTask => ({ id, status: 'queued', model: MODEL, resolution: '720p', seed: 9, ...extra });
	const lineage = (byItem: Array<[number, SeedanceTask[]]>, extra: Partial<Lineage> = {}): Lineage => ({
		execution: '77',
		byItem: new Map(byItem.map(([item, tasks]) => [item, tasks.map((t) => ({ task: t, ownSeed: true }))])),
		unknown: [],
		complete: true,
		...extra,
	});

	it('takes the one task of the item that echoes its model and settings', () => {
		expect(chainTaskFor(lineage([[0, [task('a')]]]), 0, print)?.task.id).toBe('a');
	});
	it('leaves a task whose settings differ (the input changed): the item is created anew', () => {
		expect(chainTaskFor(lineage([[0, [task('a', { resolution: '1080p' })]]]), 0, print)).toBeUndefined();
	});
	it('never takes another item\'s task', () => {
		expect(chainTaskFor(lineage([[1, [task('a')]]]), 0, print)).toBeUndefined();
	});
	it.each([
		['two tasks that both fit', [task('a'), task('b')]],
		['a task without a resolution', [task('a', { resolution: undefined })]],
	])('%s: refused naming them, nothing created', (_name, tasks) => {
		expect(() => chainTaskFor(lineage([[0, tasks]]), 0, print)).toThrow(/Item 1: execution 77 had the tasks a/);
	});
	it('tasks that echo no seed could be any item\'s: named, nothing created', () => {
		const relay = lineage([], { unknown: [task('x', { seed: undefined }), task('y', { seed: undefined, model: 'other' })] });
		expect(() => chainTaskFor(relay, 0, print)).toThrow(/may be one of x \(they echo no seed/);
	});
	it('a list too long to read back 7 days: an item with nothing found is not created', () => {
		expect(() => chainTaskFor(lineage([], { complete: false }), 0, print)).toThrow(/holds more tasks than the node reads/);
	});
});
