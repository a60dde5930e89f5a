/** Create recovery: the seed it sends, which task is this item's, and how the list is looked through. */
import type { IDataObject } from 'n8n-workflow';

import { MODELS, takesSeed } from '../../../nodes/Seedance/request/models';
import { compareTask, fingerprintOf, lookForTask, randomSeed, recoveryTiming, withRecoverySeed, type Fingerprint } from '../../../nodes/Seedance/api/recovery';
import type { ApiSession } from '../../../nodes/Seedance/api/session';
import type { PageReader } from '../../../nodes/Seedance/api/taskList';
import type { SeedanceTask } from '../../../nodes/Seedance/api/taskObject';
import { retrying, type AttemptResult } from '../../../nodes/Seedance/http/retry';
import { buildCreateTaskBody, type CreateTaskBody } from '../../../nodes/Seedance/request/body';

const MODEL = 'doubao-seedance-1-0-lite-t2v-250428';
const body = (extra: Partial<CreateTaskBody> = {}): CreateTaskBody => ({
	model: MODEL,
	content: [{ type: 'text', text: 'a boat' }],
	resolution: '720p',
	...extra,
});

describe('the recovery seed', () => {
	it('is drawn uniformly from 0…2^31-1, the range every Seedance version accepts', () => {
		expect(randomSeed(() => 0)).toBe(0);
		expect(randomSeed(() => 0.999999999999)).toBe(2 ** 31 - 1);
		expect(randomSeed(() => 0.5)).toBe(2 ** 30);
	});

	it('is added to the body when the user left the seed to the API (unset or -1), never over a fixed one', () => {
		expect(withRecoverySeed(body(), 77, false)).toEqual({ body: { ...body(), seed: 77 }, seed: 77 });
		expect(withRecoverySeed(body({ seed: -1 }), 77, false)).toEqual({ body: body({ seed: 77 }), seed: 77 });
		expect(withRecoverySeed(body({ seed: 5 }), 77, false)).toEqual({ body: body({ seed: 5 }) });
		expect(withRecoverySeed(body(), undefined, false)).toEqual({ body: body() });
	});

	it('goes into the prompt as --seed in "prompt commands" mode, replacing --seed -1, never a fixed --seed', () => {
		const text = (t: string) => ({ model: MODEL, content: [{ type: 'text' as const, text: t }] });
		expect(withRecoverySeed(text('a boat --rs 720p'), 9, true).body.content[0]).toEqual({ type: 'text', text: 'a boat --rs 720p --seed 9' });
		expect(withRecoverySeed(text('a boat --seed -1 --wm true'), 9, true).body.content[0]).toEqual({
			type: 'text',
			text: 'a boat --seed 9 --wm true',
		});
		expect(withRecoverySeed(text('a boat --seed 12'), 9, true)).toEqual({ body: text('a boat --seed 12') });
		const imageOnly = { model: MODEL, content: [{ type: 'image_url' as const, image_url: { url: 'https://x/y.png' }, role: 'first_frame' as const }] };
		expect(withRecoverySeed(imageOnly, 9, true).body.content[0]).toEqual({ type: 'text', text: '--seed 9' });
	});

	it('leaves the pure builder alone: the documented body is built byte for byte as before', () => {
		const built = buildCreateTaskBody({ mode: 'text', model: MODEL, prompt: 'a boat', images: [], options: {} });
		expect(built).toEqual({ model: MODEL, content: [{ type: 'text', text: 'a boat' }] });
	});

	it('comes from the catalogue: every 1.x model takes it, no 2.x model does; unknown ids and endpoints get one', () => {
		for (const model of MODELS) expect(model.takesSeed).toBe(/^doubao-seedance-1-/.test(model.id));
		expect(takesSeed('dreamina-seedance-2-0-260128')).toBe(false);
		expect(takesSeed('seedance-1-0-pro-250528')).toBe(true);
		expect(takesSeed('ep-20250101-abcde')).toBe(true);
	});
});

describe('which task is ours', () => {
	const sentAtS = 1_800_000_000;
	const ours = fingerprintOf(body({ seed: 77, service_tier: 'default' }), 77, sentAtS);
	const task = (extra: Record<string, unknown> = {}) => ({
		id: 'cgt-x',
		status: 'queued',
		model: MODEL,
		created_at: sentAtS,
		seed: 77,
		resolution: '720p',
		service_tier: 'default',
		ratio: '16:9',
		...extra,
	});

	it.each([
		['the same seed, model and settings', {}, 'match'],
		['the BytePlus spelling of the model', { model: 'seedance-1-0-lite-t2v-250428' }, 'match'],
		['a server clock 60 s behind', { created_at: sentAtS - 60 }, 'match'],
		['another seed (an earlier run, another workflow)', { seed: 78 }, 'other'],
		['another model', { model: 'doubao-seedance-1-0-pro-250528' }, 'other'],
		['another resolution', { resolution: '1080p' }, 'other'],
		['created long before the create was sent', { created_at: sentAtS - 600 }, 'other'],
		['no seed (a relay dropped it)', { seed: undefined }, 'ambiguous'],
		['no model', { model: undefined }, 'ambiguous'],
		['no created_at', { created_at: undefined }, 'ambiguous'],
		['no resolution although we sent one', { resolution: undefined }, 'ambiguous'],
		['a resolution of null', { resolution: null }, 'ambiguous'],
		['an empty model', { model: '' }, 'ambiguous'],
		['created at the edge of the clock skew allowed', { created_at: sentAtS - 120 }, 'match'],
		['created a second before it', { created_at: sentAtS - 121 }, 'other'],
		['another service tier', { service_tier: 'flex' }, 'other'],
	])('%s: %s', (_name, extra, verdict) => {
		expect(compareTask(task(extra), ours, 120)).toBe(verdict);
	});

	it('skews by two minutes unless told otherwise', () => {
		expect(compareTask(task({ created_at: sentAtS - 120 }), ours)).toBe('match');
		expect(compareTask(task({ created_at: sentAtS - 121 }), ours)).toBe('other');
	});

	it('fingerprints what was sent and is echoed, leaving out what the API chooses (-1)', () => {
		const sent = body({ seed: 77, ratio: '16:9', duration: -1, frames: 121, generate_audio: false, draft: true, service_tier: 'flex', execution_expires_after: 3600 });
		expect(fingerprintOf(sent, 77, sentAtS)).toEqual({
			model: MODEL,
			seed: 77,
			fields: { seed: 77, resolution: '720p', ratio: '16:9', frames: 121, generate_audio: false, draft: true, service_tier: 'flex', execution_expires_after: 3600 },
			sentAtS,
		});
		// The task reports the duration the model chose: it matches.
		const print = fingerprintOf(body({ duration: -1, seed: 77 }), 77, sentAtS);
		expect(compareTask(task({ duration: 5 }), print, 120)).toBe('match');
	});

	it('with a seed the user fixed, or none, every candidate is ambiguous: nothing is unique', () => {
		const fixed = fingerprintOf(body({ seed: 5 }), undefined, sentAtS);
		expect(fixed.fields.seed).toBeUndefined();
		expect(compareTask(task({ seed: 5 }), fixed, 120)).toBe('ambiguous');
	});

	it('for an endpoint id, the model is not compared (tasks report the underlying model); the seed is', () => {
		const endpoint = fingerprintOf({ ...body(), model: 'ep-2025-abc' }, 77, sentAtS);
		expect(compareTask(task(), endpoint, 120)).toBe('match');
		expect(compareTask(task({ seed: 1 }), endpoint, 120)).toBe('other');
	});
});

describe('looking for the task in the list', () => {
	const SENT_AT_S = 1_800_000_000;
	const MODEL_ID = 'doubao-seedance-1-0-pro-250528';
	const print: Fingerprint = { model: MODEL_ID, seed: 4242, fields: { seed: 4242, resolution: '1080p' }, sentAtS: SENT_AT_S };
	const settings = { retries: 2, requestTimeoutMs: 1000 };
	let saved: typeof recoveryTiming;
	beforeEach(() => (saved = { ...recoveryTiming }));
	afterEach(() => Object.assign(recoveryTiming, saved));

	const ours: SeedanceTask = { id: 'cgt-ours', status: 'queued', model: MODEL_ID, created_at: SENT_AT_S + 1, seed: 4242, resolution: '1080p' };
	const foreign = (n: number, extra: Partial<SeedanceTask> = {}): SeedanceTask => ({ ...ours, id: `cgt-other-${n}`, seed: n, ...extra });

	/**
	 * A session whose task list is `pages(look, pageNum, query)` (look counted from 0), on a clock
	 * that each wait moves on; records the queries, the pages read and the waits.
	 */
	function listing(pages: (look: number, pageNum: number, query: IDataObject) => { items: SeedanceTask[]; total: number }) {
		let now = SENT_AT_S * 1000;
		let look = -1;
		const waits: number[] = [];
		const walks: Array<{ query: IDataObject; maxPages: number; pagesRead: number }> = [];
		const clock = {
			now: () => now,
			sleep: async (ms: number) => {
				waits.push(ms);
				now += ms;
				return true;
			},
		};
		const session = {
			http: {
				clock,
				retrying: async <T>(budget: { retries: number }, tryOnce: (tries: number) => Promise<AttemptResult<T>>) => await retrying({ ...budget, clock }, tryOnce),
			},
			taskList: {
				walk: async (query: IDataObject, walkSettings: unknown, maxPages: number, read: PageReader) => {
					expect(walkSettings).toBe(settings);
					look++;
					const walk = { query, maxPages, pagesRead: 0 };
					walks.push(walk);
					for (let pageNum = 1; pageNum <= maxPages; pageNum++) {
						walk.pagesRead++;
						if (read({ ...pages(look, pageNum, query), pageNum })) return;
					}
				},
			},
		} as unknown as ApiSession;
		return { session, waits, walks };
	}

	it('one look finds it: newest first, 100 a page, only as far back as the window', async () => {
		const { session, waits, walks } = listing(() => ({ items: [foreign(1), ours, foreign(2, { seed: undefined })], total: 3 }));
		const result = await lookForTask(session, print, settings);
		expect(result).toEqual({ matches: [ours], ambiguous: [foreign(2, { seed: undefined })], complete: true, lookedMs: 0 });
		expect(walks).toEqual([{ query: { page_size: 100 }, maxPages: 20, pagesRead: 1 }]);
		expect(waits).toEqual([]);
	});

	it('pages until the tasks are older than the window (two minutes of skew), each task counted once', async () => {
		Object.assign(recoveryTiming, { pageSize: 3 });
		const edge = SENT_AT_S - 120;
		const pages = [
			[foreign(1), foreign(2), foreign(3)],
			[foreign(4), ours, foreign(5, { created_at: edge })],
			[foreign(6), ours, foreign(7, { created_at: edge - 1, seed: undefined })],
			[foreign(8)],
		];
		const { session, walks } = listing((_look, pageNum) => ({ items: pages[pageNum - 1] ?? [], total: 99 }));
		const result = await lookForTask(session, print, settings);
		expect(result).toEqual({ matches: [ours], ambiguous: [], complete: true, lookedMs: 0 });
		expect(walks.map((w) => w.pagesRead)).toEqual([3]);
	});

	it('a short page, or an empty one, is the end of the list', async () => {
		Object.assign(recoveryTiming, { pageSize: 2, lookSpanMs: 0 });
		for (const [pages, read] of [
			[[[foreign(1), foreign(2)], [foreign(3)]], 2],
			[[[foreign(1), foreign(2)], []], 2],
			[[[]], 1],
		] as Array<[SeedanceTask[][], number]>) {
			const { session, walks } = listing((_look, pageNum) => {
				const items = pages[pageNum - 1];
				return { items, total: pages.flat().length };
			});
			expect(await lookForTask(session, print, settings)).toEqual({ matches: [], ambiguous: [], complete: true, lookedMs: 0 });
			expect(walks[0].pagesRead).toBe(read);
		}
	});

	it('a list longer than the pages it may read is not complete', async () => {
		Object.assign(recoveryTiming, { pageSize: 2, maxPages: 3, lookSpanMs: 0 });
		const { session, walks } = listing((_look, pageNum) => ({ items: [foreign(2 * pageNum), foreign(2 * pageNum + 1)], total: 1000 }));
		expect(await lookForTask(session, print, settings)).toEqual({ matches: [], ambiguous: [], complete: false, lookedMs: 0 });
		expect(walks[0]).toMatchObject({ maxPages: 3, pagesRead: 3 });
	});

	it('looks again every 5 s for a minute (the last wait cut to the minute) while nothing matches; a late task is found', async () => {
		Object.assign(recoveryTiming, { lookSpanMs: 12_000, lookEveryMs: 5_000 });
		const never = listing(() => ({ items: [foreign(1, { seed: undefined })], total: 1 }));
		expect(await lookForTask(never.session, print, settings)).toEqual({
			matches: [],
			ambiguous: [foreign(1, { seed: undefined })],
			complete: true,
			lookedMs: 12_000,
		});
		expect(never.waits).toEqual([5_000, 5_000, 2_000]);

		const late = listing((look) => ({ items: look < 2 ? [foreign(1)] : [ours, foreign(1)], total: look < 2 ? 1 : 2 }));
		expect(await lookForTask(late.session, print, settings)).toEqual({ matches: [ours], ambiguous: [], complete: true, lookedMs: 10_000 });
		expect(late.walks).toHaveLength(3);
	});

	it.each<[string, (pageNum: number) => { items: SeedanceTask[]; total: number }, string]>([
		['more tasks than a page holds', () => ({ items: [foreign(1), foreign(2), foreign(3)], total: 3 }), 'page_size'],
		['a short page while the total says more exist', (n) => ({ items: n === 1 ? [foreign(1), foreign(2)] : [foreign(3)], total: 4 }), 'page_size'],
		['the first page again as page 2', () => ({ items: [foreign(1), foreign(2)], total: 9 }), 'page_num'],
	])('a relay that ignores the query (%s) is reported at once, not looked at again', async (_name, page, ignoredQuery) => {
		Object.assign(recoveryTiming, { pageSize: 2 });
		const { session, walks, waits } = listing((_look, pageNum) => page(pageNum));
		expect(await lookForTask(session, print, settings)).toMatchObject({ complete: false, ignoredQuery, lookedMs: 0 });
		expect(walks).toHaveLength(1);
		expect(waits).toEqual([]);
	});

	it('asks the API to filter by service tier and endpoint, and notices a relay that does not', async () => {
		Object.assign(recoveryTiming, { lookSpanMs: 0 });
		const flex: Fingerprint = { ...print, model: 'ep-20250101-abcde', fields: { ...print.fields, service_tier: 'flex' } };
		const honest = listing(() => ({ items: [foreign(1, { service_tier: 'flex' }), foreign(2, { service_tier: undefined })], total: 2 }));
		const found = await lookForTask(honest.session, flex, settings);
		expect(found.complete).toBe(true);
		expect(found.ignoredQuery).toBeUndefined();
		expect(honest.walks[0].query).toEqual({ page_size: 100, 'filter.model': 'ep-20250101-abcde', 'filter.service_tier': 'flex' });

		const relay = listing(() => ({ items: [foreign(1, { service_tier: 'flex' }), foreign(2, { service_tier: 'default' })], total: 2 }));
		expect(await lookForTask(relay.session, flex, settings)).toMatchObject({ complete: false, ignoredQuery: 'filter.service_tier' });
	});

	it('a list that cannot be read fails the look', async () => {
		const { session } = listing(() => {
			throw new Error('Seedance had a server error (500)');
		});
		await expect(lookForTask(session, print, settings)).rejects.toThrow('Seedance had a server error (500)');
	});
});
