/* eslint-disable -- test code, never shipped: n8n's rules do not apply; eslint.dev.config.mjs lints it (npm run lint) */
/** What a download checks before it stores: the container from the first bytes, read without holding the file. */
import { Readable } from 'stream';
import { readFileSync } from 'fs';
import { join } from 'path';

import { peekStream, videoContainer } from '../../../nodes/Seedance/http/download';

const SAMPLE_MP4 = readFileSync(join(__dirname, '../../simulator/fixtures/sample.mp4'));
const box = (type: string, brand = '') => Buffer.concat([Buffer.from([0, 0, 0, 20]), Buffer.from(type + brand, 'latin1'), Buffer.alloc(8)]);

describe('videoContainer', () => {
	it('knows MP4 and MOV by their first box', () => {
		expect(videoContainer(SAMPLE_MP4)).toBe('video/mp4');
		expect(videoContainer(box('ftyp', 'isom'))).toBe('video/mp4');
		expect(videoContainer(box('ftyp', 'qt  '))).toBe('video/quicktime');
		for (const atom of ['moov', 'mdat', 'wide', 'free']) expect(videoContainer(box(atom))).toBe('video/quicktime');
	});

	it('a page, an error object, an image in an ftyp box, or too few bytes are not a video', () => {
		expect(videoContainer(Buffer.from('<!DOCTYPE html><html>…'))).toBeUndefined();
		expect(videoContainer(Buffer.from('{"error":{"code":"AccessDenied"}}'))).toBeUndefined();
		expect(videoContainer(box('ftyp', 'heic'))).toBeUndefined();
		expect(videoContainer(box('ftyp', 'avif'))).toBeUndefined();
		expect(videoContainer(SAMPLE_MP4.subarray(0, 11))).toBeUndefined();
		expect(videoContainer(Buffer.alloc(0))).toBeUndefined();
	});
});

describe('peekStream', () => {
	/** A stream of `count` chunks of 64 KB, made only as they are read; counts how many were made. */
	function big(count: number) {
		let made = 0;
		const first = Buffer.concat([SAMPLE_MP4.subarray(0, 64), Buffer.alloc(64 * 1024 - 64, 1)]);
		const stream = new Readable({
			highWaterMark: 64 * 1024,
			read() {
				if (made === count) return void this.push(null);
				made++;
				this.push(made === 1 ? first : Buffer.alloc(64 * 1024, made % 250));
			},
		});
		return { stream, made: () => made };
	}

	it('reads the first bytes only (no more than the stream buffers), and puts them back: the whole stream follows', async () => {
		const { stream, made } = big(200); // 12.5 MB
		const { head, ended } = await peekStream(stream, 256);
		expect(ended).toBe(false);
		expect(videoContainer(head)).toBe('video/mp4');
		expect(made()).toBeLessThanOrEqual(3); // streamed: 12.5 MB are not read to look at 256 bytes
		let total = 0;
		let start: Buffer | undefined;
		for await (const chunk of stream) {
			start ??= chunk as Buffer;
			total += (chunk as Buffer).length;
		}
		expect(total).toBe(200 * 64 * 1024);
		expect(start!.subarray(0, 64).equals(SAMPLE_MP4.subarray(0, 64))).toBe(true);
	});

	it('a stream of a few bytes ends before the head is full, and says so', async () => {
		expect(await peekStream(Readable.from([Buffer.from('<html>')]), 256)).toEqual({ head: Buffer.from('<html>'), ended: true });
		expect(await peekStream(Readable.from([]), 256)).toEqual({ head: Buffer.alloc(0), ended: true });
	});

	it('a head spread over small chunks is gathered, then handed on with the rest (piped)', async () => {
		const chunks = Array.from({ length: 100 }, (_, i) => SAMPLE_MP4.subarray(i * 40, (i + 1) * 40)).filter((c) => c.length > 0);
		const stream = Readable.from(chunks);
		const { head } = await peekStream(stream, 256);
		expect(head.length).toBeGreaterThanOrEqual(256);
		const out: Buffer[] = [];
		await new Promise<void>((resolve) => {
			stream.on('data', (c: Buffer) => out.push(c));
			stream.on('end', () => resolve());
		});
		expect(Buffer.concat(out).equals(SAMPLE_MP4.subarray(0, 4000))).toBe(true);
	});
});
