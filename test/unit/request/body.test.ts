/* eslint-disable -- test code, never shipped: n8n's rules do not apply; eslint.dev.config.mjs lints it (npm run lint) */
import {
	buildCreateTaskBody,
	validateGeneration,
	type GenerationRequest,
} from '../../../nodes/Seedance/request/body';
import { dataUrlBytes } from '../../../nodes/Seedance/request/media';
import { errorOf } from '../../helpers/request';

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
		const image = 'data:image/png;base64,' + 'A'.repeat(Math.ceil((22 * 1024 * 1024 * 4) / 3));
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
			seedRequest({ prompt: 'é "quoted" [Figure 1]', images: [{ label: 'Reference image 1', url: 'data:image/png;base64,' + 'QUJD'.repeat(1000) }] }),
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
