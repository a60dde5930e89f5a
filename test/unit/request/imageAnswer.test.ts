/* eslint-disable -- test code, never shipped: n8n's rules do not apply; eslint.dev.config.mjs lints it (npm run lint) */
/**
 * Reading Seedream answers: the whole JSON answer (per-image errors, `×` sizes, `created_at`) and
 * the server-sent event stream, fed in pieces cut anywhere.
 */
import fc from 'fast-check';

import { SeedanceApiFailure } from '../../../nodes/Seedance/shared/errors';
import {
	ImageStreamParser,
	imagesFromStream,
	isFailedImage,
	parseImageSize,
	readImagesAnswer,
	type ImageStreamEvent,
} from '../../../nodes/Seedance/request/imageBody';

/** The documented non-stream answer, with a failed image in the group. */
const DOC_ANSWER = {
	model: 'doubao-seedream-4-5-251128',
	created: 1757321139,
	data: [
		{ url: 'https://example.tos/a.jpeg', size: '2048x2048' },
		{ error: { code: 'OutputImageSensitiveContentDetected', message: 'The output image may contain sensitive information.' } },
	],
	usage: { generated_images: 1, output_tokens: 16384, total_tokens: 16384, tool_usage: { web_search: 1 } },
};

function failureOf(run: () => unknown): SeedanceApiFailure {
	try {
		run();
	} catch (error) {
		if (error instanceof SeedanceApiFailure) return error;
		throw error;
	}
	throw new Error('expected a SeedanceApiFailure');
}

describe('readImagesAnswer', () => {
	it('reads the documented answer, a failed image keeping its place', () => {
		expect(readImagesAnswer(DOC_ANSWER)).toEqual({
			model: 'doubao-seedream-4-5-251128',
			created: 1757321139,
			images: [
				{ index: 0, url: 'https://example.tos/a.jpeg', size: { width: 2048, height: 2048 } },
				{ index: 1, error: { code: 'OutputImageSensitiveContentDetected', message: 'The output image may contain sensitive information.' } },
			],
			usage: { generatedImages: 1, outputTokens: 16384, totalTokens: 16384, webSearches: 1 },
		});
		const [made, failed] = readImagesAnswer(DOC_ANSWER).images;
		expect(isFailedImage(made)).toBe(false);
		expect(isFailedImage(failed)).toBe(true);
	});

	it.each([
		['2048x2048', { width: 2048, height: 2048 }],
		['2496×1664', { width: 2496, height: 1664 }],
		[' 2720 X 1536 ', { width: 2720, height: 1536 }],
		['1K', undefined],
		['2048x', undefined],
		[2048, undefined],
	])('size %j → %j', (size, parsed) => {
		expect(parseImageSize(size)).toEqual(parsed);
		const image = readImagesAnswer({ data: [{ url: 'https://x/1.png', size }] }).images[0];
		expect('size' in image ? image.size : undefined).toEqual(parsed);
	});

	it('reads created_at (the Python SDK spelling) and numeric text', () => {
		expect(readImagesAnswer({ created_at: 1757321139, data: [] }).created).toBe(1757321139);
		expect(readImagesAnswer({ created: '1757321139', data: [] }).created).toBe(1757321139);
		expect(readImagesAnswer({ data: [] }).created).toBeUndefined();
	});

	it('reads base64 images, output formats and the count of input images', () => {
		const answer = readImagesAnswer({
			model: 'dola-seedream-5-0-pro-260628',
			data: [{ b64_json: 'iVBORw0KGgo=', size: '2048x2048', output_format: 'png' }],
			usage: { generated_images: 1, output_tokens: 16384, total_tokens: 16384, input_images: 2 },
		});
		expect(answer.images).toEqual([{ index: 0, b64: 'iVBORw0KGgo=', size: { width: 2048, height: 2048 }, outputFormat: 'png' }]);
		expect(answer.usage).toEqual({ generatedImages: 1, outputTokens: 16384, totalTokens: 16384, inputImages: 2 });
	});

	it('keeps an image with neither data nor error as a failed one, so the places stay right', () => {
		expect(readImagesAnswer({ data: [{ size: '1x1' }, 'x', { url: 'https://x/2.png' }] }).images).toEqual([
			{ index: 0, error: { code: 'MalformedImage', message: 'The answer lists this image without a URL, data or error.' } },
			{ index: 1, error: { code: 'MalformedImage', message: 'The answer lists this image as something other than an object.' } },
			{ index: 2, url: 'https://x/2.png' },
		]);
	});

	it('reads an answer given as JSON text; usage is optional', () => {
		const answer = readImagesAnswer(JSON.stringify({ data: [{ url: 'https://x/1.png' }] }));
		expect(answer).toEqual({ images: [{ index: 0, url: 'https://x/1.png' }] });
	});

	it('throws the API error of an {"error": …} body, keeping its code', () => {
		const failure = failureOf(() => readImagesAnswer({ error: { code: 'InternalServiceError', message: 'boom', param: '' } }));
		expect(failure.info).toMatchObject({ httpCode: 200, code: 'InternalServiceError', message: 'boom' });
		expect(failure.description).toContain('InternalServiceError: boom');
	});

	it.each([['<html>502 Bad Gateway</html>'], ['{"id": "cgt-'], [{ model: 'x' }], [null], [{ data: 'no' }]])('throws for a body that is no images answer: %j', (body) => {
		expect(failureOf(() => readImagesAnswer(body)).message).toBe('The image answer has no images');
	});
});

/** The documented stream sample, with a failed image between two made ones. */
const DOC_STREAM = [
	'event: image_generation.partial_succeeded',
	'data: {"type":"image_generation.partial_succeeded","model":"doubao-seedream-4-5-251128","created":1757396757,"image_index":0,"url":"https://x/0.jpeg","size":"2496x1664"}',
	'',
	'event: image_generation.partial_failed',
	'data: {"type":"image_generation.partial_failed","model":"doubao-seedream-4-5-251128","created":1757396757,"image_index":1,"error":{"code":"OutputImageSensitiveContentDetected","message":"blocked"}}',
	'',
	'event: image_generation.partial_succeeded',
	'data: {"type":"image_generation.partial_succeeded","model":"doubao-seedream-4-5-251128","created":1757396757,"image_index":2,"b64_json":"AAAA","size":"2496×1664"}',
	'',
	'event: image_generation.completed',
	'data: {"type":"image_generation.completed","model":"doubao-seedream-4-5-251128","created":1757396757,"usage":{"generated_images":2,"output_tokens":32448,"total_tokens":32448}}',
	'',
	'data: [DONE]',
	'',
	'',
].join('\n');

/** The same stream as the documentation's samples print it: each JSON over several lines, `data:` on the first only. */
const PRETTY_STREAM = DOC_STREAM.split('\n')
	.map((line) => (line.startsWith('data: {') ? `data: ${JSON.stringify(JSON.parse(line.slice(6)), null, 2)}` : line))
	.join('\n');

const DOC_EVENTS: ImageStreamEvent[] = [
	{ kind: 'image', model: 'doubao-seedream-4-5-251128', created: 1757396757, image: { index: 0, url: 'https://x/0.jpeg', size: { width: 2496, height: 1664 } } },
	{ kind: 'image', model: 'doubao-seedream-4-5-251128', created: 1757396757, image: { index: 1, error: { code: 'OutputImageSensitiveContentDetected', message: 'blocked' } } },
	{ kind: 'image', model: 'doubao-seedream-4-5-251128', created: 1757396757, image: { index: 2, b64: 'AAAA', size: { width: 2496, height: 1664 } } },
	{ kind: 'completed', model: 'doubao-seedream-4-5-251128', created: 1757396757, usage: { generatedImages: 2, outputTokens: 32448, totalTokens: 32448 } },
	{ kind: 'done' },
];

function parseAll(chunks: Array<string | Uint8Array>): ImageStreamEvent[] {
	const parser = new ImageStreamParser();
	const events = chunks.flatMap((chunk) => parser.feed(chunk));
	return events.concat(parser.end());
}

/** Cuts text (or bytes) at the given places. */
function cut<T extends string | Uint8Array>(whole: T, at: number[]): T[] {
	const points = [...new Set(at.map((p) => p % (whole.length + 1)))].sort((a, b) => a - b);
	const pieces: T[] = [];
	let start = 0;
	for (const point of points) {
		pieces.push(whole.slice(start, point) as T);
		start = point;
	}
	pieces.push(whole.slice(start) as T);
	return pieces;
}

describe('ImageStreamParser', () => {
	it('reads the documented stream', () => {
		expect(parseAll([DOC_STREAM])).toEqual(DOC_EVENTS);
	});

	it('gives each event as soon as its blank line arrives', () => {
		const parser = new ImageStreamParser();
		const [first, rest] = [DOC_STREAM.slice(0, DOC_STREAM.indexOf('\n\n') + 1), DOC_STREAM.slice(DOC_STREAM.indexOf('\n\n') + 1)];
		expect(parser.feed(first)).toEqual([]);
		expect(parser.feed('\n')).toEqual([DOC_EVENTS[0]]);
		expect(parser.feed(rest.slice(1))).toEqual(DOC_EVENTS.slice(1));
		expect(parser.end()).toEqual([]);
	});

	it('reads CRLF and CR line ends, comments, and an id/retry field', () => {
		const crlf = ': keep-alive\r\nid: 1\r\nretry: 1000\r\n' + DOC_STREAM.replace(/\n/g, '\r\n');
		expect(parseAll([crlf])).toEqual(DOC_EVENTS);
		expect(parseAll([DOC_STREAM.replace(/\n/g, '\r')])).toEqual(DOC_EVENTS);
	});

	it('reads a data JSON printed over several lines, with or without data: on each', () => {
		const json = JSON.stringify(JSON.parse(DOC_STREAM.split('\n')[1].slice(6)), null, 2).split('\n');
		const bare = `event: image_generation.partial_succeeded\ndata: ${json.join('\n')}\n\n`;
		const prefixed = `event: image_generation.partial_succeeded\n${json.map((line) => `data: ${line}`).join('\n')}\n\n`;
		expect(parseAll([bare])).toEqual([DOC_EVENTS[0]]);
		expect(parseAll([prefixed])).toEqual([DOC_EVENTS[0]]);
	});

	it('reads data lines with no blank line between them, one event each', () => {
		const lines = DOC_STREAM.split('\n').filter((line) => line.startsWith('data:')).join('\n');
		expect(parseAll([lines])).toEqual(DOC_EVENTS);
	});

	it('ends the last event when the stream ends without a blank line', () => {
		expect(parseAll(['data: [DONE]'])).toEqual([{ kind: 'done' }]);
		expect(parseAll(['data: [DONE]\r'])).toEqual([{ kind: 'done' }]);
	});

	it('takes the type from the event: line when the data has none, and counts images without an index', () => {
		const text = 'event: image_generation.partial_succeeded\ndata: {"url":"https://x/a.png"}\n\nevent: image_generation.partial_succeeded\ndata: {"url":"https://x/b.png"}\n\n';
		expect(parseAll([text])).toEqual([
			{ kind: 'image', image: { index: 0, url: 'https://x/a.png' } },
			{ kind: 'image', image: { index: 1, url: 'https://x/b.png' } },
		]);
	});

	it('reads a whole-request error, an error in the completed event, unknown events and non-JSON data', () => {
		const text = [
			'data: {"error":{"code":"BadRequest","message":"missing required parameters"}}',
			'',
			'data: {"type":"image_generation.completed","created_at":7,"error":{"code":"InternalServiceError","message":"stopped"}}',
			'',
			'event: ping',
			'data: {"type":"ping"}',
			'',
			'data: 42',
			'',
			'data: not json',
			'',
			'',
		].join('\n');
		expect(parseAll([text])).toEqual([
			{ kind: 'error', error: { code: 'BadRequest', message: 'missing required parameters' } },
			{ kind: 'completed', created: 7, error: { code: 'InternalServiceError', message: 'stopped' } },
			{ kind: 'other', type: 'ping', data: { type: 'ping' } },
			{ kind: 'other', type: '', data: 42 },
			{ kind: 'malformed', text: 'not json' },
		]);
	});

	it('property: the same events however the text is cut', () => {
		const texts = fc.constantFrom(
			...[DOC_STREAM, PRETTY_STREAM].flatMap((text) => [text, text.replace(/\n/g, '\r\n'), text.replace(/\n/g, '\r')]),
		);
		fc.assert(
			fc.property(texts, fc.array(fc.nat(), { maxLength: 40 }), (text, at) => {
				expect(parseAll(cut(text, at))).toEqual(DOC_EVENTS);
			}),
			{ numRuns: 500 },
		);
	});

	it('property: the same events however the bytes are cut, characters split between chunks included', () => {
		const text = PRETTY_STREAM.replace(/\n/g, '\r\n').replace('"blocked"', '"图片包含敏感内容 🚫"');
		const events = parseAll([text]);
		expect(events[1]).toMatchObject({ image: { error: { message: '图片包含敏感内容 🚫' } } });
		const bytes = new Uint8Array(Buffer.from(text, 'utf8'));
		fc.assert(
			fc.property(fc.array(fc.nat(), { maxLength: 60 }), (at) => {
				expect(parseAll(cut(bytes, at))).toEqual(events);
			}),
			{ numRuns: 300 },
		);
	});
});

describe('imagesFromStream', () => {
	it('folds the stream into the whole answer\'s shape', () => {
		expect(imagesFromStream(DOC_EVENTS)).toEqual({
			model: 'doubao-seedream-4-5-251128',
			created: 1757396757,
			images: [DOC_EVENTS[0], DOC_EVENTS[1], DOC_EVENTS[2]].map((e) => (e as { image: unknown }).image),
			usage: { generatedImages: 2, outputTokens: 32448, totalTokens: 32448 },
		});
	});

	it('gives the same answer as readImagesAnswer for the same images', () => {
		const stream = [
			`data: ${JSON.stringify({ type: 'image_generation.partial_succeeded', model: DOC_ANSWER.model, created: DOC_ANSWER.created, image_index: 0, ...DOC_ANSWER.data[0] })}`,
			'',
			`data: ${JSON.stringify({ type: 'image_generation.partial_failed', model: DOC_ANSWER.model, created: DOC_ANSWER.created, image_index: 1, ...DOC_ANSWER.data[1] })}`,
			'',
			`data: ${JSON.stringify({ type: 'image_generation.completed', model: DOC_ANSWER.model, created: DOC_ANSWER.created, usage: DOC_ANSWER.usage })}`,
			'',
			'data: [DONE]',
			'',
			'',
		].join('\n');
		expect(imagesFromStream(parseAll([stream]))).toEqual(readImagesAnswer(DOC_ANSWER));
	});

	it('puts images in index order and works without a completed event', () => {
		const answer = imagesFromStream([DOC_EVENTS[2], DOC_EVENTS[0], { kind: 'done' }]);
		expect(answer.images.map((i) => i.index)).toEqual([0, 2]);
		expect(answer.usage).toBeUndefined();
	});

	it('throws for an error event and for malformed data', () => {
		expect(failureOf(() => imagesFromStream([{ kind: 'error', error: { code: 'BadRequest', message: 'no' } }])).info.code).toBe('BadRequest');
		expect(failureOf(() => imagesFromStream([{ kind: 'malformed', text: 'x' }])).message).toBe('The image stream sent data that is not JSON');
	});
});
