/* eslint-disable -- test code, never shipped: n8n's rules do not apply; eslint.dev.config.mjs lints it (npm run lint) */
/**
 * The simulator's Seedream route, `POST /images/generations`, against the documented API
 * (docs/seedream.md): auth, the rules per model, the images it makes and hosts, groups and
 * per-image errors, streaming, the IPM limit and the faults on this route.
 */
import * as http from 'http';
import { httpCall, type CallOptions } from '../helpers/httpCall';
import { inflateSync } from 'zlib';
import { IMAGE_TRIGGERS, sampleImageDataUrl, startSimulator } from '../simulator';
import type { Simulator } from '../simulator';
import { ImageStreamParser, imagesFromStream, readImagesAnswer } from '../../nodes/Seedance/request/imageBody';
import { makePng } from '../helpers/png';

const KEY = 'sk-test';
const PATH = '/images/generations';
const PRO = 'doubao-seedream-5-0-pro-260628';
const FLASH = 'doubao-seedream-5-0-flash-260915';
const LITE = 'doubao-seedream-5-0-260128';
const V45 = 'doubao-seedream-4-5-251128';
const V40 = 'doubao-seedream-4-0-250828';
const T2I = 'doubao-seedream-3-0-t2i-250415';
const SEEDEDIT = 'doubao-seededit-3-0-i2i-250628';
const IMG = 'https://ark-project.tos-cn-beijing.volces.com/doc_image/seedream4_imageToimage.png';

const call = (method: string, url: string, opts?: CallOptions) => httpCall(KEY, method, url, opts);

let sim: Simulator;
const generate = (body: unknown, base = sim.arkUrl, key?: string | null) => call('POST', base + PATH, { body, key });
async function ok(body: Record<string, unknown>, base?: string): Promise<any> {
	const r = await generate(body, base);
	if (r.status !== 200) throw new Error(`expected 200, got ${r.status}: ${r.text}`);
	return r.json;
}
async function refused(body: unknown, status = 400): Promise<{ code: string; message: string; param: string }> {
	const r = await generate(body);
	expect(r.status).toBe(status);
	return r.json.error;
}

/** Width and height from a PNG's IHDR or a JPEG's SOF0, read here (not by the simulator's own sniffing). */
function dimensionsOf(bytes: Buffer): { format: string; width: number; height: number } {
	if (bytes.readUInt32BE(0) === 0x89504e47) return { format: 'png', width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
	expect([bytes[0], bytes[1]]).toEqual([0xff, 0xd8]);
	const sof = bytes.indexOf(Buffer.from([0xff, 0xc0]));
	return { format: 'jpeg', width: bytes.readUInt16BE(sof + 7), height: bytes.readUInt16BE(sof + 5) };
}

/** A PNG's pixels, inflated: every row is there (a real image, not only a header). */
function checkPng(bytes: Buffer, width: number, height: number): void {
	const idat: Buffer[] = [];
	for (let at = 8; at < bytes.length; ) {
		const length = bytes.readUInt32BE(at);
		if (bytes.toString('latin1', at + 4, at + 8) === 'IDAT') idat.push(bytes.subarray(at + 8, at + 8 + length));
		at += 12 + length;
	}
	const bitDepth = bytes[24];
	expect(inflateSync(Buffer.concat(idat)).length).toBe(height * (1 + Math.ceil((width * bitDepth) / 8)));
}

beforeAll(async () => {
	sim = await startSimulator({ port: 0, apiKeys: [KEY] });
});
beforeEach(() => sim.reset());
afterAll(async () => {
	await sim.close();
});

describe('the route and its answer', () => {
	it.each(['ark', 'chainhub'])('answers under the %s base with the documented shape', async (base) => {
		const json = await ok({ model: V45, prompt: 'A fox in the snow' }, base === 'ark' ? sim.arkUrl : sim.chainhubUrl);
		expect(Object.keys(json).sort()).toEqual(['created', 'data', 'model', 'usage']);
		expect(json.model).toBe(V45);
		expect(Math.abs(json.created - Date.now() / 1000)).toBeLessThan(5);
		expect(json.data).toHaveLength(1);
		expect(json.data[0]).toEqual({ url: expect.stringMatching(/\/files\/img-[0-9a-f]{20}\.jpeg\?.*X-Tos-Expires=86400.*X-Tos-Signature=[0-9a-f]{64}$/), size: '2048x2048' });
		expect(json.usage).toEqual({ generated_images: 1, output_tokens: 16384, total_tokens: 16384 });
		expect(sim.stats).toMatchObject({ imageRequests: 1, imagesGenerated: 1, created: 0, createAttempts: 0 });
		expect(sim.images).toHaveLength(1);
		expect(sim.images[0]).toMatchObject({ model: V45, prompt: 'A fox in the snow', index: 0, width: 2048, height: 2048, format: 'jpeg', url: json.data[0].url });
	});

	it('wants the key as the other routes do, and counts every request', async () => {
		expect((await generate({ model: V45, prompt: 'x' }, sim.arkUrl, null)).status).toBe(401);
		expect((await generate({ model: V45, prompt: 'x' }, sim.arkUrl, 'sk-wrong')).json.error.code).toBe('AuthenticationError');
		expect((await call('GET', sim.arkUrl + PATH)).status).toBe(404);
		expect(sim.stats).toMatchObject({ imageRequests: 2, authFailures: 2, imagesGenerated: 0 });
		expect(sim.images).toHaveLength(0);
	});

	it('serves each image as a real image of the answered size, at its signed URL only, with GET only', async () => {
		const json = await ok({ model: LITE, prompt: 'A harbour, 21:9', size: '3K', output_format: 'png' });
		expect(json.data[0].size).toBe('4704x2016');
		const url = json.data[0].url as string;
		const file = await call('GET', url, { key: null });
		expect(file.status).toBe(200);
		expect(file.headers['content-type']).toBe('image/png');
		expect(dimensionsOf(file.raw)).toEqual({ format: 'png', width: 4704, height: 2016 });
		checkPng(file.raw, 4704, 2016);
		expect(file.raw.equals(sim.images[0].data)).toBe(true);
		expect(sim.stats.imageDownloads).toBe(1);

		for (const spoilt of [url.replace(/\?.*$/, ''), url.replace(/Signature=(.)/, (_, c) => `Signature=${c === 'a' ? 'b' : 'a'}`)]) {
			const r = await call('GET', spoilt, { key: null });
			expect(r.status).toBe(403);
			expect(r.text).toContain('<Code>SignatureDoesNotMatch</Code>');
		}
		const head = await call('HEAD', url, { key: null });
		expect(head.status).toBe(403);
		sim.expireImage(url);
		const expired = await call('GET', url, { key: null });
		expect(expired.status).toBe(403);
		expect(expired.text).toContain('<Code>AccessDenied</Code><Message>Request has expired</Message>');
		expect((await call('GET', `${sim.origin}/files/img-00000000000000000000.png`, { key: null })).text).toContain('NoSuchKey');
		expect(sim.stats.imageDownloads).toBe(1);
	});

	it('makes JPEGs of the size asked, and base64 without hosting anything', async () => {
		const json = await ok({ model: V40, prompt: 'A bridge', size: '1600x900', response_format: 'b64_json' });
		expect(Object.keys(json.data[0]).sort()).toEqual(['b64_json', 'size']);
		const bytes = Buffer.from(json.data[0].b64_json, 'base64');
		expect(dimensionsOf(bytes)).toEqual({ format: 'jpeg', width: 1600, height: 900 });
		expect(bytes.subarray(-2)).toEqual(Buffer.from([0xff, 0xd9]));
		expect(sim.images[0].responseFormat).toBe('b64_json');
		expect(sim.images[0].url).toBeUndefined();
		expect(sim.images[0].data.equals(bytes)).toBe(true);
		expect(json.usage.output_tokens).toBe(Math.round((1600 * 900) / 256));
	});

	it.each([
		[V40, '1K', 'A pier, 16:9', '1280x720'],
		[V40, '4K', 'A pier, 9:16', '3040x5504'],
		[PRO, '1.5K', 'A pier, 4:3', '1792x1344'],
		[PRO, '2K', 'A pier, 16:9', '2816x1584'],
		[FLASH, undefined, 'A pier', '2048x2048'],
		[LITE, '2K', 'A pier, 16:9', '2848x1600'],
		[V45, '4K', 'A pier, 3:2', '4992x3328'],
		[T2I, undefined, 'A pier', '1024x1024'],
		['ep-20260101-abcde', '3K', 'A pier', '3072x3072'],
	])('%s, size %s, %j → %s', async (model, size, prompt, answered) => {
		const json = await ok({ model, prompt, ...(size ? { size } : {}) });
		expect(json.data[0].size).toBe(answered);
	});

	it('adds what Pro/Flash send back (output_format, input_images) and the web searches of Lite', async () => {
		const pro = await ok({ model: PRO, prompt: 'x', image: [IMG, IMG], output_format: 'png' });
		expect(pro.data[0].output_format).toBe('png');
		expect(pro.usage.input_images).toBe(2);
		const lite = await ok({ model: LITE, prompt: 'x', image: IMG, tools: [{ type: 'web_search' }] });
		expect(lite.data[0].output_format).toBeUndefined();
		expect(lite.usage).toEqual({ generated_images: 1, output_tokens: 16384, total_tokens: 16384, tool_usage: { web_search: 1 } });
	});

	it('makes a transparent PNG for background: transparent', async () => {
		const json = await ok({ model: FLASH, prompt: 'cut out', image: sampleImageDataUrl(), background: 'transparent', output_format: 'png' });
		expect(json.data[0].size).toBe('2048x2048');
		expect(sim.images[0].data.includes(Buffer.from('tRNS'))).toBe(true);
	});
});

describe('the rules per model (strict)', () => {
	it.each([
		[V45, 'output_format', 'png'],
		[V40, 'output_format', 'jpeg'],
		[PRO, 'stream', true],
		[FLASH, 'stream', false],
		[PRO, 'sequential_image_generation', 'disabled'],
		[FLASH, 'sequential_image_generation_options', { max_images: 1 }],
		[V45, 'tools', [{ type: 'web_search' }]],
		[PRO, 'tools', [{ type: 'web_search' }]],
		[V40, 'seed', 42],
		[LITE, 'guidance_scale', 5],
		[T2I, 'image', IMG],
		[T2I, 'optimize_prompt_options', { mode: 'standard' }],
		[LITE, 'layer_decomposition', false],
		[LITE, 'n', 2],
		['ep-x', 'n', 2],
	])('%s refuses %s', async (model, field, value) => {
		const error = await refused({ model, prompt: 'x', [field]: value });
		expect(error.code).toBe('InvalidParameter');
		expect(error.param).toBe(field);
	});

	it('takes every documented field from a model it does not know', async () => {
		const json = await ok({
			model: 'ep-20260101-abcde',
			prompt: 'x',
			image: IMG,
			size: '2048x1024',
			seed: 7,
			guidance_scale: 2.5,
			sequential_image_generation: 'auto',
			sequential_image_generation_options: { max_images: 2 },
			response_format: 'url',
			watermark: false,
			output_format: 'png',
			optimize_prompt_options: { mode: 'fast', thinking: 'disabled' },
			optimize_prompt: true,
			tools: [{ type: 'web_search' }],
		});
		expect(json.data).toHaveLength(2);
		expect(json.data[0].size).toBe('2048x1024');
	});

	it.each([
		[{ prompt: 'x' }, 'MissingParameter', 'model'],
		[{ model: LITE }, 'MissingParameter', 'prompt'],
		[{ model: LITE, prompt: '  ' }, 'MissingParameter', 'prompt'],
		[{ model: LITE, prompt: 1 }, 'InvalidParameter', 'prompt'],
		[{ model: PRO, prompt: 'x', image: Array(11).fill(IMG) }, 'InvalidParameter', 'image'],
		[{ model: LITE, prompt: 'x', image: Array(15).fill(IMG) }, 'InvalidParameter', 'image'],
		[{ model: 'ep-x', prompt: 'x', image: Array(15).fill(IMG) }, 'InvalidParameter', 'image'],
		[{ model: SEEDEDIT, prompt: 'x' }, 'InvalidParameter', 'image'],
		[{ model: LITE, prompt: 'x', image: [] }, 'InvalidParameter', 'image'],
		[{ model: LITE, prompt: 'x', image: '' }, 'InvalidImageURL.EmptyURL', 'image'],
		[{ model: LITE, prompt: 'x', image: 'ftp://x/y.png' }, 'InvalidImageURL.InvalidFormat', 'image'],
		[{ model: LITE, prompt: 'x', image: 'data:image/png;base64,aGVsbG8=' }, 'InvalidImageURL.InvalidFormat', 'image'],
		[{ model: LITE, prompt: 'x', image: 'data:image/PNG;base64,aGVsbG8=' }, 'InvalidImageURL.InvalidFormat', 'image'],
		[{ model: LITE, prompt: 'x', image: sampleImageDataUrl().replace('image/jpeg', 'image/png') }, 'InvalidImageURL.InvalidFormat', 'image'],
		[{ model: LITE, prompt: 'x', image: `data:image/png;base64,${makePng(14, 40).toString('base64')}` }, 'InvalidParameter', 'image'],
		[{ model: LITE, prompt: 'x', image: `data:image/png;base64,${makePng(17, 1).toString('base64')}` }, 'InvalidParameter', 'image'],
		[{ model: SEEDEDIT, prompt: 'x', image: `data:image/png;base64,${makePng(400, 100).toString('base64')}` }, 'InvalidParameter', 'image'],
		[{ model: V45, prompt: 'x', size: '1K' }, 'InvalidParameter', 'size'],
		[{ model: PRO, prompt: 'x', size: '4K' }, 'InvalidParameter', 'size'],
		[{ model: LITE, prompt: 'x', size: '2k' }, 'InvalidParameter', 'size'],
		[{ model: LITE, prompt: 'x', size: '2048X2048' }, 'InvalidParameter', 'size'],
		[{ model: LITE, prompt: 'x', size: '2048×2048' }, 'InvalidParameter', 'size'],
		[{ model: V45, prompt: 'x', size: '1024x1024' }, 'InvalidParameter', 'size'],
		[{ model: PRO, prompt: 'x', size: '2160x2160' }, 'InvalidParameter', 'size'],
		[{ model: LITE, prompt: 'x', size: '8321x520' }, 'InvalidParameter', 'size'],
		[{ model: V45, prompt: 'x', size: 'adaptive' }, 'InvalidParameter', 'size'],
		[{ model: T2I, prompt: 'x', size: '2K' }, 'InvalidParameter', 'size'],
		[{ model: SEEDEDIT, prompt: 'x', image: IMG, size: '1024x1024' }, 'InvalidParameter', 'size'],
		[{ model: LITE, prompt: 'x', sequential_image_generation: 'on' }, 'InvalidParameter', 'sequential_image_generation'],
		[{ model: LITE, prompt: 'x', sequential_image_generation_options: { max_images: 16 } }, 'InvalidParameter', 'sequential_image_generation_options.max_images'],
		[{ model: LITE, prompt: 'x', image: Array(4).fill(IMG), sequential_image_generation: 'auto', sequential_image_generation_options: { max_images: 12 } }, 'InvalidParameter', 'sequential_image_generation_options.max_images'],
		[{ model: LITE, prompt: 'x', optimize_prompt_options: { mode: 'fast' } }, 'InvalidParameter', 'optimize_prompt_options.mode'],
		[{ model: FLASH, prompt: 'x', optimize_prompt_options: { thinking: 'disabled' } }, 'InvalidParameter', 'optimize_prompt_options.thinking'],
		[{ model: LITE, prompt: 'x', response_format: 'base64' }, 'InvalidParameter', 'response_format'],
		[{ model: LITE, prompt: 'x', output_format: 'jpg' }, 'InvalidParameter', 'output_format'],
		[{ model: LITE, prompt: 'x', watermark: 'no' }, 'InvalidParameter', 'watermark'],
		[{ model: LITE, prompt: 'x', tools: [{ type: 'code' }] }, 'InvalidParameter', 'tools'],
		[{ model: PRO, prompt: 'x', background: 'transparent', output_format: 'png' }, 'InvalidParameter', 'background'],
		[{ model: PRO, prompt: 'x', layer_decomposition: true }, 'InvalidParameter', 'layer_decomposition'],
		[{ model: T2I, prompt: 'x', seed: 2147483648 }, 'InvalidParameter', 'seed'],
		[{ model: T2I, prompt: 'x', guidance_scale: 11 }, 'InvalidParameter', 'guidance_scale'],
	])('%j → %s (%s)', async (body, code, param) => {
		const error = await refused(body);
		expect(error).toMatchObject({ code, param });
		expect(sim.stats.validationErrors).toBe(1);
		expect(sim.images).toHaveLength(0);
	});

	it('takes each model in every documented spelling; missing-… is not found', async () => {
		for (const model of ['dola-seedream-5-0-pro-260628', 'seedream-5-0-pro-260628', 'seedream-5-0-lite-260128', 'doubao-seedream-5-0-lite-260128', 'seededit-3-0-i2i-250628']) {
			const r = await generate({ model, prompt: 'x', ...(model.includes('seededit') ? { image: IMG } : {}), stream: true });
			// Known in that spelling: the model's own rules apply (only Lite streams).
			expect(r.status).toBe(model.includes('lite') ? 200 : 400);
		}
		expect((await refused({ model: 'missing-seedream', prompt: 'x' }, 404)).code).toBe('InvalidEndpointOrModel.NotFound');
	});

	it('takes the largest and smallest documented sizes and the older models\' own fields', async () => {
		expect((await ok({ model: LITE, prompt: 'x', size: '4096x4096' })).data[0].size).toBe('4096x4096');
		expect((await ok({ model: V45, prompt: 'x', size: '1920x1920' })).data[0].size).toBe('1920x1920');
		expect((await ok({ model: PRO, prompt: 'x', size: '960x960' })).data[0].size).toBe('960x960');
		expect((await ok({ model: T2I, prompt: 'x', size: '512x512', seed: 3, guidance_scale: 2.5 })).data[0].size).toBe('512x512');
		const edit = await ok({ model: SEEDEDIT, prompt: 'x', image: sampleImageDataUrl(), size: 'adaptive', seed: -1 });
		expect(edit.data[0].size).toBe('400x300');
	});
});

describe('groups and per-image errors', () => {
	it('makes max_images images with auto; the budget left by references without it', async () => {
		expect((await ok({ model: LITE, prompt: 'x', sequential_image_generation: 'auto', sequential_image_generation_options: { max_images: 4 } })).data).toHaveLength(4);
		expect((await ok({ model: V45, prompt: 'x', image: [IMG, IMG, IMG], sequential_image_generation: 'auto' })).data).toHaveLength(12);
		expect((await ok({ model: V40, prompt: 'x', sequential_image_generation: 'disabled', sequential_image_generation_options: { max_images: 4 } })).data).toHaveLength(1);
		expect((await ok({ model: V40, prompt: `x ${IMAGE_TRIGGERS.images(2)}`, sequential_image_generation: 'auto', sequential_image_generation_options: { max_images: 9 } })).data).toHaveLength(2);
		expect((await ok({ model: V40, prompt: `x ${IMAGE_TRIGGERS.images(20)}`, sequential_image_generation: 'auto', sequential_image_generation_options: { max_images: 3 } })).data).toHaveLength(3);
		expect(sim.stats.imagesGenerated).toBe(4 + 12 + 1 + 2 + 3);
		expect(new Set(sim.images.map((i) => i.name)).size).toBe(sim.images.length);
	});

	it('blocks the filtered images only; usage counts the images made', async () => {
		const prompt = `x ${IMAGE_TRIGGERS.filterImage(1)} ${IMAGE_TRIGGERS.filterImage(3)}`;
		const json = await ok({ model: LITE, prompt, size: '2K', sequential_image_generation: 'auto', sequential_image_generation_options: { max_images: 4 } });
		expect(json.data.map((d: any) => (d.error ? d.error.code : 'url'))).toEqual(['url', 'OutputImageSensitiveContentDetected', 'url', 'OutputImageSensitiveContentDetected']);
		expect(json.usage).toEqual({ generated_images: 2, output_tokens: 32768, total_tokens: 32768 });
		expect(sim.images.map((i) => i.index)).toEqual([0, 2]);
		expect(sim.stats.imagesGenerated).toBe(2);
		const answer = readImagesAnswer(json);
		expect(answer.images.map((i) => i.index)).toEqual([0, 1, 2, 3]);
	});

	it('stops at a server error inside a group', async () => {
		const json = await ok({ model: V40, prompt: `x ${IMAGE_TRIGGERS.failImage(2)}`, sequential_image_generation: 'auto', sequential_image_generation_options: { max_images: 5 } });
		expect(json.data).toHaveLength(3);
		expect(json.data[2].error.code).toBe('InternalServiceError');
		expect(json.usage.generated_images).toBe(2);
	});

	it('fails a one-image request whole', async () => {
		expect((await refused({ model: PRO, prompt: `x ${IMAGE_TRIGGERS.filterImage(0)}` })).code).toBe('OutputImageSensitiveContentDetected');
		expect((await refused({ model: V45, prompt: `x ${IMAGE_TRIGGERS.failImage(0)}` }, 500)).code).toBe('InternalServiceError');
		expect(sim.images).toHaveLength(0);
	});

	it.each([
		[IMAGE_TRIGGERS.unsafeOutput, IMG, 'OutputImageSensitiveContentDetected'],
		[IMAGE_TRIGGERS.unsafeText, IMG, 'InputTextSensitiveContentDetected'],
		['x', `${IMG}?${IMAGE_TRIGGERS.privacyImage}`, 'InputImageSensitiveContentDetected.PrivacyInformation'],
	])('refuses the whole request for %s / %s', async (prompt, image, code) => {
		expect((await refused({ model: LITE, prompt, image })).code).toBe(code);
		expect(sim.stats.imagesGenerated).toBe(0);
	});
});

describe('streaming', () => {
	const group = { model: LITE, sequential_image_generation: 'auto', sequential_image_generation_options: { max_images: 3 } };

	it('sends one event per image, then completed, then [DONE], each written on its own', async () => {
		const r = await generate({ ...group, prompt: `x ${IMAGE_TRIGGERS.filterImage(1)}`, stream: true });
		expect(r.status).toBe(200);
		expect(r.headers['content-type']).toBe('text/event-stream; charset=utf-8');
		const blocks = r.text.split('\n\n').filter((b) => b !== '');
		expect(blocks.map((b) => b.split('\n')[0])).toEqual([
			'event: image_generation.partial_succeeded',
			'event: image_generation.partial_failed',
			'event: image_generation.partial_succeeded',
			'event: image_generation.completed',
			'data: [DONE]',
		]);
		const first = JSON.parse(blocks[0].split('\n')[1].slice(6));
		expect(first).toEqual({ type: 'image_generation.partial_succeeded', model: LITE, created: expect.any(Number), image_index: 0, url: sim.images[0].url, size: '2048x2048' });
		expect(JSON.parse(blocks[1].split('\n')[1].slice(6))).toMatchObject({ image_index: 1, error: { code: 'OutputImageSensitiveContentDetected' } });
		expect(JSON.parse(blocks[3].split('\n')[1].slice(6)).usage).toEqual({ generated_images: 2, output_tokens: 32768, total_tokens: 32768 });
		expect(r.chunks.length).toBeGreaterThanOrEqual(3);
	});

	it('the node\'s stream reader reads it as the same answer as the whole one', async () => {
		const body = { ...group, prompt: `x ${IMAGE_TRIGGERS.filterImage(0)}`, response_format: 'b64_json' };
		const whole = readImagesAnswer((await generate(body)).json);
		const streamed = await generate({ ...body, stream: true });
		const parser = new ImageStreamParser();
		const events = streamed.chunks.flatMap((chunk) => parser.feed(chunk)).concat(parser.end());
		const answer = imagesFromStream(events);
		expect(answer.images.map((i) => ('error' in i ? i.error.code : i.size))).toEqual(whole.images.map((i) => ('error' in i ? i.error.code : i.size)));
		expect(answer.usage).toEqual(whole.usage);
		expect(events[events.length - 1]).toEqual({ kind: 'done' });
	});

	it('can leave out the completed event', async () => {
		const r = await generate({ ...group, prompt: `x ${IMAGE_TRIGGERS.noCompleted}`, stream: true });
		expect(r.text).not.toContain('image_generation.completed');
		expect(r.text.endsWith('data: [DONE]\n\n')).toBe(true);
	});

	it('answers errors found before any image as plain JSON', async () => {
		const r = await generate({ ...group, prompt: IMAGE_TRIGGERS.unsafeText, stream: true });
		expect(r.status).toBe(400);
		expect(r.headers['content-type']).toMatch(/^application\/json/);
	});
});

describe('the IPM limit (images per minute)', () => {
	const groupOf = (n: number, prompt = 'x') => ({ model: V45, prompt, sequential_image_generation: 'auto', sequential_image_generation_options: { max_images: n } });

	it('reserves the most a request may make, refuses beyond the limit with 429, and counts only what was made', async () => {
		sim.fault({ kind: 'ipm', limit: 6, windowMs: 60_000, retryAfter: 7 });
		await ok(groupOf(4, `x ${IMAGE_TRIGGERS.images(1)}`)); // reserves 4, makes 1
		await ok(groupOf(5)); // 1 + 5 = 6
		const r = await generate({ model: PRO, prompt: 'x' });
		expect(r.status).toBe(429);
		expect(r.headers['retry-after']).toBe('7');
		expect(r.json.error.code).toBe('ModelAccountIpmRateLimitExceeded');
		expect(sim.stats).toMatchObject({ imagesGenerated: 6, rateLimited: 1, validationErrors: 0 });
		expect(sim.images).toHaveLength(6);
	});

	it('refuses a group whose reservation would pass the limit, and the window slides', async () => {
		sim.fault({ kind: 'ipm', limit: 3, windowMs: 300 });
		expect((await generate(groupOf(4))).status).toBe(429);
		await ok(groupOf(3));
		expect((await generate({ model: V45, prompt: 'x' })).status).toBe(429);
		await new Promise((resolve) => setTimeout(resolve, 350));
		await ok({ model: V45, prompt: 'x' });
		sim.clearFaults();
		await ok(groupOf(10));
	});

	it('leaves the task route to the rpm fault', async () => {
		sim.fault({ kind: 'rpm', limit: 0 });
		await ok({ model: V45, prompt: 'x' });
		sim.clearFaults();
		sim.fault({ kind: 'ipm', limit: 0, code: 'QuotaExceeded' });
		expect((await refused({ model: V45, prompt: 'x' }, 429)).code).toBe('QuotaExceeded');
	});
});

describe('faults on the images route', () => {
	it('status-after-create: the images are made (and billed), the answer is an error', async () => {
		sim.fault({ kind: 'status-after-create', route: 'images', status: 502 });
		const r = await generate({ model: LITE, prompt: 'x' });
		expect(r.status).toBe(502);
		expect(sim.stats).toMatchObject({ imagesGenerated: 1, faultsFired: 1 });
		expect(sim.images).toHaveLength(1);
	});

	it('reset-after-create: the images are made, the connection drops', async () => {
		sim.fault({ kind: 'reset-after-create', route: 'images' });
		await expect(generate({ model: LITE, prompt: 'x' })).rejects.toThrow();
		expect(sim.stats.imagesGenerated).toBe(1);
	});

	it('gateway-late: a gateway page at once, the images made after', async () => {
		sim.fault({ kind: 'gateway-late', route: 'images', delayMs: 50 });
		const r = await generate({ model: LITE, prompt: 'x', sequential_image_generation: 'auto', sequential_image_generation_options: { max_images: 2 } });
		expect(r.status).toBe(504);
		expect(r.text).toContain('<title>504 Gateway Time-out</title>');
		expect(sim.stats.imagesGenerated).toBe(0);
		await new Promise((resolve) => setTimeout(resolve, 120));
		expect(sim.stats.imagesGenerated).toBe(2);
	});

	it('html: a proxy page, nothing made; faults armed for create do not fire here, any does', async () => {
		sim.fault({ kind: 'status', route: 'create', status: 500 });
		await ok({ model: LITE, prompt: 'x' });
		sim.clearFaults();
		sim.fault({ kind: 'html', route: 'images' });
		const r = await generate({ model: LITE, prompt: 'x' });
		expect(r.status).toBe(502);
		expect(r.headers['content-type']).toBe('text/html');
		sim.fault({ kind: 'status', status: 503 });
		expect((await generate({ model: LITE, prompt: 'x' })).status).toBe(503);
		expect(sim.stats.imagesGenerated).toBe(1);
	});

	it('status-after-create spoils a stream too; cut breaks an image download half way', async () => {
		sim.fault({ kind: 'status-after-create', route: 'images' });
		const r = await generate({ model: V40, prompt: 'x', stream: true });
		expect(r.status).toBe(500);
		expect(sim.images).toHaveLength(1);
		const url = (await ok({ model: V40, prompt: 'x' })).data[0].url;
		sim.fault({ kind: 'cut', route: 'file' });
		await expect(call('GET', url, { key: null })).rejects.toThrow();
	});

	it('cut-stream: a stream breaks off after its first events, a JSON answer half way; the images are all made', async () => {
		sim.fault({ kind: 'cut-stream', route: 'images', after: 2 });
		const group = { model: V45, prompt: `x ${IMAGE_TRIGGERS.images(4)}`, sequential_image_generation: 'auto', sequential_image_generation_options: { max_images: 4 }, stream: true };
		const parser = new ImageStreamParser();
		const seen: any[] = [];
		await new Promise<void>((resolve) => {
			const req = http.request(sim.arkUrl + PATH, { method: 'POST', headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' }, agent: false }, (res) => {
				expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
				res.on('data', (chunk: Buffer) => seen.push(...parser.feed(chunk)));
				res.on('error', () => resolve());
				res.on('aborted', () => resolve());
				res.on('close', () => resolve());
			});
			req.on('error', () => resolve());
			req.end(JSON.stringify(group));
		});
		expect(seen.map((event) => event.kind === 'image' && event.image.index)).toEqual([0, 1]);
		expect(sim.stats.imagesGenerated).toBe(4);

		sim.fault({ kind: 'cut-stream', route: 'images' });
		await expect(generate({ model: PRO, prompt: 'x' })).rejects.toThrow();
		expect(sim.stats.imagesGenerated).toBe(5);
	});

	it('slow-stream: each event goes delayMs after the one before', async () => {
		sim.fault({ kind: 'slow-stream', route: 'images', delayMs: 60 });
		const started = Date.now();
		const r = await generate({ model: V45, prompt: `x ${IMAGE_TRIGGERS.images(2)}`, sequential_image_generation: 'auto', sequential_image_generation_options: { max_images: 2 }, stream: true });
		// Two images, completed, [DONE]: three gaps.
		expect(Date.now() - started).toBeGreaterThanOrEqual(180);
		expect(imagesFromStream(new ImageStreamParser().feed(r.text + '\n')).images.map((image) => image.index)).toEqual([0, 1]);
		expect(() => sim.fault({ kind: 'slow-stream', route: 'images' } as any)).toThrow(/delayMs/);
	});

	it('refuses faults that do not apply to images', () => {
		expect(() => sim.fault({ kind: 'cut-stream', route: 'create' as 'images' })).toThrow(/does not apply/);
		expect(() => sim.fault({ kind: 'no-status', route: 'images' as 'get' })).toThrow(/does not apply/);
		expect(() => sim.fault({ kind: 'ipm', limit: -1 })).toThrow(/limit/);
	});
});

describe('counters, clock and reset', () => {
	it("reads the simulator's clock: the answer's time, the URLs' date, the image records and the IPM window", async () => {
		let now = Date.UTC(2027, 0, 2, 3, 4, 5);
		const timed = await startSimulator({ port: 0, apiKeys: [KEY], clock: { now: () => now } as any });
		try {
			const at = (body: unknown) => call('POST', timed.arkUrl + PATH, { body });
			timed.fault({ kind: 'ipm', limit: 1, windowMs: 60_000 });
			const first = (await at({ model: LITE, prompt: 'x' })).json;
			expect(first.created).toBe(now / 1000);
			expect(first.data[0].url).toContain('X-Tos-Date=20270102T030405Z');
			expect(timed.images[0].time).toBe(now);
			expect((await at({ model: LITE, prompt: 'x' })).status).toBe(429);
			now += 60_001; // the window slides on the simulator's clock, not the real one
			expect((await at({ model: LITE, prompt: 'x' })).status).toBe(200);
		} finally {
			await timed.close();
		}
	});

	it('grows each image to about imageBytes with data decoders skip, for benchmarks', async () => {
		const big = await startSimulator({ port: 0, apiKeys: [KEY], imageBytes: 300_000 });
		try {
			for (const format of ['jpeg', 'png']) {
				const body = { model: LITE, prompt: 'x', size: '2048x2048', output_format: format };
				const [{ url }] = (await call('POST', big.arkUrl + PATH, { body })).json.data;
				const bytes = (await call('GET', url, { key: null })).raw;
				expect(Math.abs(bytes.length - 300_000)).toBeLessThan(64);
				expect(dimensionsOf(bytes)).toEqual({ format, width: 2048, height: 2048 });
				if (format === 'png') checkPng(bytes, 2048, 2048);
				else expect(bytes.subarray(-2)).toEqual(Buffer.from([0xff, 0xd9]));
			}
		} finally {
			await big.close();
		}
	});

	it('shifts created with the server clock and drops everything on reset', async () => {
		sim.setClockOffset(3600_000);
		const json = await ok({ model: LITE, prompt: 'x' });
		expect(json.created - Date.now() / 1000).toBeGreaterThan(3500);
		const url = json.data[0].url;
		sim.reset();
		expect(sim.images).toHaveLength(0);
		expect(sim.stats).toMatchObject({ imageRequests: 0, imagesGenerated: 0 });
		expect((await call('GET', url, { key: null })).status).toBe(404);
		expect(() => sim.expireImage(url)).toThrow(/no hosted image/);
	});
});
