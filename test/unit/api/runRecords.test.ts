/** The records a run keeps in n8n's deduplication store, over a stand-in with the store's semantics. */
import { indexFromBits, MAX_RECORDS, recordKeys, RunRecords, type DeduplicationHelpers } from '../../../nodes/Seedance/api/runRecords';

/** n8n's "entries" mode: a set of values; recording answers which were there; maxEntries drops the oldest. */
function memoryStore() {
	const entries: string[] = [];
	const calls: Array<{ kind: 'record' | 'remove'; items: string[]; maxEntries?: number }> = [];
	const store: DeduplicationHelpers = {
		async checkProcessedAndRecord(items, _scope, options) {
			calls.push({ kind: 'record', items, maxEntries: options.maxEntries });
			const fresh = items.filter((item) => !entries.includes(item));
			const processed = items.filter((item) => entries.includes(item));
			entries.push(...fresh);
			if (options.maxEntries) entries.splice(0, Math.max(0, entries.length - options.maxEntries));
			return { new: fresh, processed };
		},
		async removeProcessed(items) {
			calls.push({ kind: 'remove', items });
			for (const item of items) entries.splice(entries.indexOf(item), 1);
		},
	};
	return { store, entries, calls };
}

describe('RunRecords', () => {
	it('asks without leaving anything behind: what the question recorded is removed at once, and nothing old is pushed out', async () => {
		const { store, entries, calls } = memoryStore();
		entries.push('run:1');
		const records = new RunRecords(store);
		expect(await records.has(['run:1', 'via:1', 'ready:1'])).toEqual(new Set(['run:1']));
		expect(entries).toEqual(['run:1']);
		expect(calls.map((c) => c.kind)).toEqual(['record', 'remove']);
		expect(calls[0].maxEntries).toBeUndefined();
	});

	it('writes that wait together go as one; markers go again with every write; the row is capped', async () => {
		const { store, entries, calls } = memoryStore();
		const records = new RunRecords(store);
		await records.add(['run:7'], { markers: true });
		await Promise.all([records.add(['a']), records.add(['b']), records.add(['c'])]);
		expect(calls.map((c) => c.items)).toEqual([['run:7'], ['run:7', 'a', 'b', 'c']]);
		expect(calls.every((c) => c.maxEntries === MAX_RECORDS)).toBe(true);
		expect(entries.sort()).toEqual(['a', 'b', 'c', 'run:7']);
	});

	it('a marker another execution\'s write lost comes back with the next write', async () => {
		const { store, entries } = memoryStore();
		const records = new RunRecords(store);
		await records.add(['ready:7'], { markers: true });
		entries.length = 0; // a concurrent read-modify-write overwrote the row
		await records.add(['task:7:cgt-x']);
		expect(entries.sort()).toEqual(['ready:7', 'task:7:cgt-x']);
	});

	it('without the store (a context that has none), asking and writing throw', async () => {
		const records = new RunRecords(undefined);
		expect(records.available).toBe(false);
		await expect(records.has(['run:1'])).rejects.toThrow(/deduplication store is not available/);
	});
});

describe('an item index in membership-only records', () => {
	it.each([0, 1, 2, 5, 49, 1023, 123_456, 2 ** 31 - 1])('item %p is spelled by its set bits and read back', (item) => {
		const keys = recordKeys.itemTask('42', item, 'cgt-t');
		expect(keys[0]).toBe('task:42:cgt-t');
		expect(keys.length - 1).toBe(item.toString(2).split('').filter((b) => b === '1').length);
		expect(indexFromBits('42', 'cgt-t', new Set(keys))).toBe(item);
		// Another execution's or another task's bits never count.
		expect(indexFromBits('43', 'cgt-t', new Set(keys))).toBe(0);
		expect(indexFromBits('42', 'cgt-u', new Set(keys))).toBe(0);
	});
});
