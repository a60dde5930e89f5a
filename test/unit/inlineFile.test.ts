/** Inline files: the bytes sent are exactly the JSON of the body with each file as its data URL. */
import fc from 'fast-check';

import { buildCreateTaskBody, jsonBytes } from '../../nodes/Seedance/request/body';
import { InlineFile, jsonPayload } from '../../nodes/Seedance/request/inlineFile';
import { SeedanceInputError } from '../../nodes/Seedance/shared/errors';
import { makePng } from '../helpers/png';

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

describe('jsonPayload', () => {
	it('is the JSON text of a body without inline files', async () => {
		const body = { model: 'm', content: [{ type: 'text', text: 'a "quoted" 图 prompt\u0000' }], seed: 4 };
		expect((await jsonPayload(body)).toString()).toBe(JSON.stringify(body));
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
			const payload = await jsonPayload(body);
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
					expect((await jsonPayload(body)).toString()).toBe(plain);
				},
			),
			{ numRuns: 300 },
		);
	});

	it('refuses a file whose size changed since it was checked (longer or shorter), before anything is sent', async () => {
		for (const now of [12, 9, 0]) {
			const changed = new InlineFile('image/png', 10, async () => inSlices(Buffer.alloc(now), [4]));
			const error = await jsonPayload({ content: [{ type: 'image_url', image_url: { url: changed } }] }).catch((e: unknown) => e);
			expect(error).toBeInstanceOf(SeedanceInputError);
			expect((error as Error).message).toBe('An inline image/png file is no longer the 10 bytes it was when checked; nothing was sent');
		}
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
		expect(jsonBytes(body)).toBe((await jsonPayload(body)).length);
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
