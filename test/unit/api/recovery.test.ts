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
	])('%s: %s', (_name, extra, verdict) => {
		expect(compareTask(task(extra), ours, 120)).toBe(verdict);
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
