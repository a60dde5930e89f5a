/* eslint-disable -- test code, never shipped: n8n's rules do not apply; eslint.dev.config.mjs lints it (npm run lint) */
/**
 * Issue 2's operation through n8n's real execution path (n8n-core's WorkflowExecute and
 * httpRequestWithAuthentication), against the simulator on 127.0.0.1.
 */
import { appendFileSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import type { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { shutdownHarness } from '../harness';
import { harnessUserFolder } from '../harness/env';
import { makePng } from '../helpers/png';
import { sampleImageDataUrl } from '../simulator';
import { createRequests, everythingShown, jsonOf, model, referenceParams, SEED_BODY, SEED_URLS, useSimulator } from './setup';

const env = useSimulator();
afterAll(async () => await shutdownHarness());

describe('Generate from Reference Images', () => {
	it("sends the seed's example body, with the bearer key, and outputs the task id per item", async () => {
		const result = await env.run(referenceParams(), { baseUrl: env.sim.chainhubUrl, inputItems: [{ json: { n: 1 } }, { json: { n: 2 } }] });
		expect(result.error).toBeUndefined();

		const posts = createRequests(env.sim);
		expect(posts).toHaveLength(2);
		for (const post of posts) {
			expect(post.path).toBe('/volc/v1/contents/generations/tasks');
			// The simulator never stores the key; 'valid' means the header was exactly `Bearer <the key>`.
			expect(post.auth).toBe('valid');
			expect(post.headers['content-type']).toMatch(/^application\/json/);
			// The seed's body, plus the random seed this item is recognised by if the answer is lost.
			expect(post.body).toEqual({ ...SEED_BODY, seed: expect.any(Number) });
			const { seed } = post.body as { seed: number };
			expect(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 31).toBe(true);
		}
		expect((posts[0].body as any).seed).not.toBe((posts[1].body as any).seed);
		const ids = [...env.sim.tasks.keys()];
		// The estimate of the body sent: no ratio in it, so every ratio's 720p size (1.0: 858 to 940
		// tokens a frame, × 121 frames); a custom base URL has no price list.
		const cost = { status: 'unknown', tokensLow: 103_818, tokensHigh: 113_740, frameCounting: 'observed', note: expect.stringMatching(/^A custom base URL publishes no prices/) };
		expect(jsonOf(result)).toEqual([
			{ id: ids[0], status: 'submitted', model: 'doubao-seedance-1-0-lite-i2v-250428', cost },
			{ id: ids[1], status: 'submitted', model: 'doubao-seedance-1-0-lite-i2v-250428', cost },
		]);
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('on Ark (which answers only the id) outputs the id and the model', async () => {
		const result = await env.run(referenceParams());
		expect(jsonOf(result)).toEqual([{ id: expect.stringMatching(/^cgt-/), model: 'doubao-seedance-1-0-lite-i2v-250428', cost: expect.objectContaining({ status: 'unknown' }) }]);
	});

	it('sends binary images from the input item as data URLs, next to URL images', async () => {
		const png = makePng(640, 480);
		const result = await env.run(
			referenceParams({
				prompt: '[Figure 1] our mascot waves next to [Figure 2]',
				referenceImages: {
					image: [
						{ source: 'binary', binaryProperty: 'mascot' },
						{ source: 'url', url: 'https://img.example/shop.jpg' },
					],
				},
				options: { resolution: '720p', ratio: '9:16', duration: 5, watermark: false },
			}),
			{ inputItems: [{ json: {}, binary: { mascot: { data: png, mimeType: 'image/png', fileName: 'mascot.png' } } }] },
		);
		expect(result.error).toBeUndefined();
		expect(createRequests(env.sim)[0].body).toEqual({
			model: 'doubao-seedance-1-0-lite-i2v-250428',
			content: [
				{ type: 'text', text: '[Figure 1] our mascot waves next to [Figure 2]' },
				{ type: 'image_url', image_url: { url: `data:image/png;base64,${png.toString('base64')}` }, role: 'reference_image' },
				{ type: 'image_url', image_url: { url: 'https://img.example/shop.jpg' }, role: 'reference_image' },
			],
			resolution: '720p',
			ratio: '9:16',
			duration: 5,
			watermark: false,
			seed: expect.any(Number),
		});
	});

	describe("binary images in n8n's filesystem mode (the item holds an id; the node reads a file's head, then the file only while sending)", () => {
		/** A baseline JPEG whose frame size comes after ~330 KB of metadata: past the head the check reads first. */
		function jpegWithLongMetadata(width: number, height: number): Buffer {
			const app1 = Buffer.alloc(4 + 65_000, 7);
			app1.writeUInt16BE(0xffe1, 0);
			app1.writeUInt16BE(65_000 + 2, 2);
			const sof = Buffer.from([0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x03, 1, 0x11, 0, 2, 0x11, 1, 3, 0x11, 1]);
			return Buffer.concat([Buffer.from([0xff, 0xd8]), app1, app1, app1, app1, app1, sof, Buffer.from([0xff, 0xd9])]);
		}
		const bigPng = (n: number) => Buffer.concat([makePng(1280, 720), Buffer.alloc(700_001 + n, n)]);
		const params = referenceParams({
			prompt: '[Figure 1] next to [Figure 2]',
			referenceImages: { image: [{ source: 'binary', binaryProperty: 'photo' }, { source: 'binary', binaryProperty: 'logo' }] },
		});

		it.each(['filesystem', 'default'] as const)('sends every file whole and exact, per item, in order (%s mode)', async (binaryDataMode) => {
			const files = [0, 1, 2].map((n) => ({ photo: bigPng(n), logo: jpegWithLongMetadata(640 + n, 480) }));
			const result = await env.run(params, {
				binaryDataMode,
				inputItems: files.map((f, n) => ({
					json: { n },
					binary: { photo: { data: f.photo, mimeType: 'image/png', fileName: 'p.png' }, logo: { data: f.logo, mimeType: 'image/jpeg', fileName: 'l.jpg' } },
				})),
			});
			expect(result.error).toBeUndefined();
			const posts = createRequests(env.sim);
			expect(posts).toHaveLength(3);
			const sent = posts.map((p) => (p.body as any).content.slice(1).map((c: any) => c.image_url.url)).sort();
			expect(sent).toEqual(
				files.map((f) => [`data:image/png;base64,${f.photo.toString('base64')}`, `data:image/jpeg;base64,${f.logo.toString('base64')}`]).sort(),
			);
			expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		});

		it('a create refused with a 429 is sent again whole: each attempt reads the files anew', async () => {
			const f = { photo: bigPng(3), logo: jpegWithLongMetadata(640, 480) };
			env.sim.fault({ route: 'create', kind: 'status', status: 429, retryAfter: 0 } as any);
			const result = await env.run(params, {
				binaryDataMode: 'filesystem',
				inputItems: [{ json: {}, binary: { photo: { data: f.photo, mimeType: 'image/png' }, logo: { data: f.logo, mimeType: 'image/jpeg' } } }],
			});
			expect(result.error).toBeUndefined();
			expect(env.sim.stats.created).toBe(1);
			const posts = createRequests(env.sim);
			expect(posts).toHaveLength(2);
			for (const post of posts) {
				expect((post.body as any).content.slice(1).map((c: any) => c.image_url.url)).toEqual([
					`data:image/png;base64,${f.photo.toString('base64')}`,
					`data:image/jpeg;base64,${f.logo.toString('base64')}`,
				]);
			}
		});

		it('a redirect is not followed with inline files: the item fails naming it, sent once, nothing created', async () => {
			env.sim.fault({ route: 'create', kind: 'redirect', location: 'https://relay.example/api/v3/contents/generations/tasks' } as any);
			const result = await env.run(params, {
				binaryDataMode: 'filesystem',
				inputItems: [{ json: {}, binary: { photo: { data: bigPng(4), mimeType: 'image/png' }, logo: { data: jpegWithLongMetadata(640, 480), mimeType: 'image/jpeg' } } }],
			});
			expect(result.error?.message).toBe(
				'Seedance answered with a redirect (HTTP 307) to https://relay.example/api/v3/contents/generations/tasks; nothing was created',
			);
			expect(createRequests(env.sim)).toHaveLength(1);
			expect(env.sim.stats.created).toBe(0);
		});

		it('a file that changes after its check fails its own item when sent: the request is cut short, nothing created, no retry, no recovery', async () => {
			const files = [5, 6].map((n) => ({ photo: bigPng(n), logo: jpegWithLongMetadata(640, 480) }));
			// Item 0's create is held, so item 1 (sent after it, one at a time) is checked first and read later.
			env.sim.fault({ route: 'create', kind: 'slow', delayMs: 400 });
			const running = env.run(
				{ ...params, options: { concurrency: 1 } },
				{
					binaryDataMode: 'filesystem',
					continueOnFail: true,
					inputItems: files.map((f) => ({ json: {}, binary: { photo: { data: f.photo, mimeType: 'image/png' }, logo: { data: f.logo, mimeType: 'image/jpeg' } } })),
				},
			);
			while (createRequests(env.sim).length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
			// Item 1's photo, in n8n's binary store, grows by 10 bytes while item 0 is in flight.
			const stored = (function find(dir: string): string[] {
				return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
					entry.isDirectory() ? find(join(dir, entry.name)) : [join(dir, entry.name)],
				);
			})(harnessUserFolder).filter((path) => statSync(path).size === files[1].photo.length && readFileSync(path).equals(files[1].photo));
			expect(stored.length).toBeGreaterThan(0);
			for (const path of stored) appendFileSync(path, Buffer.alloc(10));
			const result = await running;
			// The simulator records the cut request (never handles it) once its socket closes.
			while (!env.sim.requests.some((r) => r.cutShort)) await new Promise((resolve) => setTimeout(resolve, 5));
			expect(result.items[0].json.id).toMatch(/^cgt-/);
			expect(result.items[1].json.error).toBe(
				`An inline image/png file is no longer the ${files[1].photo.length} bytes it was when checked; nothing was created`,
			);
			expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
			expect(env.sim.stats.created).toBe(1);
			expect(env.sim.stats.lists).toBe(0); // no recovery walk
			// Item 1 went out once and broke off before its end (its Content-Length), never sent again.
			expect(createRequests(env.sim).map((r) => Boolean(r.cutShort))).toEqual([false, true]);
		});

		it("refuses a JPEG whose frame size lies past the head (read whole to find it), before any item's task", async () => {
			const good = { photo: { data: bigPng(0), mimeType: 'image/png' }, logo: { data: jpegWithLongMetadata(640, 480), mimeType: 'image/jpeg' } };
			const result = await env.run(params, {
				binaryDataMode: 'filesystem',
				inputItems: [
					{ json: {}, binary: good },
					{ json: {}, binary: { ...good, logo: { data: jpegWithLongMetadata(100, 100), mimeType: 'image/jpeg', fileName: 'tiny.jpg' } } },
				],
			});
			expect(result.error?.message).toBe('Reference image 2 (binary field "logo", tiny.jpg) is 100×100 px; each side must be 300–6000 px');
			expect((result.error as any).context?.itemIndex ?? (result.error as any).itemIndex).toBe(1);
			expect(createRequests(env.sim)).toHaveLength(0);
		});
	});

	it('passes an endpoint id through', async () => {
		const result = await env.run(referenceParams({ model: model('ep-20250101-abcde', 'id') }));
		expect(result.error).toBeUndefined();
		expect((createRequests(env.sim)[0].body as { model: string }).model).toBe('ep-20250101-abcde');
	});
});

describe('bad input: a clear error naming the item, before any request', () => {
	const cases: Array<[string, Record<string, unknown>, Array<{ json: object; binary?: any }> | undefined, RegExp]> = [
		['no prompt and no image', { prompt: '', referenceImages: {} }, undefined, /There is no prompt and no image/],
		['five images', { referenceImages: { image: [1, 2, 3, 4, 5].map((n) => ({ source: 'url', url: `https://a.example/${n}.png` })) } }, undefined, /takes 1 to 4 images, but 5 were given/],
		['a missing binary field', { referenceImages: { image: [{ source: 'binary', binaryProperty: 'photo' }] }, prompt: 'x' }, [{ json: {} }], /Reference image 1: the input item has no binary field "photo"/],
		['a binary that is not an image', { referenceImages: { image: [{ source: 'binary', binaryProperty: 'data' }] }, prompt: 'x' }, [{ json: {}, binary: { data: { data: Buffer.from('%PDF-1.4 hello'), mimeType: 'application/pdf', fileName: 'a.pdf' } } }], /Reference image 1 \(binary field "data", a\.pdf\) is not an image Seedance accepts \(its type is application\/pdf\)/],
		['[Figure 5] with 3 images', { prompt: '[Figure 5] dances' }, undefined, /names \[Figure 5\] but only 3 reference images are given/],
		['1080p in reference mode', { options: { resolution: '1080p' } }, undefined, /Resolution "1080p" is not supported/],
	];
	it.each(cases)('%s', async (_name, overrides, inputItems, message) => {
		const result = await env.run(referenceParams(overrides as any), inputItems ? { inputItems: inputItems as any } : {});
		const error = result.error as NodeOperationError;
		expect(error?.constructor.name).toBe('NodeOperationError');
		expect(error.message).toMatch(message);
		expect(error.description).toBeTruthy();
		expect(error.context.itemIndex).toBe(0);
		expect(env.sim.stats.createAttempts).toBe(0);
	});

	it('names the right item, and with Continue On Fail the other items still run', async () => {
		const params = referenceParams({
			referenceImages: { image: [{ source: 'binary', binaryProperty: 'photo' }] },
			prompt: '[Figure 1] on a beach',
		});
		const png = makePng(400, 400);
		const good = { json: {}, binary: { photo: { data: png, mimeType: 'image/png', fileName: 'p.png' } } };
		const items = [good, { json: {} }, good];

		const failing = await env.run(params, { inputItems: items });
		expect((failing.error as NodeOperationError).context.itemIndex).toBe(1);

		env.sim.reset();
		const result = await env.run(params, { inputItems: items, continueOnFail: true });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(3);
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(result.items[0].json.id).toMatch(/^cgt-/);
		expect(result.items[1].json.error).toMatch(/input item has no binary field "photo"/);
		expect(result.items[2].json.id).toMatch(/^cgt-/);
		expect(env.sim.stats.created).toBe(2);
	});
});

describe('data URLs are checked by their bytes, as binary files are, before the first paid task', () => {
	const good = sampleImageDataUrl(); // a 400×300 JPEG
	const params = referenceParams({
		referenceImages: { image: [{ source: 'url', url: '={{ $json.image }}' }, ...SEED_URLS.slice(1).map((url) => ({ source: 'url', url }))] },
	});
	const asDataUrl = (type: string, bytes: Buffer) => `data:${type};base64,${bytes.toString('base64')}`;
	it.each([
		['a text file labelled image/png', asDataUrl('image/png', Buffer.from('just some text, not a picture at all')), 'Reference image 1 is not an image Seedance accepts (its type is image/png)'],
		['a 10×10 PNG', asDataUrl('image/png', makePng(10, 10)), 'Reference image 1 is 10×10 px; each side must be 300–6000 px'],
		['a 300×1000 PNG', asDataUrl('image/png', makePng(300, 1000)), 'Reference image 1 is 300×1000 px, a width/height ratio of 0.30; Seedance accepts 0.4 to 2.5'],
	])('%s on item 2 of 2: the run stops before item 1 is paid for', async (_name, lying, message) => {
		const result = await env.run(params, { inputItems: [{ json: { image: good } }, { json: { image: lying } }] });
		expect(result.error?.message).toBe(message);
		expect((result.error as NodeOperationError).context.itemIndex).toBe(1);
		expect(env.sim.stats.createAttempts).toBe(0);
		expect(env.sim.stats.created).toBe(0);
	});

	it('a true data URL still goes out as it is', async () => {
		const result = await env.run(params, { inputItems: [{ json: { image: good } }] });
		expect(result.error).toBeUndefined();
		expect((createRequests(env.sim)[0].body as any).content[1].image_url.url).toBe(good);
	});
});

describe('API errors', () => {
	it('a wrong key becomes a NodeApiError with the status, the code, and no key anywhere', async () => {
		const wrongKey = 'sk-wrong-51d0c0ffee';
		const result = await env.run(referenceParams(), { apiKey: wrongKey });
		const error = result.error as NodeApiError;
		expect(error.constructor.name).toBe('NodeApiError');
		expect(error.httpCode).toBe('401');
		expect(error.message).toMatch(/API key was rejected \(401\)/);
		expect(error.description).toContain('AuthenticationError');
		const shown = everythingShown(result);
		expect(shown).not.toContain(wrongKey);
	});

	it('keeps the API code and message of a 400, and Continue On Fail gives an error item with them', async () => {
		const result = await env.run(referenceParams({ prompt: '[sim:unsafe-text] [Figure 1]' }), {
			continueOnFail: true,
			inputItems: [{ json: {} }, { json: {} }],
		});
		expect(result.items).toHaveLength(2);
		for (const item of result.items) {
			expect(item.json).toMatchObject({ error: expect.stringMatching(/prompt was refused/), code: 'InputTextSensitiveContentDetected', httpCode: 400 });
		}
		expect(everythingShown(result)).not.toContain('sk-test');
	});

	it("says in plain words that real people's faces are refused", async () => {
		const result = await env.run(
			referenceParams({ referenceImages: { image: [{ source: 'url', url: 'https://img.example/sim-privacy-face.jpg' }] }, prompt: '[Figure 1] waves' }),
		);
		expect(result.error?.message).toMatch(/real person's face/);
		expect((result.error as NodeApiError).description).toContain('InputImageSensitiveContentDetected.PrivacyInformation');
	});
});
