/**
 * A lost create answer on Seedance 2.x ends as on 1.x: the node sends a recovery seed, the 2.x
 * task object echoes it, and the item takes its own task (and only its own), in seconds when the
 * task is already listed. Over the simulator, through n8n's real execution path, with 1 and 50
 * items in flight, with and without Continue On Fail; server clocks minutes off; a relay that
 * drops the seed; drafts, finals, edit, extend and multimodal references; models typed By ID.
 */
import { recoveryTiming } from '../../nodes/Seedance/api/recovery';
import { listTiming } from '../../nodes/Seedance/api/taskList';
import { shutdownHarness, type RunResult } from '../harness';
import type { FaultSpec } from '../simulator';
import { createRequests, expectNothingLost, model, useSimulator } from './setup';

const env = useSimulator({ queuedPolls: 0, runningPolls: 0 });
afterAll(async () => await shutdownHarness());
jest.setTimeout(60_000);

const V10 = 'doubao-seedance-1-0-pro-250528';
const V20 = 'doubao-seedance-2-0-260128';
const V20_FAST = 'doubao-seedance-2-0-fast-260128';
const V25 = 'doubao-seedance-2-5-260628';
const OPTIONS = { retries: 2 };

const itemsOf = (n: number) => Array.from({ length: n }, (_, i) => ({ json: { i } }));
const promptOf = (id: unknown) => env.sim.taskInfo(String(id))?.prompt;

function textParams(modelId: string, overrides: Record<string, unknown> = {}) {
	return {
		resource: 'video',
		operation: 'generateFromText',
		model: model(modelId),
		prompt: '={{ "item " + $json.i }}',
		options: OPTIONS,
		...overrides,
	};
}

/** The error as the user sees it: the node's error, or the first Continue On Fail item. */
function errorText(result: RunResult): string {
	if (result.error) return `${result.error.message}\n${(result.error as { description?: string }).description ?? ''}`;
	const failed = result.items.find((i) => i.json.error !== undefined)?.json ?? {};
	return failed.error === undefined ? '' : `${String(failed.error)}\n${String(failed.description ?? '')}`;
}

const seedOf = (n = 0) => (createRequests(env.sim)[n].body as { seed?: number }).seed;

/** Faults where the create's answer is lost after the task was (or will be) made. */
const LOST: Array<[string, Exclude<FaultSpec, { kind: 'rpm' | 'ipm' }>]> = [
	['a gateway 504 page, the task committed 2.5 s later', { route: 'create', kind: 'gateway-late', delayMs: 2500 }],
	['a reset after the request was sent, the task made', { route: 'create', kind: 'reset-after-create' }],
	['a 500 from the API after the task was made', { route: 'create', kind: 'status-after-create', status: 500 }],
];

describe.each([
	['2.0', V20],
	['2.0 Fast', V20_FAST],
	['2.5', V25],
])('Seedance %s: a lost create answer', (_name, modelId) => {
	describe.each(LOST)('%s', (_fault, fault) => {
		it.each([
			[1, false],
			[1, true],
			[50, false],
			[50, true],
		])('%p item(s) in flight, Continue On Fail %p: every item takes its own task, in seconds, nothing is paid twice', async (n, continueOnFail) => {
			env.sim.fault({ ...fault, times: Infinity });
			const started = env.clock.now();
			const result = await env.run(textParams(modelId), { inputItems: itemsOf(n), continueOnFail });
			expect(errorText(result)).toBe('');
			expect(createRequests(env.sim)).toHaveLength(n);
			expect(createRequests(env.sim).every((r) => Number.isInteger((r.body as { seed?: number }).seed))).toBe(true);
			expect(env.sim.stats.created).toBe(n);
			expect(result.items.map((i) => i.json.recovered)).toEqual(Array(n).fill(true));
			expect(result.items.map((i) => promptOf(i.json.id))).toEqual(itemsOf(n).map((_, i) => `item ${i}`));
			// Virtual time: the tasks are listed within a look or two, long before a minute of looking ends.
			expect(env.clock.now() - started).toBeLessThan(recoveryTiming.lookSpanMs / 3);
			expectNothingLost(result, env.sim, n);
		});
	});

	it('3 items, one answer lost after the task was made: 3 tasks, no error', async () => {
		env.sim.fault({ route: 'create', kind: 'status-after-create', status: 500 });
		const result = await env.run(textParams(modelId, { options: { ...OPTIONS, concurrency: 3 } }), { inputItems: itemsOf(3), continueOnFail: true });
		expect(errorText(result)).toBe('');
		expect(env.sim.stats.created).toBe(3);
		expect(result.items.map((i) => promptOf(i.json.id))).toEqual(['item 0', 'item 1', 'item 2']);
		expectNothingLost(result, env.sim, 3);
	});

	it('in a batch, a 503 that created nothing is sent again (the other items\' tasks are not "may be one of")', async () => {
		env.sim.fault({ route: 'create', kind: 'slow', delayMs: 10 }); // item 0's create arrives after the others
		env.sim.fault({ route: 'create', kind: 'status', status: 503 });
		const result = await env.run(textParams(modelId), { inputItems: itemsOf(3), continueOnFail: true });
		expect(errorText(result)).toBe('');
		expect(env.sim.stats.created).toBe(3);
		expect(createRequests(env.sim)).toHaveLength(4);
		expect(result.items.map((i) => promptOf(i.json.id))).toEqual(['item 0', 'item 1', 'item 2']);
		expectNothingLost(result, env.sim, 3);
	});

	it('a relay that drops the seed from the list: the task is never adopted; the error names it', async () => {
		env.sim.fault({ route: 'create', kind: 'status-after-create', status: 500 });
		env.sim.fault({ route: 'list', kind: 'drop-fields', fields: ['seed'], times: Infinity });
		const result = await env.run(textParams(modelId), { continueOnFail: true });
		const [id] = [...env.sim.tasks.keys()];
		expect(result.items[0].json.id).toBeUndefined();
		expect(errorText(result)).toContain(`it may be one of ${id}`);
		expect(createRequests(env.sim)).toHaveLength(1);
		expectNothingLost(result, env.sim, 1);
	});
});

describe.each([
	['1.0 Pro', V10],
	['2.0', V20],
	['2.5', V25],
])('Seedance %s: a server clock minutes off', (_name, modelId) => {
	const faults: Array<[string, Exclude<FaultSpec, { kind: 'rpm' }>]> = [
		...LOST,
		['malformed JSON after the task was made', { route: 'create', kind: 'malformed-json' }],
	];
	describe.each([180_000, -180_000])('%p ms', (offset) => {
		it.each(faults)('%s: the exact seed match is the item\'s task whatever created_at says; one task, its id shown', async (_f, fault) => {
			env.sim.setClockOffset(offset);
			env.sim.fault(fault);
			const result = await env.run(textParams(modelId), { continueOnFail: true });
			expect(errorText(result)).toBe('');
			expect(env.sim.stats.created).toBe(1);
			expect(createRequests(env.sim)).toHaveLength(1);
			expect(result.items[0].json).toMatchObject({ id: [...env.sim.tasks.keys()][0], recovered: true });
			expectNothingLost(result, env.sim, 1);
		});
	});

	it('a busy account and a clock 3 minutes behind: the list is paged far enough to find the task', async () => {
		const saved = { ...recoveryTiming };
		const savedGap = listTiming.gapMs;
		Object.assign(recoveryTiming, { pageSize: 20 });
		listTiming.gapMs = 250;
		try {
			env.sim.setClockOffset(-180_000);
			env.sim.fault({ route: 'create', kind: 'status-after-create', status: 500, others: 55 });
			const result = await env.run(textParams(modelId), { continueOnFail: true });
			const ours = [...env.sim.tasks.keys()].find((id) => !env.sim.foreign.has(id));
			expect(result.items[0].json).toMatchObject({ id: ours, recovered: true });
			expect(createRequests(env.sim)).toHaveLength(1);
			expectNothingLost(result, env.sim, 1);
		} finally {
			Object.assign(recoveryTiming, saved);
			listTiming.gapMs = savedGap;
		}
	});
});

describe('each 2.x mode recovers its own task', () => {
	const lost: FaultSpec = { route: 'create', kind: 'status-after-create', status: 500 };

	it.each([
		['Edit Video (2.5: ratio adaptive, duration -1, the task echoes what the model chose)', { operation: 'editVideo', prompt: 'Replace the red car in @Video1 with a blue bike' }],
		['Extend Video (2.5: ratio adaptive)', { operation: 'extendVideo', prompt: 'Extend @Video1 forward: the car drives into the sunset' }],
		['Multimodal Reference', { operation: 'generateFromReference', prompt: 'The car of @Video1 in the colours of @Image1' }],
	])('%s', async (_name, overrides) => {
		env.sim.fault(lost);
		const result = await env.run({
			resource: 'video',
			model: model(V25),
			referenceVideoItems: { video: [{ source: 'url', url: 'https://vid.example/car.mp4' }] },
			referenceImageItems: { image: [{ source: 'url', url: 'https://img.example/paint.png' }] },
			options: OPTIONS,
			...overrides,
		});
		expect(errorText(result)).toBe('');
		expect(seedOf()).toEqual(expect.any(Number));
		expect(result.items[0].json).toMatchObject({ id: [...env.sim.tasks.keys()][0], recovered: true });
		expectNothingLost(result, env.sim, 1);
	});

	it('a 2.5 draft sends its seed and recovers its task', async () => {
		env.sim.fault(lost);
		const result = await env.run(textParams(V25, { options: { ...OPTIONS, draft: true } }));
		expect(errorText(result)).toBe('');
		expect(createRequests(env.sim)[0].body).toMatchObject({ draft: true, seed: expect.any(Number) });
		expect(result.items[0].json).toMatchObject({ id: [...env.sim.tasks.keys()][0], recovered: true });
	});

	it('a final from a draft sends no seed (the draft fixed it) and recovers its task by the draft it names', async () => {
		const draft = await env.run(textParams(V25, { options: { ...OPTIONS, draft: true } }));
		const draftId = String(draft.items[0].json.id);
		env.sim.fault(lost);
		const result = await env.run({ resource: 'video', operation: 'generateFromDraft', model: model(V25), draftTaskId: draftId, options: OPTIONS });
		expect(errorText(result)).toBe('');
		expect(createRequests(env.sim)[1].body).not.toHaveProperty('seed');
		const final = [...env.sim.tasks.values()].find((t) => t.draft_task_id === draftId);
		expect(result.items[0].json).toMatchObject({ id: final?.id, recovered: true });
		expectNothingLost(result, env.sim, 1, new Set([draftId]));
	});
});

describe('models typed By ID', () => {
	it.each([
		['a known 2.x id', V20],
		['the BytePlus spelling', 'dreamina-seedance-2-0-fast-260128'],
		['a newer date of a known family', 'dreamina-seedance-2-5-270301'],
		['a relay alias without a date', 'doubao-seedance-2-0-mini'],
		['an endpoint', 'ep-20260101-abcde'],
	])('%s (%s): a seed is sent and a lost answer finds its task', async (_name, id) => {
		env.sim.fault({ route: 'create', kind: 'reset-after-create' });
		const result = await env.run(textParams(id, { model: model(id, 'id') }), { continueOnFail: true });
		expect(seedOf()).toEqual(expect.any(Number));
		expect(result.items[0].json).toMatchObject({ recovered: true });
		expect(result.items[0].json.recovery).toBeUndefined();
	});

	it('an id of no known family: no seed is sent, and the output says recovery is off and why', async () => {
		const result = await env.run(textParams('acme-video-9', { model: model('acme-video-9', 'id') }));
		expect(errorText(result)).toBe('');
		expect(seedOf()).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ recovery: 'off' });
		expect(String(result.items[0].json.recoveryNote)).toMatch(/acme-video-9.*Get Many/s);
	});
});
