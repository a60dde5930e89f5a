/* eslint-disable -- test code, never shipped: n8n's rules do not apply; eslint.dev.config.mjs lints it (npm run lint) */
/**
 * The Seedream body builder: every per-model rule of the catalogue, the shared rules for models it
 * does not know, fields a model does not take left out, bad input refused with the field named.
 * Every body built is also judged by the simulator's validator (written from the API docs,
 * independently of the node): what the node sends, the API stand-in takes.
 */
import fc from 'fast-check';

import { SeedanceInputError } from '../../../nodes/Seedance/shared/errors';
import { InlineFile } from '../../../nodes/Seedance/request/inlineFile';
import {
	buildImageBody,
	checkSeedreamImageBytes,
	imageBodyBytes,
	validateImageRequest,
	type ImageRequest,
} from '../../../nodes/Seedance/request/imageBody';
import { findImageModel, IMAGE_MODELS, IMAGE_TIERS, type ImageModelInfo } from '../../../nodes/Seedance/request/imageModels';
import { makePng } from '../../helpers/png';

const { validateImagesRequest } = require('../../simulator/images');

const PRO = 'doubao-seedream-5-0-pro-260628';
const FLASH = 'doubao-seedream-5-0-flash-260915';
const LITE = 'doubao-seedream-5-0-260128';
const V45 = 'doubao-seedream-4-5-251128';
const V40 = 'doubao-seedream-4-0-250828';
const UNKNOWN = 'ep-20261201-abcde';
const GROUP_MODELS = [LITE, V45, V40];
const SINGLE_MODELS = [PRO, FLASH];

const model = (id: string): ImageModelInfo => findImageModel(id)!;
const ref = (n: number, url = `https://img.example/${n}.png`) => ({ label: `Reference image ${n}`, url });
const refs = (count: number) => Array.from({ length: count }, (_, i) => ref(i + 1));

/** A PNG's first bytes with any size in its header: enough for the format and size checks. */
function pngHeader(width: number, height: number, extra = 0): Buffer {
	const buf = Buffer.alloc(33 + extra);
	Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(buf, 0);
	buf.writeUInt32BE(13, 8);
	buf.write('IHDR', 12, 'latin1');
	buf.writeUInt32BE(width, 16);
	buf.writeUInt32BE(height, 20);
	return buf;
}
const dataUrl = (bytes: Buffer, type = 'png') => `data:image/${type};base64,${bytes.toString('base64')}`;
const PNG_URL = dataUrl(makePng(64, 48));

function req(overrides: Partial<ImageRequest> = {}): ImageRequest {
	return { model: LITE, prompt: 'A lighthouse at dusk', ...overrides };
}

/** Builds, and checks the simulator (the API's stand-in) takes what was built. */
function accepted(request: ImageRequest) {
	const body = buildImageBody(request);
	expect(() => validateImagesRequest(JSON.parse(JSON.stringify(body)))).not.toThrow();
	return body;
}

function errorOf(request: ImageRequest): SeedanceInputError {
	try {
		buildImageBody(request);
	} catch (error) {
		if (error instanceof SeedanceInputError) return error;
		throw error;
	}
	throw new Error('expected a SeedanceInputError');
}

describe('the minimal body', () => {
	it.each([...GROUP_MODELS, ...SINGLE_MODELS, UNKNOWN])('%s: model and prompt only (every other field is the API default)', (id) => {
		expect(accepted(req({ model: id, prompt: '  A lighthouse at dusk ' }))).toEqual({ model: id, prompt: 'A lighthouse at dusk' });
	});

	it.each([
		[PRO, 'byteplus', 'dola-seedream-5-0-pro-260628'],
		['seedream-5-0-pro-260628', 'byteplus', 'dola-seedream-5-0-pro-260628'],
		['dola-seedream-5-0-flash-260915', 'volcengine', FLASH],
		['doubao-seedream-5-0-lite-260128', 'byteplus', 'seedream-5-0-260128'],
		['seedream-4-5-251128', 'chainhub', V45],
		[' ep-x ', 'byteplus', 'ep-x'],
	])('%s at %s is sent as %s', (id, provider, sent) => {
		expect(accepted(req({ model: id, provider })).model).toBe(sent);
	});

	it('refuses no model and an empty prompt', () => {
		expect(errorOf(req({ model: '  ' })).message).toBe('No model is set');
		expect(errorOf(req({ prompt: ' \n ' })).message).toBe('The prompt is empty');
		expect(errorOf(req({ prompt: ' \n ' })).description).toMatch(/Enter a prompt/);
	});
});

describe('reference images: how many', () => {
	it.each([
		[LITE, 14],
		[V45, 14],
		[V40, 14],
		[PRO, 10],
		[FLASH, 10],
	])('%s takes up to %d', (id, max) => {
		const body = accepted(req({ model: id, references: refs(max) }));
		expect(body.image).toHaveLength(max);
		const error = errorOf(req({ model: id, references: refs(max + 1) }));
		expect(error.message).toBe(`Reference Images: ${model(id).name} takes up to ${max} reference images, but ${max + 1} were given`);
		expect(error.description).toMatch(/^Remove 1/);
	});

	it('names the models that take more when a model takes fewer', () => {
		expect(errorOf(req({ model: PRO, references: refs(12) })).description).toBe(
			'Remove 2, or choose a model that takes 12: Seedream 5.0 Lite, Seedream 4.5, Seedream 4.0.',
		);
	});

	it('refuses 16 references on any model, the unknown ones too (references + images ≤ 15)', () => {
		for (const id of [LITE, UNKNOWN]) {
			const error = errorOf(req({ model: id, references: refs(16) }));
			expect(error.message).toMatch(/^Reference Images/);
		}
		expect(errorOf(req({ model: UNKNOWN, references: refs(15) })).message).toBe(
			'Reference Images and Max Images add up to 16 (15 + 1); Seedream allows 15 together',
		);
		expect(accepted(req({ model: UNKNOWN, references: refs(14) })).image).toHaveLength(14);
	});

	it.each([
		[3, 12, true],
		[3, 13, false],
		[10, 5, true],
		[10, 6, false],
		[14, 2, false],
		[0, 15, true],
	])('%d references + Max Images %d: accepted %s', (n, maxImages, ok) => {
		const request = req({ model: LITE, references: refs(n), group: { maxImages } });
		if (ok) {
			expect(accepted(request).sequential_image_generation_options).toEqual({ max_images: maxImages });
		} else {
			const error = errorOf(request);
			expect(error.message).toBe(`Reference Images and Max Images add up to ${n + maxImages} (${n} + ${maxImages}); Seedream allows 15 together`);
			expect(error.description).toMatch(/set Max Images to \d+ or less|Remove references/);
		}
	});

	it('sends one reference as a string and several as a list, files as they are', () => {
		expect(accepted(req({ references: [ref(1)] })).image).toBe('https://img.example/1.png');
		expect(accepted(req({ references: [ref(1), ref(2, PNG_URL)] })).image).toEqual(['https://img.example/1.png', PNG_URL]);
		const file = new InlineFile('image/png', 1000, async () => [Buffer.alloc(1000)]);
		expect(buildImageBody(req({ references: [{ label: 'Reference image 1', url: file }] })).image).toBe(file);
	});
});

describe('reference images: each one', () => {
	it.each([
		['', 'Reference image 1 has no URL'],
		['asset://asset-20260101-abc', 'Reference image 1 is an asset ID; Seedream takes images only by URL or inline'],
		['ftp://x/y.png', 'Reference image 1 is not an http(s) URL: "ftp://x/y.png"'],
		['not a url', 'Reference image 1 is not an http(s) URL: "not a url"'],
		['data:image/png;base64,', 'Reference image 1 is an empty data URL (0 bytes)'],
		['data:text/plain;base64,aGVsbG8=', 'Reference image 1 is not an image data URL: "data:text/plain;base64,aGVsbG8="'],
		['data:image/png;base64,aGVsbG8gd29ybGQ=', 'Reference image 1 is not an image (its type is image/png)'],
		['data:image/png;base64,aGVs bG8=', 'Reference image 1 is not valid base64 after "base64,"'],
		[dataUrl(makePng(64, 48)).replace('image/png', 'image/PNG'), 'Reference image 1\'s data URL type "image/PNG" must be in lower case'],
		[dataUrl(makePng(64, 48), 'jpg'), 'Reference image 1 is a data URL of type image/jpg, which Seedream 5.0 Lite doesn\'t take'],
		[dataUrl(makePng(64, 48), 'jpeg'), 'Reference image 1 says image/jpeg but its bytes are PNG'],
		[dataUrl(makePng(64, 48), 'svg'), 'Reference image 1 is a data URL of type image/svg, which Seedream 5.0 Lite doesn\'t take'],
		[dataUrl(makePng(14, 100)), 'Reference image 1 is 14×100 px; Seedream takes images with each side over 14 px and at most 36,000,000 px in all (6000×6000)'],
		[dataUrl(pngHeader(6001, 6000)), 'Reference image 1 is 6001×6000 px; Seedream takes images with each side over 14 px and at most 36,000,000 px in all (6000×6000)'],
		[dataUrl(pngHeader(17 * 20, 20)), 'Reference image 1 is 340×20 px, a width/height ratio of 17.000; Seedream takes 1/16 to 16'],
		[dataUrl(pngHeader(20, 17 * 20)), 'Reference image 1 is 20×340 px, a width/height ratio of 0.059; Seedream takes 1/16 to 16'],
	])('%s → %s', (url, message) => {
		expect(errorOf(req({ references: [ref(1, url)] })).message).toBe(message);
		// The simulator refuses them too (same documented rules).
		if (url.startsWith('data:')) expect(() => validateImagesRequest({ model: LITE, prompt: 'x', image: url })).toThrow();
	});

	it('accepts the smallest and the most extreme images the rules allow', () => {
		for (const [w, h] of [[15, 15], [16 * 15, 15], [15, 16 * 15], [6000, 6000]]) {
			accepted(req({ references: [ref(1, dataUrl(pngHeader(w, h)))] }));
		}
	});

	it('caps reference images at 10 MB on catalogued models, 30 MB on others', () => {
		const tenMb = 10 * 1024 * 1024;
		const url = (bytes: number) => dataUrl(pngHeader(100, 100, bytes - 33));
		accepted(req({ references: [ref(1, url(tenMb))] }));
		expect(errorOf(req({ references: [ref(1, url(tenMb + 1))] })).message).toBe(
			'Reference image 1 is 10.0 MB; Seedream accepts up to 10.0 MB per reference image',
		);
		expect(() => buildImageBody(req({ model: UNKNOWN, references: [ref(1, url(tenMb + 1))] }))).not.toThrow();
		const file = (mime: string, bytes: number) => ({ label: 'Reference image 1', url: new InlineFile(mime, bytes, async () => []) });
		expect(errorOf(req({ references: [file('image/png', tenMb + 1)] })).message).toMatch(/10\.0 MB per reference image$/);
		expect(errorOf(req({ model: UNKNOWN, references: [file('image/png', 30 * 1024 * 1024 + 1)] })).message).toMatch(/30\.0 MB per reference image$/);
	});

	it('takes HEIC/HEIF only for models it does not know', () => {
		const heic = { label: 'Reference image 1', url: new InlineFile('image/heic', 1000, async () => []) };
		expect(errorOf(req({ references: [heic] })).message).toBe("Reference image 1 is HEIC, which Seedream 5.0 Lite doesn't take");
		expect(() => buildImageBody(req({ model: UNKNOWN, references: [heic] }))).not.toThrow();
	});

	it('refuses a request whose inline files make the body larger than 64 MB', () => {
		const file = (n: number) => ({ label: `Reference image ${n}`, url: new InlineFile('image/png', 9 * 1024 * 1024, async () => []) });
		const error = errorOf(req({ model: PRO, references: [1, 2, 3, 4, 5, 6].map(file) }));
		expect(error.message).toMatch(/^The request is 72\.0 MB; Seedream accepts up to 64\.0 MB per request$/);
		expect(error.description).toMatch(/public URLs/);
	});

	it('counts the body bytes with each inline file as its data URL', () => {
		const file = new InlineFile('image/png', 300, async () => []);
		const body = buildImageBody(req({ references: [{ label: 'Reference image 1', url: file }] }));
		const asText = JSON.stringify({ ...body, image: `${file.prefix}${'A'.repeat(400)}` });
		expect(imageBodyBytes(body)).toBe(Buffer.byteLength(asText));
	});
});

describe('checkSeedreamImageBytes (binary files)', () => {
	it('returns the format read from the bytes, whatever the file says it is', () => {
		expect(checkSeedreamImageBytes('Reference image 1', makePng(20, 20), 'image/jpeg')).toBe('png');
	});

	it('checks the whole size, not only the bytes read', () => {
		expect(() => checkSeedreamImageBytes('Reference image 1', pngHeader(100, 100), 'image/png', 11 * 1024 * 1024, model(PRO))).toThrow(
			'Reference image 1 is 11.0 MB; Seedream accepts up to 10.0 MB per reference image',
		);
	});

	it('refuses what is not an image, naming its type', () => {
		expect(() => checkSeedreamImageBytes('Reference image 2', Buffer.from('%PDF-1.7'), 'application/pdf')).toThrow(
			'Reference image 2 is not an image (its type is application/pdf)',
		);
	});
});

describe('size', () => {
	const cases = IMAGE_MODELS.flatMap((m) => IMAGE_TIERS.map((tier) => [m.id, tier, m.tiers.includes(tier)] as const));
	it.each(cases)('%s, tier %s: accepted %s', (id, tier, ok) => {
		if (ok) {
			expect(accepted(req({ model: id, size: tier.toLowerCase() })).size).toBe(tier);
		} else {
			const error = errorOf(req({ model: id, size: tier }));
			expect(error.message).toBe(`Size ${tier} is not a tier of ${model(id).name}`);
			expect(error.description).toContain(`takes the tiers ${model(id).tiers.join(', ')}`);
		}
	});

	it.each(IMAGE_MODELS.map((m) => [m.name, m] as const))('%s: WxH at both pixel bounds taken, one pixel row past refused', (_, m) => {
		const [min, max] = m.pixels;
		// Widths whose product lands exactly on (or just past) each bound.
		const at = (pixels: number) => {
			for (let w = Math.ceil(Math.sqrt(pixels)); w > 0; w--) if (pixels % w === 0 && Math.max(w, pixels / w) / Math.min(w, pixels / w) <= 16) return [w, pixels / w];
			throw new Error(`no WxH for ${pixels}`);
		};
		for (const [w, h] of [at(min), at(max)]) expect(accepted(req({ model: m.id, size: `${w}x${h}` })).size).toBe(`${w}x${h}`);
		const [w0, h0] = at(min);
		expect(errorOf(req({ model: m.id, size: { width: w0, height: h0 - 1 } })).message).toMatch(new RegExp(`^Size ${w0}x${h0 - 1} is [\\d,]+ pixels; ${m.name} makes`));
		const [w1, h1] = at(max);
		expect(errorOf(req({ model: m.id, size: { width: w1, height: h1 + 1 } })).message).toMatch(/pixels; .* makes [\d,]+ to [\d,]+$/);
	});

	it.each([
		['2048×2048', '2048x2048'],
		['2048 X 2048', '2048x2048'],
		[' 2k ', '2K'],
		[{ width: 2560, height: 1440 }, '2560x1440'],
		['8192x512', '8192x512'],
	])('%j is sent as %s', (size, sent) => {
		expect(accepted(req({ size })).size).toBe(sent);
	});

	it.each([
		['8320x520', /ratio of 16\.000/, true],
		['8321x520', /^Size 8321x520 has a width\/height ratio of 16\.002; Seedream 5\.0 Lite makes 1\/16 to 16$/, false],
		['520x8321', /ratio of 0\.062/, false],
	])('aspect %s', (size, message, ok) => {
		if (ok) expect(accepted(req({ size })).size).toBe(size);
		else expect(errorOf(req({ size })).message).toMatch(message);
	});

	it.each(['huge', '2048x', '0x2048', '2.5K', ''])('refuses %j naming the field', (size) => {
		expect(errorOf(req({ size })).message).toMatch(/^Size /);
	});

	it('passes adaptive and auto only to models it does not know', () => {
		expect(errorOf(req({ size: 'adaptive' })).message).toBe('Size "adaptive" is not supported on Seedream 5.0 Lite');
		expect(accepted(req({ model: UNKNOWN, size: 'Adaptive' })).size).toBe('adaptive');
		// Bounds and aspect are the API's to judge for a model we don't know.
		expect(buildImageBody(req({ model: UNKNOWN, size: '512x300000' })).size).toBe('512x300000');
	});
});

describe('groups of images', () => {
	it.each(GROUP_MODELS)('%s: Max Images 2–15 → auto + max_images; 1 → nothing sent', (id) => {
		expect(accepted(req({ model: id, group: { maxImages: 4 } }))).toMatchObject({
			sequential_image_generation: 'auto',
			sequential_image_generation_options: { max_images: 4 },
		});
		const one = accepted(req({ model: id, group: { maxImages: 1 } }));
		expect(one.sequential_image_generation).toBeUndefined();
		expect(one.sequential_image_generation_options).toBeUndefined();
	});

	it.each(SINGLE_MODELS)('%s makes one image: Max Images 1 is fine (nothing sent), 2 is refused', (id) => {
		expect(accepted(req({ model: id, group: { maxImages: 1 } }))).toEqual({ model: id, prompt: 'A lighthouse at dusk' });
		const error = errorOf(req({ model: id, group: { maxImages: 2 } }));
		expect(error.message).toBe(`${model(id).name} makes one image per request; Max Images is 2`);
		expect(error.description).toBe('Set Max Images to 1, or choose a model that makes groups of images: Seedream 5.0 Lite, Seedream 4.5, Seedream 4.0.');
	});

	it.each([0, 16, 2.5, -1])('Max Images %s is refused', (maxImages) => {
		expect(errorOf(req({ group: { maxImages } })).message).toBe(`Max Images must be a whole number from 1 to 15, not ${maxImages}`);
	});

	it('sends a group to a model it does not know', () => {
		expect(accepted(req({ model: UNKNOWN, group: { maxImages: 15 } })).sequential_image_generation).toBe('auto');
	});
});

describe('options per model: sent, left out, or refused', () => {
	it.each([
		// [model, outputFormat, sent as]
		[LITE, 'png', 'png'],
		[LITE, 'jpeg', 'jpeg'],
		[PRO, 'png', 'png'],
		[FLASH, 'jpeg', 'jpeg'],
		[V45, 'jpeg', undefined],
		[V40, 'jpeg', undefined],
		[UNKNOWN, 'png', 'png'],
	])('%s, Output Format %s → output_format %s', (id, format, sent) => {
		const body = accepted(req({ model: id, outputFormat: format as 'png' | 'jpeg' }));
		expect(body.output_format).toBe(sent);
		expect('output_format' in body).toBe(sent !== undefined);
	});

	it.each([V45, V40])('%s always makes JPEG: PNG is refused', (id) => {
		const error = errorOf(req({ model: id, outputFormat: 'png' }));
		expect(error.message).toBe(`Output Format "png" is not supported on ${model(id).name}`);
		expect(error.description).toContain('Seedream 5.0 Flash, Seedream 5.0 Pro, Seedream 5.0 Lite');
	});

	it('refuses an output format that is not png or jpeg', () => {
		expect(errorOf(req({ outputFormat: 'jpg' as 'jpeg' })).message).toBe('Output Format "jpg" is not supported');
	});

	it.each([
		[LITE, true],
		[V45, true],
		[V40, true],
		[PRO, false],
		[FLASH, false],
		[UNKNOWN, true],
	])('%s, stream: sent %s (else the answer comes whole)', (id, sent) => {
		const body = accepted(req({ model: id, stream: true }));
		expect(body.stream).toBe(sent ? true : undefined);
		expect(accepted(req({ model: id, stream: false })).stream).toBeUndefined();
	});

	it.each([
		[V40, 'fast', true],
		[PRO, 'fast', true],
		[LITE, 'fast', false],
		[V45, 'fast', false],
		[FLASH, 'fast', false],
		[FLASH, 'standard', true],
		[V45, 'standard', true],
		[UNKNOWN, 'fast', true],
	])('%s, Prompt Optimisation %s: accepted %s', (id, mode, ok) => {
		const request = req({ model: id, promptOptimisation: mode as 'fast' | 'standard' });
		if (ok) {
			expect(accepted(request).optimize_prompt_options).toEqual({ mode });
		} else {
			const error = errorOf(request);
			expect(error.message).toBe(`Prompt Optimisation "fast" is not supported on ${model(id).name}`);
			expect(error.description).toBe(`${model(id).name} takes standard. "fast" is offered by Seedream 5.0 Pro, Seedream 4.0.`);
		}
	});

	it('refuses an unknown prompt optimisation mode', () => {
		expect(errorOf(req({ promptOptimisation: 'turbo' as 'fast' })).message).toBe('Prompt Optimisation "turbo" is not supported');
	});

	it.each([
		[LITE, 'volcengine', true],
		[LITE, 'chainhub', true],
		[LITE, 'custom', true],
		[LITE, undefined, true],
		[LITE, 'byteplus', false],
		[PRO, 'volcengine', false],
		[V45, 'volcengine', false],
		[UNKNOWN, 'byteplus', true],
	])('%s at %s, Web Search: accepted %s', (id, provider, ok) => {
		const request = req({ model: id, provider, webSearch: true });
		if (ok) expect(accepted(request).tools).toEqual([{ type: 'web_search' }]);
		else expect(errorOf(request).message).toMatch(/^Web Search is not supported on /);
		expect(buildImageBody(req({ model: id, provider, webSearch: false })).tools).toBeUndefined();
	});

	it('names the provider when web search is the provider\'s gap', () => {
		const error = errorOf(req({ model: LITE, provider: 'byteplus', webSearch: true }));
		expect(error.message).toBe('Web Search is not supported on Seedream 5.0 Lite at this provider (byteplus)');
		expect(error.description).toBe('Web search is documented for Seedream 5.0 Lite on volcengine, chainhub, custom only. Remove the option here.');
	});

	it.each([...GROUP_MODELS, ...SINGLE_MODELS])('%s takes no seed', (id) => {
		const error = errorOf(req({ model: id, seed: 42 }));
		expect(error.message).toBe(`${model(id).name} takes no seed`);
		expect(error.description).toMatch(/^Remove the Seed option/);
	});

	it('sends a seed to a model it does not know, within -1…2^31-1', () => {
		expect(accepted(req({ model: UNKNOWN, seed: -1 })).seed).toBe(-1);
		expect(accepted(req({ model: UNKNOWN, seed: 2147483647 })).seed).toBe(2147483647);
		for (const seed of [-2, 2147483648, 1.5]) {
			expect(errorOf(req({ model: UNKNOWN, seed })).message).toBe(`Seed must be a whole number from -1 to 2147483647, not ${seed}`);
		}
	});

	it('sends watermark and response format as set, to every model', () => {
		for (const id of [...GROUP_MODELS, ...SINGLE_MODELS, UNKNOWN]) {
			expect(accepted(req({ model: id, watermark: false, responseFormat: 'b64_json' }))).toMatchObject({ watermark: false, response_format: 'b64_json' });
		}
		expect(errorOf(req({ responseFormat: 'base64' as 'url' })).message).toBe('Response Format "base64" is not supported');
		expect(errorOf(req({ watermark: 'no' as unknown as boolean })).message).toBe('Watermark must be true or false, not no');
	});

	it('validateImageRequest throws what buildImageBody throws, and nothing for a good request', () => {
		expect(() => validateImageRequest(req({ size: '1K' }))).toThrow('Size 1K is not a tier of Seedream 5.0 Lite');
		expect(() => validateImageRequest(req())).not.toThrow();
	});
});

describe('property: any request gives a body the API stand-in takes, or an input error', () => {
	const modelId = fc.oneof(
		{ weight: 6, arbitrary: fc.constantFrom(...IMAGE_MODELS.map((m) => m.id)) },
		{ weight: 3, arbitrary: fc.constantFrom(...IMAGE_MODELS.flatMap((m) => [m.byteplusId, ...m.aliases])) },
		{ weight: 1, arbitrary: fc.constantFrom(UNKNOWN, 'doubao-seedream-6-0-270101', '') },
	);
	const url = fc.oneof(
		{ weight: 8, arbitrary: fc.oneof(fc.webUrl(), fc.constant(PNG_URL), fc.constant(dataUrl(pngHeader(4000, 3000)))) },
		{ weight: 1, arbitrary: fc.constantFrom('', 'asset://a', 'ftp://x', 'data:image/png;base64,', dataUrl(pngHeader(10, 10)), dataUrl(makePng(30, 30), 'jpeg')) },
	);
	const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 2 });
	const size = fc.oneof(
		fc.constantFrom(...IMAGE_TIERS, '2k', 'adaptive', 'huge', '2048×2048'),
		// Up to 6000 a side: the simulator makes only that much for a model it does not know.
		fc.record({ width: fc.integer({ min: 0, max: 6000 }), height: fc.integer({ min: 0, max: 6000 }) }),
		fc.tuple(fc.integer({ min: 1, max: 6000 }), fc.integer({ min: 1, max: 6000 })).map(([w, h]) => `${w}x${h}`),
	);
	const request = fc.record({
		model: modelId,
		provider: opt(fc.constantFrom('volcengine', 'byteplus', 'chainhub', 'custom')),
		prompt: fc.oneof(fc.constant('A red kite over a beach, 16:9'), fc.string()),
		references: opt(fc.array(url, { maxLength: 16 }).map((urls) => urls.map((u, i) => ref(i + 1, u)))),
		size: opt(size),
		group: opt(fc.integer({ min: 0, max: 16 }).map((maxImages) => ({ maxImages }))),
		watermark: opt(fc.boolean()),
		seed: opt(fc.integer({ min: -2, max: 10 })),
		promptOptimisation: opt(fc.constantFrom('standard', 'fast') as fc.Arbitrary<'standard' | 'fast'>),
		outputFormat: opt(fc.constantFrom('png', 'jpeg') as fc.Arbitrary<'png' | 'jpeg'>),
		webSearch: opt(fc.boolean()),
		responseFormat: opt(fc.constantFrom('url', 'b64_json') as fc.Arbitrary<'url' | 'b64_json'>),
		stream: opt(fc.boolean()),
	});

	it('never crashes; what it builds, the simulator accepts', () => {
		fc.assert(
			fc.property(request, (r) => {
				let body;
				try {
					body = buildImageBody(r);
				} catch (error) {
					expect(error).toBeInstanceOf(SeedanceInputError);
					expect((error as SeedanceInputError).description.length).toBeGreaterThan(10);
					return;
				}
				expect(() => validateImagesRequest(JSON.parse(JSON.stringify(body)))).not.toThrow();
			}),
			{ numRuns: 400 },
		);
	});
});
