/* eslint-disable -- test code, never shipped: n8n's rules do not apply; eslint.dev.config.mjs lints it (npm run lint) */
import {
	buildCreateTaskBody,
	validateGeneration,
	type GenerationRequest,
} from '../../../nodes/Seedance/request/body';
import { dataUrlBytes } from '../../../nodes/Seedance/request/media';
import { errorOf } from '../../helpers/request';
import { makePng } from '../../helpers/png';

const SEED_BODY = `{"model":"doubao-seedance-1-0-lite-i2v-250428","content":[{"type":"text","text":"[Figure 1] A boy wearing glasses and a blue T-shirt and [Figure 2] a corgi dog are sitting on the lawn in [Figure 3], in a 3D cartoon style."},{"type":"image_url","image_url":{"url":"https://ark-project.tos-cn-beijing.volces.com/doc_image/seelite_ref_1.png"},"role":"reference_image"},{"type":"image_url","image_url":{"url":"https://ark-project.tos-cn-beijing.volces.com/doc_image/seelite_ref_2.png"},"role":"reference_image"},{"type":"image_url","image_url":{"url":"https://ark-project.tos-cn-beijing.volces.com/doc_image/seelite_ref_3.png"},"role":"reference_image"}]}`;

const ref = (n: number) => ({
	label: `Reference image ${n}`,
	url: `https://ark-project.tos-cn-beijing.volces.com/doc_image/seelite_ref_${n}.png`,
});

function seedRequest(overrides: Partial<GenerationRequest> = {}): GenerationRequest {
	return {
		mode: 'referenceImages',
		model: 'doubao-seedance-1-0-lite-i2v-250428',
		prompt:
			'[Figure 1] A boy wearing glasses and a blue T-shirt and [Figure 2] a corgi dog are sitting on the lawn in [Figure 3], in a 3D cartoon style.',
		images: [ref(1), ref(2), ref(3)],
		options: {},
		...overrides,
	};
}

describe('buildCreateTaskBody', () => {
	it("gives the seed's example body byte for byte", () => {
		expect(JSON.stringify(buildCreateTaskBody(seedRequest()))).toBe(SEED_BODY);
	});

	it('sends options as body fields, and only those set', () => {
		const body = buildCreateTaskBody(
			seedRequest({
				options: { resolution: '720p', ratio: '9:16', duration: 5, seed: 42, watermark: false, returnLastFrame: true, callbackUrl: 'https://hook.example/x', serviceTier: 'flex', executionExpiresAfter: 7200 },
			}),
		);
		expect(body).toEqual({
			model: 'doubao-seedance-1-0-lite-i2v-250428',
			content: expect.any(Array),
			resolution: '720p',
			ratio: '9:16',
			duration: 5,
			seed: 42,
			watermark: false,
			return_last_frame: true,
			callback_url: 'https://hook.example/x',
			service_tier: 'flex',
			execution_expires_after: 7200,
		});
	});

	it('appends prompt commands instead when asked, keeping body-only fields in the body', () => {
		const body = buildCreateTaskBody({
			mode: 'text',
			model: 'doubao-seedance-1-0-pro-250528',
			prompt: 'A paper boat on a rainy street',
			images: [],
			options: { resolution: '1080p', duration: 5, cameraFixed: true, frames: undefined, returnLastFrame: true, sendParametersAs: 'prompt' },
		});
		expect(body.content).toEqual([{ type: 'text', text: 'A paper boat on a rainy street --rs 1080p --dur 5 --cf true' }]);
		expect(body).not.toHaveProperty('resolution');
		expect(body.return_last_frame).toBe(true);
	});

	it.each([
		['firstFrame', ['first_frame']],
		['firstLastFrame', ['first_frame', 'last_frame']],
	] as const)('gives %s images their roles', (mode, roles) => {
		const images = roles.map((_, i) => ({ label: `Frame ${i}`, url: `https://img.example/${i}.png` }));
		const body = buildCreateTaskBody({ mode, model: 'doubao-seedance-1-0-pro-250528', prompt: 'x', images, options: {} });
		expect(body.content.slice(1).map((c) => (c as { role: string }).role)).toEqual(roles);
	});

	it('sends no text item when an image mode has no prompt', () => {
		const body = buildCreateTaskBody(seedRequest({ prompt: '  ', images: [ref(1)] }));
		expect(body.content).toHaveLength(1);
		expect(body.content[0].type).toBe('image_url');
	});

	it('passes unknown models and endpoint ids through untouched', () => {
		for (const model of ['ep-20250101-abcde', 'doubao-seedance-9-0-ultra-300101']) {
			expect(buildCreateTaskBody(seedRequest({ model, options: { duration: 30 } })).model).toBe(model);
		}
	});
});

describe('validateGeneration: clear errors before any request', () => {
	const cases: Array<[string, Partial<GenerationRequest>, RegExp]> = [
		['no prompt and no image', { prompt: '', images: [] }, /no prompt and no image/],
		['no images in reference mode', { prompt: 'a cat', images: [] }, /takes 1 to 4 images, but 0 were given/],
		['five reference images', { prompt: 'x', images: [1, 2, 3, 4, 5].map((n) => ({ label: `Reference image ${n}`, url: 'https://a.example/i.png' })) }, /takes 1 to 4 images, but 5 were given/],
		['a ftp URL', { images: [ref(1), { label: 'Reference image 2', url: 'ftp://x/y.png' }, ref(3)] }, /Reference image 2 is not an http\(s\) URL/],
		['a bad data URL format', { images: [{ label: 'Reference image 1', url: 'data:image/svg;base64,AAAA' }], prompt: 'x' }, /not a valid image data URL/],
		['[Figure 5] with 3 images', { prompt: 'put [Figure 5] here' }, /names \[Figure 5\] but only 3 reference images are given/],
		['[图4] with 3 images', { prompt: '[图4] 在草地上' }, /names \[图4\]/],
		['1080p in reference mode', { options: { resolution: '1080p' } }, /Resolution "1080p" is not supported in "Generate from Reference Images"/],
		['adaptive ratio in reference mode', { options: { ratio: 'adaptive' } }, /Ratio "adaptive" is not supported/],
		['camera fixed in reference mode', { options: { cameraFixed: true } }, /Camera Fixed is not supported/],
		['duration out of range for 1.0', { options: { duration: 13 } }, /Duration must be a whole number from 2 to 12, not 13/],
		['frames not 25+4n', { options: { frames: 30 } }, /Frames must be 25 \+ 4n/],
		['duration and frames', { options: { duration: 5, frames: 121 } }, /either Duration or Frames/],
		['seed too large', { options: { seed: 2 ** 32 } }, /Seed must be a whole number from -1 to 4294967295/],
		['task expiry too short', { options: { executionExpiresAfter: 60 } }, /Task Expiry must be a whole number from 3600 to 259200/],
		['a callback that is not a URL', { options: { callbackUrl: 'hook' } }, /Callback URL must be an http\(s\) URL/],
		['audio on a 1.0 model', { options: { generateAudio: true } }, /doesn't support Generate Audio/],
		['a text-only model in reference mode', { model: 'doubao-seedance-1-0-lite-t2v-250428' }, /can't "Generate from Reference Images"/],
		['no model', { model: ' ' }, /No model is set/],
	];
	it.each(cases)('%s', (_name, overrides, message) => {
		const error = errorOf(seedRequest(overrides));
		expect(error.message).toMatch(message);
		expect(error.description.length).toBeGreaterThan(10);
	});

	it('says which models can do the mode', () => {
		const error = errorOf(seedRequest({ model: 'doubao-seedance-1-0-pro-250528' }));
		expect(error.description).toContain('doubao-seedance-1-0-lite-i2v-250428');
	});

	it('knows BytePlus spellings', () => {
		expect(() => validateGeneration(seedRequest({ model: 'seedance-1-0-lite-i2v-250428' }))).not.toThrow();
		expect(errorOf(seedRequest({ model: 'seedance-1-0-lite-t2v-250428' })).message).toMatch(/can't/);
	});

	it('checks 1.5 Pro limits: duration 4–12 or -1, no frames, audio and draft allowed', () => {
		const base = { mode: 'text' as const, model: 'doubao-seedance-1-5-pro-251215', prompt: 'x', images: [] };
		expect(() => validateGeneration({ ...base, options: { duration: -1, generateAudio: false, draft: true } })).not.toThrow();
		expect(errorOf({ ...base, options: { duration: 3 } }).message).toMatch(/from 4 to 12/);
		expect(errorOf({ ...base, options: { frames: 121 } }).message).toMatch(/doesn't take Frames/);
	});

	it('refuses an image over 30 MB and a body over 64 MB with the numbers', () => {
		const big = 'data:image/png;base64,' + 'A'.repeat(Math.ceil((31 * 1024 * 1024 * 4) / 3));
		expect(errorOf(seedRequest({ images: [{ label: 'Reference image 1', url: big }], prompt: 'x' })).message).toMatch(
			/Reference image 1 is 31\.0 MB; Seedance accepts up to 30\.0 MB per image/,
		);
		// A real PNG's header, padded to 22 MB (the node reads only its head to check it).
		const png = makePng(640, 480);
		const image = 'data:image/png;base64,' + Buffer.concat([png, Buffer.alloc(22 * 1024 * 1024 - png.length)]).toString('base64');
		const images = [1, 2, 3].map((n) => ({ label: `Reference image ${n}`, url: image }));
		expect(errorOf(seedRequest({ images, prompt: 'x' })).message).toMatch(/The request is 88\.0 MB; Seedance accepts up to 64\.0 MB/);
	});

	it('computes data URL sizes without decoding', () => {
		expect(dataUrlBytes('data:image/png;base64,' + Buffer.from('hello world').toString('base64'))).toBe(11);
	});
});

describe('jsonBytes', () => {
	it('equals the serialized size, data URLs included', () => {
		const { jsonBytes } = require('../../../nodes/Seedance/request/body');
		const body = buildCreateTaskBody(
			seedRequest({ prompt: 'é "quoted" [Figure 1]', images: [{ label: 'Reference image 1', url: 'data:image/png;base64,' + makePng(400, 400).toString('base64') }] }),
		);
		expect(jsonBytes(body)).toBe(Buffer.byteLength(JSON.stringify(body)));
	});
});

describe('a final video from a draft of a model the node does not know', () => {
	it('still takes only a resolution the API documents', () => {
		const request = { mode: 'draftFinal' as const, model: 'doubao-seedance-9-0-future-291231', prompt: '', images: [], draftTaskId: 'cgt-20260901120000-abcde' };
		expect(() => buildCreateTaskBody({ ...request, options: { resolution: '8k' } })).toThrow('Resolution "8k" is not supported for a final video');
		expect(buildCreateTaskBody({ ...request, options: { resolution: '1080p' } }).resolution).toBe('1080p');
	});
});

describe('generation numbers: each at, just under and just over its limits', () => {
	const text = (model: string, options: GenerationRequest['options']): GenerationRequest => ({ mode: 'text', model, prompt: 'a paper boat', images: [], options });
	const PRO = 'doubao-seedance-1-0-pro-250528';
	const V2 = 'doubao-seedance-2-0-260128';
	const UNKNOWN = 'ep-20261204-abcde';
	// [name, model, option, lowest, highest, message for a value out of range]
	const table: Array<[string, string, keyof GenerationRequest['options'], number, number, string]> = [
		['Duration (1.0 Pro)', PRO, 'duration', 2, 12, 'Duration must be a whole number from 2 to 12'],
		['Duration (2.0)', V2, 'duration', 4, 15, 'Duration must be a whole number from 4 to 15'],
		['Duration (a model the node does not know)', UNKNOWN, 'duration', 1, 60, 'Duration must be a whole number from 1 to 60'],
		['Frames (1.0 Pro)', PRO, 'frames', 29, 289, 'Frames must be 25 + 4n between 29 and 289'],
		['Seed (1.x)', PRO, 'seed', -1, 4294967295, 'Seed must be a whole number from -1 to 4294967295'],
		['Seed (2.x)', V2, 'seed', -1, 2147483647, 'Seed must be a whole number from -1 to 2147483647'],
		['Priority (2.x)', V2, 'priority', 0, 9, 'Priority must be a whole number from 0 to 9'],
		['Task Expiry', PRO, 'executionExpiresAfter', 3600, 259200, 'Task Expiry must be a whole number from 3600 to 259200'],
	];
	it.each(table)('%s', (_name, model, option, lowest, highest, message) => {
		for (const value of [lowest, highest]) expect(() => validateGeneration(text(model, { [option]: value }))).not.toThrow();
		const under = option === 'frames' ? lowest - 4 : lowest - 1;
		const over = option === 'frames' ? highest + 4 : highest + 1;
		for (const value of [under, over, 1e15]) expect(errorOf(text(model, { [option]: value })).message).toContain(`${message}`);
	});

	it('Duration -1 (the model chooses) is taken where the model can, and for a model the node does not know', () => {
		expect(() => validateGeneration(text(V2, { duration: -1 }))).not.toThrow();
		expect(() => validateGeneration(text(UNKNOWN, { duration: -1 }))).not.toThrow();
		expect(errorOf(text(UNKNOWN, { duration: 0 })).message).toContain('Duration must be a whole number from 1 to 60, not 0');
	});

	it('the form says the same ranges as the checks (typeOptions minValue / maxValue)', () => {
		const { generationOptions } = require('../../../nodes/Seedance/form/descriptions');
		const options = generationOptions('firstFrame').options as Array<{ name: string; typeOptions?: { minValue?: number; maxValue?: number } }>;
		const range = (name: string) => {
			const found = options.find((o) => o.name === name);
			return [found?.typeOptions?.minValue, found?.typeOptions?.maxValue];
		};
		expect(range('duration')).toEqual([-1, 60]);
		expect(range('frames')).toEqual([29, 289]);
		expect(range('seed')).toEqual([-1, 4294967295]);
		expect(range('priority')).toEqual([0, 9]);
		expect(range('executionExpiresAfter')).toEqual([3600, 259200]);
	});
});
