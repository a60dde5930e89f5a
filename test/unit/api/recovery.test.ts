/** Create recovery's pure parts: the seed it sends and which task is this item's. */
import { MODELS, takesSeed } from '../../../nodes/Seedance/request/models';
import { compareTask, fingerprintOf, randomSeed, withRecoverySeed } from '../../../nodes/Seedance/api/recovery';
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

	it('comes from the catalogue: every listed model takes it, 1.x and 2.x', () => {
		for (const model of MODELS) expect(takesSeed(model.id) && takesSeed(model.byteplusId)).toBe(true);
	});

	it.each([
		['a 1.x BytePlus spelling', 'seedance-1-0-pro-250528', true],
		['a 2.x BytePlus spelling', 'dreamina-seedance-2-0-260128', true],
		['a newer date of a known family', 'doubao-seedance-2-5-270301', true],
		['2.5 Premium', 'dreamina-seedance-2-5-premium-260915', true],
		['an undated relay alias', 'doubao-seedance-2-0-fast', true],
		['an endpoint', 'ep-20250101-abcde', true],
		['a family the node does not know', 'doubao-seedance-3-0-270101', false],
		['another vendor', 'acme-video-9', false],
		['a family name inside a longer id', 'my-seedance-2-0-proxy', false],
	])('for a model typed By ID, from its family name: %s (%s) → %p', (_name, id, expected) => {
		expect(takesSeed(id)).toBe(expected);
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
		['a server clock an hour behind: the exact seed still says it is ours', { created_at: sentAtS - 3600 }, 'match'],
		['a server clock an hour ahead', { created_at: sentAtS + 3600 }, 'match'],
		['no created_at: the exact seed and settings are enough', { created_at: undefined }, 'match'],
		['another seed (an earlier run, another workflow)', { seed: 78 }, 'other'],
		['another model', { model: 'doubao-seedance-1-0-pro-250528' }, 'other'],
		['another resolution', { resolution: '1080p' }, 'other'],
		['no seed (a relay dropped it), made around the create', { seed: undefined }, 'ambiguous'],
		['no seed, made long before the create (past any clock difference)', { seed: undefined, created_at: sentAtS - 600 }, 'other'],
		['no seed and no created_at', { seed: undefined, created_at: undefined }, 'ambiguous'],
		['no model', { model: undefined }, 'ambiguous'],
		['our seed, but no resolution although we sent one', { resolution: undefined }, 'ambiguous'],
		['our seed, no resolution, made long before: still reported, never taken', { resolution: undefined, created_at: sentAtS - 3600 }, 'ambiguous'],
	])('%s: %s', (_name, extra, verdict) => {
		expect(compareTask(task(extra), ours, 300)).toBe(verdict);
	});

	it('with a seed the user fixed, it is a setting: a task with that seed is ambiguous (nothing is unique), another seed is not ours', () => {
		const fixed = fingerprintOf(body({ seed: 5 }), undefined, sentAtS);
		expect(fixed.fields.seed).toBe(5);
		expect(compareTask(task({ seed: 5 }), fixed, 300)).toBe('ambiguous');
		expect(compareTask(task({ seed: 6 }), fixed, 300)).toBe('other');
		expect(compareTask(task({ seed: 5, created_at: sentAtS - 600 }), fixed, 300)).toBe('other');
	});

	it('ratio "adaptive" and duration -1 let the model choose: the task echoes its choice, which is not compared', () => {
		const edit = fingerprintOf(body({ ratio: 'adaptive', duration: -1, seed: 77 }), 77, sentAtS);
		expect(edit.fields).toEqual({ resolution: '720p' });
		expect(compareTask(task({ ratio: '9:16', duration: 7.6 }), edit, 300)).toBe('match');
		const fixedRatio = fingerprintOf(body({ ratio: '1:1', duration: 5, seed: 77 }), 77, sentAtS);
		expect(compareTask(task({ ratio: '9:16', duration: 5 }), fixedRatio, 300)).toBe('other');
	});

	it('a final from a draft (no seed): its task names the draft and was made since the create was sent', () => {
		const finalBody: CreateTaskBody = { model: MODEL, content: [{ type: 'draft_task', draft_task: { id: 'cgt-draft' } }], resolution: '1080p' };
		const final = fingerprintOf(finalBody, undefined, sentAtS);
		expect(final).toMatchObject({ draftTaskId: 'cgt-draft', seed: undefined, fields: { resolution: '1080p' } });
		const finalTask = (extra: Record<string, unknown>) => task({ resolution: '1080p', seed: 991, draft_task_id: 'cgt-draft', ...extra });
		expect(compareTask(finalTask({}), final, 300)).toBe('match');
		expect(compareTask(finalTask({ created_at: sentAtS - 200 }), final, 300)).toBe('match');
		expect(compareTask(finalTask({ created_at: sentAtS - 600 }), final, 300)).toBe('other'); // an earlier final of the same draft
		expect(compareTask(finalTask({ draft_task_id: 'cgt-other' }), final, 300)).toBe('other');
		expect(compareTask(finalTask({ draft_task_id: undefined }), final, 300)).toBe('ambiguous');
		expect(compareTask(finalTask({ created_at: undefined }), final, 300)).toBe('ambiguous');
	});

	it('for an endpoint id, the model is not compared (tasks report the underlying model); the seed is', () => {
		const endpoint = fingerprintOf({ ...body(), model: 'ep-2025-abc' }, 77, sentAtS);
		expect(compareTask(task(), endpoint, 300)).toBe('match');
		expect(compareTask(task({ seed: 1 }), endpoint, 300)).toBe('other');
	});
});
