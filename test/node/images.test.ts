/* eslint-disable -- test code, never shipped: n8n's rules do not apply; eslint.dev.config.mjs lints it (npm run lint) */
/**
 * Image → Generate (Seedream) through n8n's real execution path against the simulator's images
 * route, on the virtual clock it shares with the node: the body on the wire per model, one output
 * item per image with its binary data, per-image errors, bad input refused before anything is
 * paid for, answers lost after the images were made never sent again, streams cut short keeping
 * their images, the IPM limit, bounded downloads, the agent's view.
 */
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { getBinaryBuffer, shutdownHarness, type RunResult } from '../harness';
import { makePng } from '../helpers/png';
import type { Simulator } from '../simulator';
import { API_KEY, everythingShown, model, storedExecutionData, useSimulator } from './setup';

const env = useSimulator();
afterAll(async () => await shutdownHarness());

const LITE = 'doubao-seedream-5-0-260128';
const PRO = 'doubao-seedream-5-0-pro-260628';
const FOUR_FIVE = 'doubao-seedream-4-5-251128';

function imageParams(overrides: INodeParameters = {}): INodeParameters {
	return { resource: 'image', operation: 'generate', model: model(LITE), prompt: 'A red bicycle on a brick wall', ...overrides };
}

const imageRequests = (sim: Simulator) => sim.requests.filter((r) => r.route === 'images');
const bodyOf = (sim: Simulator, n = 0) => imageRequests(sim)[n].body as Record<string, unknown>;
const items = (n: number, json: (i: number) => IDataObject = (i) => ({ n: i })) => Array.from({ length: n }, (_, i) => ({ json: json(i) }));

/**
 * What Image → Generate promises for any run: every image the simulator made for this run is in
 * an output item (with its URL) or named in the error; every output item is paired with an input
 * item; the key is nowhere.
 */
function expectNothingLost(result: RunResult, sim: Simulator, inputCount: number) {
	const shown = everythingShown(result);
	for (const image of sim.images) if (image.url) expect(shown).toContain(image.url);
	for (const item of result.items) {
		const paired = item.pairedItem as { item: number };
		expect(paired.item).toBeGreaterThanOrEqual(0);
		expect(paired.item).toBeLessThan(inputCount);
	}
	expect(shown).not.toContain(API_KEY);
	expect(storedExecutionData(result)).not.toContain(API_KEY);
}

describe('Image → Generate: text to image', () => {
	it('sends the prompt alone to 5.0 Lite (streamed), and outputs the image as binary with its facts', async () => {
		const result = await env.run(imageParams({ size: '2K', aspectRatio: '16:9' }));
		expect(result.error).toBeUndefined();
		expect(imageRequests(env.sim)).toHaveLength(1);
		const [request] = imageRequests(env.sim);
		expect(request.path).toBe('/api/v3/images/generations');
		expect(request.auth).toBe('valid');
		// The documented size for 2K at 16:9 on 5.0 Lite; streamed (Lite streams); nothing else.
		expect(request.body).toEqual({ model: LITE, prompt: 'A red bicycle on a brick wall', size: '2848x1600', stream: true });

		const [made] = env.sim.images;
		expect(result.items).toHaveLength(1);
		const [item] = result.items;
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(item.json).toEqual({
			index: 0,
			url: made.url,
			size: '2848x1600',
			width: 2848,
			height: 1600,
			outputFormat: 'jpeg',
			prompt: 'A red bicycle on a brick wall',
			model: LITE,
			seed: null,
			createdAt: '2026-12-04T12:00:00.000Z',
			usage: { generated_images: 1, output_tokens: Math.round((2848 * 1600) / 256), total_tokens: Math.round((2848 * 1600) / 256) },
			// A custom base URL publishes no prices (the cost tests below price it).
			cost: { status: 'unknown', images: 1, note: expect.stringContaining('A custom base URL publishes no prices') },
		});
		expect(item.binary!.data).toMatchObject({ mimeType: 'image/jpeg', fileName: made.name, fileExtension: 'jpeg' });
		expect((await getBinaryBuffer(item)).equals(made.data)).toBe(true);
		// Downloaded once, by GET, without the key.
		const downloads = env.sim.requests.filter((r) => r.route === 'file');
		expect(downloads.map((r) => [r.method, r.auth])).toEqual([['GET', 'missing']]);
		expectNothingLost(result, env.sim, 1);
	});

	it('sends only what each model takes: 5.0 Pro gets no stream, PNG and a tier; 4.5 asked for JPEG gets no output_format', async () => {
		const pro = await env.run(imageParams({ model: model(PRO), size: '1.5K', options: { outputFormat: 'png', promptOptimisation: 'fast', watermark: false } }));
		expect(pro.error).toBeUndefined();
		expect(bodyOf(env.sim)).toEqual({
			model: PRO,
			prompt: 'A red bicycle on a brick wall',
			size: '1.5K',
			watermark: false,
			output_format: 'png',
			optimize_prompt_options: { mode: 'fast' },
		});
		expect(pro.items[0].json).toMatchObject({ outputFormat: 'png', usage: { generated_images: 1, input_images: 0 } });
		expect(pro.items[0].binary!.data).toMatchObject({ mimeType: 'image/png' });

		env.sim.reset();
		const fourFive = await env.run(imageParams({ model: model(FOUR_FIVE), size: 'custom', width: 2560, height: 1440, options: { outputFormat: 'jpeg' } }));
		expect(fourFive.error).toBeUndefined();
		expect(bodyOf(env.sim)).toEqual({ model: FOUR_FIVE, prompt: 'A red bicycle on a brick wall', size: '2560x1440', stream: true });
	});

	it('spells a listed model for BytePlus, and passes a model it does not know as typed, with only the shared checks', async () => {
		await env.run(imageParams({ model: model(PRO), size: '1K' }), { baseUrl: env.sim.arkUrl });
		expect(bodyOf(env.sim).model).toBe(PRO);

		env.sim.reset();
		// A model the node does not catalogue (Seedream 3.0 by ID): a seed and a WxH pass, no stream is asked for.
		const result = await env.run(imageParams({ model: model('doubao-seedream-3-0-t2i-250415', 'id'), size: 'custom', width: 1024, height: 1024, options: { seed: 42 } }));
		expect(result.error).toBeUndefined();
		expect(bodyOf(env.sim)).toEqual({ model: 'doubao-seedream-3-0-t2i-250415', prompt: 'A red bicycle on a brick wall', size: '1024x1024', seed: 42 });
		expect(result.items[0].json.seed).toBe(42);
	});

	it('receives base64 images when asked: decoded into binary data, no download, no URL', async () => {
		const result = await env.run(imageParams({ model: model(PRO), size: '1K', options: { responseFormat: 'b64_json', outputFormat: 'png' } }));
		expect(result.error).toBeUndefined();
		expect(bodyOf(env.sim)).toMatchObject({ response_format: 'b64_json' });
		expect(result.items[0].json).toMatchObject({ url: null, outputFormat: 'png', size: '1024x1024' });
		expect((await getBinaryBuffer(result.items[0])).equals(env.sim.images[0].data)).toBe(true);
		expect(result.items[0].binary!.data).toMatchObject({ mimeType: 'image/png', fileName: 'seedream-1.png' });
		expect(env.sim.stats.imageDownloads).toBe(0);
		expect(JSON.stringify(result.items[0].json)).not.toContain(env.sim.images[0].data.toString('base64').slice(0, 40));
	});

	it('Download Images off: the items carry the URLs only', async () => {
		const result = await env.run(imageParams({ options: { downloadImages: false } }));
		expect(result.items[0].json.url).toBe(env.sim.images[0].url);
		expect(result.items[0].binary).toBeUndefined();
		expect(env.sim.stats.imageDownloads).toBe(0);
	});
});

describe('Image → Generate: groups and reference images', () => {
	it('a group gives one item per image, all paired with their input item, in order', async () => {
		const result = await env.run(imageParams({ model: model(FOUR_FIVE), prompt: '={{ $json.p }}', maxImages: 4 }), {
			inputItems: [{ json: { p: 'a comic strip [sim:images=3]' } }, { json: { p: 'a character sheet [sim:images=2]' } }],
		});
		expect(result.error).toBeUndefined();
		expect(imageRequests(env.sim).map((r) => (r.body as any).sequential_image_generation_options)).toEqual([{ max_images: 4 }, { max_images: 4 }]);
		expect(result.items.map((i) => [i.pairedItem, i.json.index, i.json.prompt])).toEqual([
			[{ item: 0 }, 0, 'a comic strip [sim:images=3]'],
			[{ item: 0 }, 1, 'a comic strip [sim:images=3]'],
			[{ item: 0 }, 2, 'a comic strip [sim:images=3]'],
			[{ item: 1 }, 0, 'a character sheet [sim:images=2]'],
			[{ item: 1 }, 1, 'a character sheet [sim:images=2]'],
		]);
		for (const item of result.items) {
			expect(item.json.usage).toMatchObject({ generated_images: item.pairedItem && (item.pairedItem as any).item === 0 ? 3 : 2 });
			const made = env.sim.images.find((image) => image.url === item.json.url)!;
			expect((await getBinaryBuffer(item)).equals(made.data)).toBe(true);
		}
		expectNothingLost(result, env.sim, 2);
	});

	it('a group where one image was blocked gives the others and an error item for that one, never a silent drop', async () => {
		const result = await env.run(imageParams({ prompt: 'four seasons [sim:images=4] [sim:filter-image=1]', maxImages: 4 }));
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => [i.json.index, i.json.error === undefined, i.binary !== undefined])).toEqual([
			[0, true, true],
			[1, false, false],
			[2, true, true],
			[3, true, true],
		]);
		expect(result.items[1].json).toMatchObject({
			error: 'Image 2 of this request was not made: the generated image was blocked by the content safety check',
			code: 'OutputImageSensitiveContentDetected',
			index: 1,
			usage: { generated_images: 3 },
		});
		expect(result.items[1].json.description).toMatch(/not billed/);
		expectNothingLost(result, env.sim, 1);
	});

	it('a server error mid-group keeps the images before it and says the rest were not made', async () => {
		const result = await env.run(imageParams({ model: model('doubao-seedream-4-0-250828'), prompt: 'steps [sim:images=4] [sim:fail-image=2]', maxImages: 4 }));
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.json.code ?? i.json.index)).toEqual([0, 1, 'InternalServiceError']);
		expect(env.sim.stats.imageRequests).toBe(1);
	});

	it('a request where every image failed is an error (an error item with Continue On Fail)', async () => {
		const params = imageParams({ prompt: 'two [sim:images=2] [sim:filter-image=0] [sim:filter-image=1]', maxImages: 2 });
		const stopped = await env.run(params);
		expect(stopped.items).toEqual([]);
		expect(stopped.error?.message).toBe('The generated image was blocked by the content safety check (all 2 images of the group failed)');
		env.sim.reset();
		const continued = await env.run(params, { continueOnFail: true });
		expect(continued.items).toHaveLength(1);
		expect(continued.items[0].json).toMatchObject({ error: expect.stringMatching(/blocked/), code: 'OutputImageSensitiveContentDetected' });
		expect(continued.items[0].pairedItem).toEqual({ item: 0 });
	});

	it('sends reference images from URLs, data URLs and binary fields, checked by Seedream\'s rules (a 200×100 PNG passes)', async () => {
		const small = makePng(200, 100);
		const dataUrl = `data:image/png;base64,${makePng(64, 64).toString('base64')}`;
		const result = await env.run(
			imageParams({
				referenceImages: {
					image: [
						{ source: 'url', url: 'https://img.example/character.png' },
						{ source: 'url', url: dataUrl },
						{ source: 'binary', binaryProperty: 'logo' },
					],
				},
			}),
			{ inputItems: [{ json: {}, binary: { logo: { data: small, mimeType: 'image/png', fileName: 'logo.png' } } }] },
		);
		expect(result.error).toBeUndefined();
		expect(bodyOf(env.sim).image).toEqual(['https://img.example/character.png', dataUrl, `data:image/png;base64,${small.toString('base64')}`]);
	});

	it.each(['filesystem', 'default'] as const)('sends one binary reference as a string, whole and exact (%s mode)', async (binaryDataMode) => {
		const photo = Buffer.concat([makePng(1280, 720), Buffer.alloc(300_000, 3)]);
		const result = await env.run(imageParams({ referenceImages: { image: [{ source: 'binary', binaryProperty: 'photo' }] } }), {
			binaryDataMode,
			inputItems: [{ json: {}, binary: { photo: { data: photo, mimeType: 'image/png' } } }],
		});
		expect(result.error).toBeUndefined();
		expect(bodyOf(env.sim).image).toBe(`data:image/png;base64,${photo.toString('base64')}`);
	});
});

describe('Image → Generate: bad input is refused before anything is paid for', () => {
	const png = makePng(640, 480);
	const cases: Array<[string, INodeParameters, RegExp, INodeExecutionData['binary']?]> = [
		['a size below the model\'s pixels', { model: model(FOUR_FIVE), size: 'custom', width: 1024, height: 1024 }, /Size 1024x1024 is 1,048,576 pixels; Seedream 4\.5 makes 3,686,400 to 16,777,216/],
		['a size too long and thin', { model: model('doubao-seedream-4-0-250828'), size: 'custom', width: 4000, height: 240 }, /Size 4000x240 has a width\/height ratio of 16\.667; Seedream 4\.0 makes 1\/16 to 16/],
		['a tier the model lacks', { model: model(PRO), size: '4K' }, /Size 4K is not a tier of Seedream 5\.0 Pro/],
		['a group on a model that makes one image', { model: model(PRO), maxImages: 3 }, /Seedream 5\.0 Pro makes one image per request; Max Images is 3/],
		['PNG on 4.5', { model: model(FOUR_FIVE), options: { outputFormat: 'png' } }, /Output Format "png" is not supported on Seedream 4\.5/],
		['fast prompt optimisation on 5.0 Lite', { options: { promptOptimisation: 'fast' } }, /Prompt Optimisation "fast" is not supported on Seedream 5\.0 Lite/],
		['a seed on a listed model', { options: { seed: 7 } }, /Seedream 5\.0 Lite takes no seed/],
		[
			'16 reference images',
			{ referenceImages: { image: Array.from({ length: 16 }, (_, i) => ({ source: 'url', url: `https://img.example/${i}.png` })) } },
			/Seedream 5\.0 Lite takes up to 14 reference images, but 16 were given/,
		],
		[
			'references and images over 15 together',
			{ model: model(FOUR_FIVE), maxImages: 5, referenceImages: { image: Array.from({ length: 11 }, (_, i) => ({ source: 'url', url: `https://img.example/${i}.png` })) } },
			/Reference Images and Max Images add up to 16 \(11 \+ 5\); Seedream allows 15 together/,
		],
		['a 0-byte binary', { referenceImages: { image: [{ source: 'binary', binaryProperty: 'data' }] } }, /Reference image 1 \(binary field "data", empty\.png\) is an empty file \(0 bytes\)/, { data: { data: '', mimeType: 'image/png', fileName: 'empty.png' } as any }],
		[
			'a binary that is not an image',
			{ referenceImages: { image: [{ source: 'binary', binaryProperty: 'data' }] } },
			/Reference image 1 \(binary field "data", notes\.txt\) is not an image \(its type is text\/plain\)/,
			{ data: { data: Buffer.from('hello, not a picture').toString('base64'), mimeType: 'text/plain', fileName: 'notes.txt' } as any },
		],
		[
			'a reference over 10 MB',
			{ referenceImages: { image: [{ source: 'binary', binaryProperty: 'data' }] } },
			/is 10\.5 MB; Seedream accepts up to 10\.0 MB per reference image/,
			{ data: { data: Buffer.concat([png, Buffer.alloc(11_000_000 - png.length)]).toString('base64'), mimeType: 'image/png' } as any },
		],
		['an asset ID as a reference', { referenceImages: { image: [{ source: 'url', url: 'asset://asset-20260401123456-abcde' }] } }, /is an asset ID; Seedream takes images only by URL or inline/],
		['an empty prompt', { prompt: '   ' }, /The prompt is empty/],
		['an aspect ratio for a model the node does not know', { model: model('ep-20260101-abcde', 'id'), aspectRatio: '16:9' }, /Aspect Ratio 16:9 needs a model the node knows/],
	];

	// Rows of four, always: jest takes a test function with more parameters than its row has for one that waits for `done`.
	it.each(cases.map(([name, overrides, message, binary]) => [name, overrides, message, binary] as const))('%s', async (_name, overrides, message, binary) => {
		const result = await env.run(imageParams(overrides), { inputItems: binary ? [{ json: {}, binary: binary as any }] : [{ json: {} }] });
		expect(`${result.error?.message}`).toMatch(message);
		expect(env.sim.stats.imageRequests).toBe(0);
	});

	it('in a batch, item 3 with a bad size stops the run before items 0–2 are sent', async () => {
		const result = await env.run(imageParams({ model: model(FOUR_FIVE), size: 'custom', width: '={{ $json.w }}', height: 2048 }), {
			inputItems: items(4, (i) => ({ w: i === 3 ? 100 : 2048 })),
		});
		expect(result.error?.message).toMatch(/Size 100x2048/);
		expect((result.error as any).description).toMatch(/Input item 3/);
		expect(env.sim.stats.imageRequests).toBe(0);
	});
});

describe('Image → Generate: money', () => {
	it.each([
		['a gateway 504 whose upstream makes the images late', { kind: 'gateway-late', delayMs: 500 }, /HTTP 504 and a page that is not the API's JSON; the images may have been made and billed/],
		['an HTML 502 page', { kind: 'html', status: 502 }, /HTTP 502 and a page that is not the API's JSON; the images may have been made and billed/],
		['a reset after the images were made', { kind: 'reset-after-create' }, /ECONNRESET\); the images may have been made and billed/],
		['a 200 whose JSON is cut', { kind: 'malformed-json' }, /not JSON \(HTTP 200\); the images may have been made and billed/],
		['an answer that breaks off before its first image', { kind: 'cut-stream', after: 0 }, /the images may have been made and billed/],
	])('%s: never sent again, and the error says the images may have been made and billed', async (_name, fault, message) => {
		env.sim.fault({ route: 'images', ...(fault as any) });
		const result = await env.run(imageParams({ model: model(PRO), size: '1K' }));
		expect(result.error?.message).toMatch(message);
		expect((result.error as any).description).toMatch(/not sent again, so that you are not billed twice/);
		expect(env.sim.stats.imageRequests).toBe(1);
		expect(result.error?.message).not.toContain(API_KEY);
	});

	it('a request that times out after it was sent is not sent again', async () => {
		// A real 1.5 s answer against the client's real 1 s socket timeout.
		env.sim.fault({ route: 'images', kind: 'slow', delayMs: 1500, realDelay: true } as any);
		const result = await env.run(imageParams({ model: model(PRO), size: '1K', options: { requestTimeout: 1 } }), { continueOnFail: true });
		expect(result.items[0].json.error).toMatch(/the images may have been made and billed/);
		expect(env.sim.stats.imageRequests).toBe(1);
	});

	it("the API's own 500 is sent again (it delivered nothing), and so is a 429, with and without Retry-After", async () => {
		env.sim.fault({ route: 'images', kind: 'status', status: 500 });
		env.sim.fault({ route: 'images', kind: 'status', status: 429, code: 'ModelAccountIpmRateLimitExceeded', retryAfter: 2 });
		env.sim.fault({ route: 'images', kind: 'status', status: 429, code: 'ModelAccountIpmRateLimitExceeded' });
		const result = await env.run(imageParams());
		expect(result.error).toBeUndefined();
		expect(env.sim.stats.imageRequests).toBe(4);
		expect(env.sim.stats.imagesGenerated).toBe(1);
		expect(result.items).toHaveLength(1);
	});

	it('QuotaExceeded is not retried', async () => {
		env.sim.fault({ route: 'images', kind: 'status', status: 429, code: 'QuotaExceeded' });
		const result = await env.run(imageParams());
		expect(result.error?.message).toMatch(/quota .* is used up/);
		expect(env.sim.stats.imageRequests).toBe(1);
	});

	it('a stream cut after 2 of 4 images keeps those 2, and says more may have been made and billed', async () => {
		env.sim.fault({ route: 'images', kind: 'cut-stream', after: 2 });
		const result = await env.run(imageParams({ model: model(FOUR_FIVE), prompt: 'four [sim:images=4]', maxImages: 4 }));
		expect(result.error).toBeUndefined();
		expect(env.sim.stats.imagesGenerated).toBe(4);
		expect(env.sim.stats.imageRequests).toBe(1);
		expect(result.items.map((i) => i.json.index ?? 'cut')).toEqual([0, 1, 'cut']);
		for (const [n, item] of result.items.slice(0, 2).entries()) {
			expect((await getBinaryBuffer(item)).equals(env.sim.images[n].data)).toBe(true);
		}
		expect(result.items[2].json.error).toMatch(/^The image answer broke off after 2 images: the connection broke off \(ECONNRESET\); more images of this request may have been made and billed$/);
		expect(result.items[2].pairedItem).toEqual({ item: 0 });
	});

	it('a stream that stalls is given up after the request timeout, keeping what came', async () => {
		env.sim.fault({ route: 'images', kind: 'cut-stream', after: 1, delayMs: 3_600_000 });
		const result = await env.run(imageParams({ model: model(FOUR_FIVE), prompt: 'two [sim:images=2]', maxImages: 2, options: { requestTimeout: 30 } }));
		expect(result.items.map((i) => i.json.index ?? i.json.error)).toEqual([0, 'The image answer broke off after 1 image: nothing came for 30 s; more images of this request may have been made and billed']);
		expect(env.sim.stats.imageRequests).toBe(1);
	});

	it('streaming measured: each image is downloaded as soon as its event comes, not when the group is done', async () => {
		env.sim.fault({ route: 'images', kind: 'slow-stream', delayMs: 10_000 });
		const started = env.clock.now();
		const result = await env.run(imageParams({ model: model(FOUR_FIVE), prompt: 'four [sim:images=4]', maxImages: 4 }));
		expect(result.items).toHaveLength(4);
		const downloads = env.sim.requests.filter((r) => r.route === 'file').map((r) => r.time - started);
		expect(downloads).toEqual([0, 10_000, 20_000, 30_000]);
	});

	it('an error that stops the run names the images other items made (they are billed)', async () => {
		const result = await env.run(imageParams({ prompt: '={{ $json.p }}', maxImages: 2, model: model(FOUR_FIVE) }), {
			inputItems: [{ json: { p: 'a [sim:images=2]' } }, { json: { p: 'b [sim:unsafe-text]' } }, { json: { p: 'c [sim:images=1]' } }],
		});
		expect(result.error?.message).toBe('The prompt was refused by the content safety check');
		expect(env.sim.images).toHaveLength(3);
		expect((result.error as any).description).toMatch(/Images already made \(and billed\) in this run: item 0: .*; item 2: /);
		expectNothingLost(result, env.sim, 3);
	});

	it('a download that fails keeps the image as an item with its URL and the error', async () => {
		env.sim.fault({ route: 'file', kind: 'status', status: 404, times: Infinity });
		const result = await env.run(imageParams());
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({
			url: env.sim.images[0].url,
			error: 'Image 1 of input item 0 can no longer be downloaded (HTTP 404): its URL has expired',
		});
		expect(result.items[0].binary).toBeUndefined();
	});

	it.each([
		['html', 'text/html, not an image ("<!DOCTYPE html>'],
		['json', 'application/json, not an image ("{'],
		['empty', 'an empty body (0 bytes)'],
	] as const)('an image URL that answers %s with 200 stores nothing: the item keeps its URL and says what came back', async (body, shown) => {
		env.sim.fault({ route: 'file', kind: 'not-video', body, times: Infinity });
		const result = await env.run(imageParams());
		expect(result.error).toBeUndefined();
		expect(imageRequests(env.sim)).toHaveLength(1);
		expect(result.items[0].json.url).toBe(env.sim.images[0].url);
		expect(String(result.items[0].json.error)).toContain(`Image 1 of input item 0 was not downloaded: its URL answered HTTP 200 with ${shown}`);
		expect(result.items[0].binary).toBeUndefined();
		expectNothingLost(result, env.sim, 1);
	});
});

describe('Image → Generate: many items at once', () => {
	it('50 items × groups of 4 under an IPM limit of 100 a minute: every image made once, paced by the 429s', async () => {
		env.sim.fault({ kind: 'ipm', limit: 100, windowMs: 60_000 });
		const started = env.clock.now();
		const result = await env.run(imageParams({ model: model(FOUR_FIVE), prompt: '={{ "panel " + $json.n + " [sim:images=4]" }}', maxImages: 4, options: { downloadImages: false, rateLimitWait: 600 } }), {
			inputItems: items(50),
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(200);
		expect(env.sim.stats.imagesGenerated).toBe(200);
		expect(env.sim.images).toHaveLength(200);
		// Every item's request was made once (the 429s made nothing).
		const admitted = imageRequests(env.sim).length - env.sim.stats.rateLimited;
		expect(admitted).toBe(50);
		// 200 images at 100 a minute cannot take less than one more window.
		expect(env.clock.now() - started).toBeGreaterThanOrEqual(60_000);
		expectNothingLost(result, env.sim, 50);
	}, 120_000);

	it('downloads at most 8 images at once for the whole run', async () => {
		env.sim.fault({ route: 'file', kind: 'slow', delayMs: 1_000, times: Infinity });
		let inFlight = 0;
		let most = 0;
		const onRequest = (record: { route: string }) => {
			if (record.route === 'file') inFlight--;
		};
		const onArrive = env.sim.requests.push.bind(env.sim.requests);
		(env.sim.requests as any).push = (...records: any[]) => {
			for (const record of records) if (record.route === 'file') most = Math.max(most, ++inFlight);
			return onArrive(...records);
		};
		env.sim.on('request', onRequest);
		try {
			const result = await env.run(imageParams({ model: model(FOUR_FIVE), prompt: 'x [sim:images=3]', maxImages: 3 }), { inputItems: items(10) });
			expect(result.items).toHaveLength(30);
			expect(result.items.every((i) => i.binary !== undefined)).toBe(true);
		} finally {
			env.sim.off('request', onRequest);
			delete (env.sim.requests as any).push;
		}
		expect(most).toBe(8);
	});
});

describe('Image → Generate as an AI agent tool', () => {
	it('each image item names its URL as imageUrl (an agent drops binary data)', async () => {
		const result = await env.run(imageParams({ model: model(FOUR_FIVE), prompt: 'two [sim:images=2]', maxImages: 2 }), { nodeTypeName: 'n8n-nodes-seedance.seedanceTool' });
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.json.imageUrl)).toEqual(env.sim.images.map((image) => image.url));
		expect(result.items[0].json).toMatchObject({ index: 0, size: '2048x2048', model: FOUR_FIVE, usage: { generated_images: 2 } });
	});
});

describe('Image → Generate: cost', () => {
	const priced = (prices: string) => ({ credentials: { seedanceApi: { apiKey: API_KEY, provider: 'custom', baseUrl: env.sim.arkUrl, prices } } });

	it("each image item is billed at the model's price per image; a blocked image is not billed, and the items add up to usage.generated_images × the price", async () => {
		const result = await env.run(imageParams({ model: model(FOUR_FIVE), prompt: 'four seasons [sim:images=4] [sim:filter-image=1]', maxImages: 4 }), priced('{"basedOn": "volcengine", "multiplier": 1}'));
		expect(result.error).toBeUndefined();
		const made = result.items.filter((i) => i.json.error === undefined);
		expect(made).toHaveLength(3);
		for (const item of made) {
			expect(item.json.cost).toEqual({
				status: 'billed',
				amount: 0.25,
				images: 1,
				unitPricePerImage: 0.25,
				currency: 'CNY',
				priceSource: 'Volcengine Ark price list × 1 (Prices in the Seedance API credential)',
				priceDate: '2026-09-30',
				priceConfidence: 'third-party',
				note: "This list price comes from third-party reports, not the provider's own page.",
			});
		}
		expect(result.items[1].json.cost).toBeUndefined();
		const billed = made.reduce((sum, item) => sum + (item.json.cost as { amount: number }).amount, 0);
		expect(billed).toBeCloseTo((made[0].json.usage as { generated_images: number }).generated_images * 0.25, 10);
	});

	it("5.0 Pro: an image over 2.61 MP at the dearer band, and the reference beyond the first charged once, on the first image", async () => {
		const url = 'https://img.example/character.png';
		const result = await env.run(
			imageParams({ model: model(PRO), size: '2K', prompt: 'two views [sim:images=1]', referenceImages: { image: [{ source: 'url', url }, { source: 'url', url }] } }),
			priced('{"currency": "USD", "models": {"doubao-seedream-5-0-pro-260628": {"perImage": 0.05, "perLargeImage": 0.1, "perExtraInputImage": 0.01}}}'),
		);
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.cost).toMatchObject({ status: 'billed', amount: 0.11, currency: 'USD', images: 1, priceSource: 'Prices in the Seedance API credential' });
	});

	it('a custom base URL without prices: the cost is unknown and says how to add a price, never a guess', async () => {
		const result = await env.run(imageParams());
		expect(result.items[0].json.cost).toEqual({ status: 'unknown', images: 1, note: expect.stringContaining(`Set a price for ${LITE} in the Seedance API credential's Prices field`) });
	});

	it("a wrong Prices field stops the run naming it, and nothing is sent", async () => {
		const result = await env.run(imageParams(), priced('{"multiplier": -1}'));
		expect(result.error?.message).toMatch(/^The Seedance API credential's Prices/);
		expect(imageRequests(env.sim)).toHaveLength(0);
	});
});
