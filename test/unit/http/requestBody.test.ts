/* eslint-disable -- test code, never shipped: n8n's rules do not apply; eslint.dev.config.mjs lints it (npm run lint) */
/** Inline files: the bytes sent are exactly the JSON of the body with each file as its data URL. */
import { EventEmitter } from 'node:events';

import fc from 'fast-check';

import { buildCreateTaskBody, jsonBytes } from '../../../nodes/Seedance/request/body';
import { InlineFile } from '../../../nodes/Seedance/request/inlineFile';
import { jsonPayload } from '../../../nodes/Seedance/http/requestBody';
import { SeedanceInputError } from '../../../nodes/Seedance/shared/errors';
import { makePng } from '../../helpers/png';
import { writeInto } from '../../helpers/streamedBody';

/** The bytes in slices of the given sizes (repeated), as n8n's binary store streams a file. */
async function* inSlices(bytes: Buffer, sizes: number[]): AsyncIterable<Buffer> {
	let at = 0;
	for (let i = 0; at < bytes.length; i++) {
		const size = Math.max(1, sizes[i % sizes.length]);
		yield bytes.subarray(at, at + size);
		at += size;
	}
}

function file(bytes: Buffer, mimeType = 'image/png', sizes = [1, 2, 65_536, 5, 196_608, 7, 100_000]): { inline: InlineFile; dataUrl: string; reads: () => number } {
	let reads = 0;
	const inline = new InlineFile(mimeType, bytes.length, async () => {
		reads++;
		return inSlices(bytes, sizes);
	});
	return { inline, dataUrl: `data:${mimeType};base64,${bytes.toString('base64')}`, reads: () => reads };
}

/**
 * A request that takes a chunk, then says its buffer is full every other write and drains a tick
 * later; `ended` tells whether the body was ended (a body cut short never is).
 */
class SlowRequest extends EventEmitter {
	readonly chunks: Buffer[] = [];
	ended = false;
	write(chunk: string | Buffer): boolean {
		this.chunks.push(Buffer.from(chunk));
		if (this.chunks.length % 2) return true;
		setImmediate(() => this.emit('drain'));
		return false;
	}
	end(): void {
		this.ended = true;
	}
}

/** What a request carries of the payload: the bytes, or the stream written into a slow request. */
async function sent(payload: ReturnType<typeof jsonPayload>): Promise<Buffer> {
	if (Buffer.isBuffer(payload)) return payload;
	const request = new SlowRequest();
	await writeInto(payload.open(), request);
	expect(request.ended).toBe(true);
	const bytes = Buffer.concat(request.chunks);
	expect(bytes.length).toBe(payload.bytes);
	return bytes;
}

describe('jsonPayload', () => {
	it('is the JSON text of a body without inline files', async () => {
		const body = { model: 'm', content: [{ type: 'text', text: 'a "quoted" 图 prompt\u0000' }], seed: 4 };
		expect((await sent(jsonPayload(body))).toString()).toBe(JSON.stringify(body));
	});

	it('writes each file as its data URL, in place, reading each once, at every size around the encoding slices', async () => {
		for (const size of [0, 1, 2, 3, 4, 3 * 64 * 1024 - 1, 3 * 64 * 1024, 3 * 64 * 1024 + 1, 1_000_003]) {
			const a = file(Buffer.from(Array.from({ length: size }, (_, i) => (i * 7 + size) % 256)));
			const b = file(makePng(640, 480), 'image/jpeg');
			const body = {
				model: 'doubao-seedance-2-0',
				content: [
					{ type: 'text', text: 'é [Figure 1] and [Figure 2] 图' },
					{ type: 'image_url', image_url: { url: a.inline }, role: 'reference_image' },
					{ type: 'image_url', image_url: { url: b.inline }, role: 'reference_image' },
				],
				ratio: '16:9',
			};
			const payload = await sent(jsonPayload(body));
			const plain = JSON.stringify({
				...body,
				content: [body.content[0], { ...body.content[1], image_url: { url: a.dataUrl } }, { ...body.content[2], image_url: { url: b.dataUrl } }],
			});
			expect(payload.toString()).toBe(plain);
			expect(payload.length).toBe(Buffer.byteLength(plain));
			expect([a.reads(), b.reads()]).toEqual([1, 1]);
		}
	});

	it('matches JSON.stringify for any text around the files, even text that looks like its markers', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.array(fc.oneof(fc.string(), fc.uint8Array({ maxLength: 40 })), { maxLength: 6 }),
				fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 5 }),
				async (parts, sizes) => {
					const files = parts.map((part) => (typeof part === 'string' ? undefined : file(Buffer.from(part), 'image/png', sizes)));
					const body = { list: parts.map((part, i) => (typeof part === 'string' ? `\u0000inline-${part}-${i}` : files[i]!.inline)) };
					const plain = JSON.stringify({ list: parts.map((part, i) => (typeof part === 'string' ? `\u0000inline-${part}-${i}` : files[i]!.dataUrl)) });
					expect((await sent(jsonPayload(body))).toString()).toBe(plain);
				},
			),
			{ numRuns: 300 },
		);
	});

	it('refuses a file whose size changed since it was checked (longer or shorter): the body is cut short, never ended', async () => {
		for (const now of [12, 9, 0]) {
			const changed = new InlineFile('image/png', 10, async () => inSlices(Buffer.alloc(now), [4]));
			const payload = jsonPayload({ content: [{ type: 'image_url', image_url: { url: changed } }] });
			const error = await sent(payload).catch((e: unknown) => e);
			expect(error).toBeInstanceOf(SeedanceInputError);
			expect((error as Error).message).toBe('An inline image/png file is no longer the 10 bytes it was when checked; nothing was created');
		}
		// The stream keeps the reason for the connection, which fails the item with it instead of retrying.
		const stream = (jsonPayload({ url: new InlineFile('image/png', 10, async () => inSlices(Buffer.alloc(3), [4])) }) as Exclude<ReturnType<typeof jsonPayload>, Buffer>).open();
		const request = new SlowRequest();
		const closed = new Promise((resolve) => stream.once('close', resolve));
		stream.pipe(request);
		await closed;
		expect(stream.failure).toBeInstanceOf(SeedanceInputError);
		expect(request.ended).toBe(false);
	});

	it('stops reading the files when the request closes (Stop, a timeout, a reset)', async () => {
		let slices = 0;
		async function* endless(): AsyncIterable<Buffer> {
			try {
				for (;;) {
					slices++;
					yield Buffer.alloc(196_608);
				}
			} finally {
				slices = -slices; // the file's reader was closed
			}
		}
		const payload = jsonPayload({ url: new InlineFile('image/png', 1e12, async () => endless()) }) as Exclude<ReturnType<typeof jsonPayload>, Buffer>;
		const request = new SlowRequest();
		payload.open().pipe(request);
		while (slices < 3) await new Promise((resolve) => setImmediate(resolve));
		request.emit('close');
		await new Promise((resolve) => setTimeout(resolve, 20));
		expect(slices).toBeLessThan(0);
		expect(-slices).toBeLessThan(6);
		expect(request.ended).toBe(false);
	});

	it('is exactly as long as jsonBytes says (the 64 MB cap is checked on the real size)', async () => {
		const png = makePng(1920, 1080);
		const image = file(Buffer.concat([png, Buffer.alloc(100_001)]));
		const body = buildCreateTaskBody({
			mode: 'referenceImages',
			model: 'doubao-seedance-1-0-lite-i2v-250428',
			prompt: '[Figure 1] 图 waves',
			images: [{ label: 'Reference image 1', url: image.inline }, { label: 'Reference image 2', url: ' https://img.example/a.png ' }],
			options: { seed: 5 },
		});
		expect(image.reads()).toBe(0); // building and checking a body never reads its files
		expect(jsonBytes(body)).toBe((await sent(jsonPayload(body))).length);
	});

	it('a body over the cap is refused from the files\' sizes, without reading them', () => {
		const big = () =>
			new InlineFile('image/png', 20 * 1024 * 1024, async () => {
				throw new Error('read');
			});
		expect(() =>
			buildCreateTaskBody({
				mode: 'referenceImages',
				model: 'doubao-seedance-1-0-lite-i2v-250428',
				prompt: 'x',
				images: [1, 2, 3].map((n) => ({ label: `Reference image ${n}`, url: big() })),
				options: {},
			}),
		).toThrow(/The request is 80\.0 MB; Seedance accepts up to 64\.0 MB per request/);
	});

	it('an inline image is checked against the model like a data URL', () => {
		const heic = new InlineFile('image/heic', 1000, async () => inSlices(Buffer.alloc(1000), [1000]));
		expect(() =>
			buildCreateTaskBody({ mode: 'referenceImages', model: 'doubao-seedance-1-0-lite-i2v-250428', prompt: 'x', images: [{ label: 'Reference image 1', url: heic }], options: {} }),
		).toThrow(/Reference image 1 is HEIC, which Seedance 1\.0 Lite/);
	});
});
