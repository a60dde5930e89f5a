/**
 * Pure: what `POST /images/generations` answers, read into plain data. A whole answer
 * (`readImagesAnswer`), or a stream of server-sent events read piece by piece
 * (`ImageStreamParser`) and folded into the same shape (`imagesFromStream`).
 *
 * One image of a group can fail while the others succeed: each image is either made (a URL or
 * base64 data) or failed (the API's code and message), and keeps its place (`index`).
 */
import { describeApiError, extractApiError, SeedanceApiFailure, type ApiErrorInfo } from '../shared/errors';
import { isObject } from '../shared/values';
import type { Dimensions } from './images';

export interface GeneratedImage {
	/** The image's place in the answer, from 0; failed images count too. */
	index: number;
	url?: string;
	/** The image as base64, when `response_format` was `b64_json`. */
	b64?: string;
	/** The size the model made, which can differ from the tier tables. */
	size?: Dimensions;
	/** Sent back by 5.0 Pro and Flash only. */
	outputFormat?: string;
}

export interface FailedImage {
	index: number;
	error: { code: string; message: string };
}

export type ImageOutcome = GeneratedImage | FailedImage;

export interface ImageUsage {
	/** Images made; only these are billed. */
	generatedImages: number;
	/** round(sum of width × height / 256) over the images made. */
	outputTokens: number;
	totalTokens: number;
	/** Reference images (5.0 Pro and Flash send it). */
	inputImages?: number;
	webSearches?: number;
}

export interface ImagesAnswer {
	images: ImageOutcome[];
	usage?: ImageUsage;
	model?: string;
	/** Unix seconds. */
	created?: number;
}

export function isFailedImage(image: ImageOutcome): image is FailedImage {
	return 'error' in image;
}

type Json = Record<string, unknown>;

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const count = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

/** "2048x2048", "2048×2048" (some docs print the multiplication sign), "2048 X 2048". */
export function parseImageSize(value: unknown): Dimensions | undefined {
	if (typeof value !== 'string') return undefined;
	const match = /^\s*(\d+)\s*[x×X*]\s*(\d+)\s*$/.exec(value);
	return match ? { width: Number(match[1]), height: Number(match[2]) } : undefined;
}

/** The answer's time: `created` in the docs and every sample, `created_at` in the Python SDK's types. */
function createdOf(json: Json): number | undefined {
	const value = json.created ?? json.created_at;
	if (typeof value === 'number') return value;
	if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
	return undefined;
}

function errorOf(value: unknown): { code: string; message: string } | undefined {
	if (!isObject(value)) return undefined;
	return { code: text(value.code) ?? String(value.code ?? ''), message: text(value.message) ?? String(value.message ?? '') };
}

function readImage(item: unknown, index: number): ImageOutcome {
	if (!isObject(item)) {
		return { index, error: { code: 'MalformedImage', message: 'The answer lists this image as something other than an object.' } };
	}
	const error = errorOf(item.error);
	if (error) return { index, error };
	const url = text(item.url);
	const b64 = text(item.b64_json);
	if (url === undefined && b64 === undefined) {
		return { index, error: { code: 'MalformedImage', message: 'The answer lists this image without a URL, data or error.' } };
	}
	const image: GeneratedImage = { index };
	if (url !== undefined) image.url = url;
	if (b64 !== undefined) image.b64 = b64;
	const size = parseImageSize(item.size);
	if (size) image.size = size;
	const outputFormat = text(item.output_format);
	if (outputFormat !== undefined) image.outputFormat = outputFormat;
	return image;
}

function readUsage(value: unknown): ImageUsage | undefined {
	if (!isObject(value)) return undefined;
	const usage: ImageUsage = {
		generatedImages: count(value.generated_images) ?? 0,
		outputTokens: count(value.output_tokens) ?? 0,
		totalTokens: count(value.total_tokens) ?? count(value.output_tokens) ?? 0,
	};
	const inputImages = count(value.input_images);
	if (inputImages !== undefined) usage.inputImages = inputImages;
	const webSearches = isObject(value.tool_usage) ? count(value.tool_usage.web_search) : undefined;
	if (webSearches !== undefined) usage.webSearches = webSearches;
	return usage;
}

function failure(info: ApiErrorInfo): SeedanceApiFailure {
	const { message, description } = describeApiError(info);
	return new SeedanceApiFailure(message, description, info);
}

/**
 * A whole (not streamed) answer. Throws SeedanceApiFailure for an `{"error": …}` body and for a
 * body that is not an images answer at all (a proxy's page, a cut body).
 */
export function readImagesAnswer(body: unknown): ImagesAnswer {
	let json: unknown = body;
	if (typeof body === 'string') {
		try {
			json = JSON.parse(body) as unknown;
		} catch {
			json = undefined;
		}
	}
	const apiError = extractApiError(json);
	if (apiError) throw failure({ httpCode: 200, ...apiError });
	if (!isObject(json) || !Array.isArray(json.data)) {
		throw new SeedanceApiFailure(
			'The image answer has no images',
			'The answer is not the images list Seedream sends (it may come from a proxy, or be cut short). Run the item again.',
			{ httpCode: 200, message: typeof body === 'string' ? body.slice(0, 200) : undefined },
		);
	}
	const answer: ImagesAnswer = { images: json.data.map(readImage) };
	const usage = readUsage(json.usage);
	if (usage) answer.usage = usage;
	const model = text(json.model);
	if (model !== undefined) answer.model = model;
	const created = createdOf(json);
	if (created !== undefined) answer.created = created;
	return answer;
}

// ---- streaming (server-sent events) ----------------------------------------------------------------

export type ImageStreamEvent =
	/** `image_generation.partial_succeeded` or `.partial_failed`: one image made, or one image failed. */
	| { kind: 'image'; image: ImageOutcome; model?: string; created?: number }
	/** `image_generation.completed`: the last event, with the usage (a single-image stream may lack it). */
	| { kind: 'completed'; usage?: ImageUsage; model?: string; created?: number; error?: { code: string; message: string } }
	/** A whole-request failure sent inside the stream. */
	| { kind: 'error'; error: { code: string; message: string } }
	/** `data: [DONE]`. */
	| { kind: 'done' }
	/** An event of a type this parser doesn't know, kept as it came. */
	| { kind: 'other'; type: string; data: unknown }
	/** Data that is not JSON. */
	| { kind: 'malformed'; text: string };

const SSE_FIELDS = ['data', 'event', 'id', 'retry'];

/**
 * Server-sent events in, image events out, in pieces of any size: feed each chunk as it arrives
 * (text, or bytes whose characters may be split between chunks), then `end()`.
 *
 * Events end at a blank line. The documentation's samples print a `data:` JSON over several lines
 * with no `data:` on the later ones: a line that is not an SSE field continues the data.
 */
export class ImageStreamParser {
	private readonly decoder = new TextDecoder('utf-8');
	/** The unfinished line, in the pieces it came in (a base64 image's line is megabytes: never re-read or re-joined per chunk). */
	private pending: string[] = [];
	/** The last chunk ended with a CR: that ended a line, and an LF opening the next chunk belongs to it. */
	private afterCr = false;
	private data: string[] = [];
	private eventName = '';
	private images = 0;

	feed(chunk: string | Uint8Array): ImageStreamEvent[] {
		const chunkText = typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
		return this.lines(chunkText, false);
	}

	/** The stream ended: whatever was left makes its last event. */
	end(): ImageStreamEvent[] {
		const events = this.lines(this.decoder.decode(), true);
		return events.concat(this.dispatch());
	}

	/** Each chunk is searched once for line ends, from where the last line ended. */
	private lines(text: string, final: boolean): ImageStreamEvent[] {
		const events: ImageStreamEvent[] = [];
		let start = 0;
		if (this.afterCr && text.length > 0) {
			this.afterCr = false;
			if (text[0] === '\n') start = 1;
		}
		let cr = text.indexOf('\r', start);
		let lf = text.indexOf('\n', start);
		for (;;) {
			if (cr >= 0 && cr < start) cr = text.indexOf('\r', start);
			if (lf >= 0 && lf < start) lf = text.indexOf('\n', start);
			const at = cr < 0 ? lf : lf < 0 ? cr : Math.min(cr, lf);
			if (at < 0) break;
			events.push(...this.line(this.joined(text.slice(start, at))));
			start = at + 1;
			if (text[at] === '\r') {
				if (start === text.length) this.afterCr = true;
				else if (text[start] === '\n') start++;
			}
		}
		if (start < text.length) this.pending.push(text.slice(start));
		if (final && this.pending.length > 0) events.push(...this.line(this.joined('')));
		return events;
	}

	private joined(tail: string): string {
		if (this.pending.length === 0) return tail;
		const line = this.pending.join('') + tail;
		this.pending = [];
		return line;
	}

	private line(line: string): ImageStreamEvent[] {
		if (line === '') return this.dispatch();
		if (line.startsWith(':')) return [];
		const colon = line.indexOf(':');
		const field = colon < 0 ? line : line.slice(0, colon);
		let value = colon < 0 ? '' : line.slice(colon + 1);
		if (value.startsWith(' ')) value = value.slice(1);
		if (!SSE_FIELDS.includes(field)) this.data.push(line);
		else if (field === 'data') this.data.push(value);
		else if (field === 'event') this.eventName = value;
		return [];
	}

	private dispatch(): ImageStreamEvent[] {
		const data = this.data;
		const eventName = this.eventName;
		this.data = [];
		this.eventName = '';
		if (data.length === 0) return [];
		const joined = data.join('\n');
		const whole = this.parse(joined, eventName);
		if (whole) return [whole];
		// Several JSON documents with no blank line between them: read each line on its own.
		const each = data.map((piece) => this.parse(piece, eventName));
		if (data.length > 1 && each.every((event) => event !== undefined)) return each as ImageStreamEvent[];
		return [{ kind: 'malformed', text: joined }];
	}

	private parse(data: string, eventName: string): ImageStreamEvent | undefined {
		if (data.trim() === '[DONE]') return { kind: 'done' };
		let json: unknown;
		try {
			json = JSON.parse(data) as unknown;
		} catch {
			return undefined;
		}
		if (!isObject(json)) return { kind: 'other', type: eventName, data: json };
		return this.interpret(json, text(json.type) ?? eventName);
	}

	private interpret(json: Json, type: string): ImageStreamEvent {
		const about: { model?: string; created?: number } = {};
		const model = text(json.model);
		if (model !== undefined) about.model = model;
		const created = createdOf(json);
		if (created !== undefined) about.created = created;
		if (type === 'image_generation.partial_succeeded' || type === 'image_generation.partial_failed') {
			const index = count(json.image_index) ?? this.images;
			this.images = Math.max(this.images, index + 1);
			const image = readImage(json, index);
			return { kind: 'image', image, ...about };
		}
		if (type === 'image_generation.completed') {
			const event: Extract<ImageStreamEvent, { kind: 'completed' }> = { kind: 'completed', ...about };
			const usage = readUsage(json.usage);
			if (usage) event.usage = usage;
			const error = errorOf(json.error);
			if (error) event.error = error;
			return event;
		}
		const error = errorOf(json.error);
		if (error) return { kind: 'error', error };
		return { kind: 'other', type, data: json };
	}
}

/**
 * A stream's events as one answer, the shape `readImagesAnswer` gives: images in index order, the
 * usage of the completed event. Throws SeedanceApiFailure for an error event or malformed data.
 */
export function imagesFromStream(events: readonly ImageStreamEvent[]): ImagesAnswer {
	const byIndex = new Map<number, ImageOutcome>();
	const answer: ImagesAnswer = { images: [] };
	for (const event of events) {
		if (event.kind === 'error') throw failure({ httpCode: 200, ...event.error });
		if (event.kind === 'malformed') {
			throw new SeedanceApiFailure(
				'The image stream sent data that is not JSON',
				'The stream may come from a proxy that changes it, or be cut short. Run the item again.',
				{ httpCode: 200, message: event.text.slice(0, 200) },
			);
		}
		if (event.kind === 'image') byIndex.set(event.image.index, event.image);
		if (event.kind === 'completed' && event.usage) answer.usage = event.usage;
		if (event.kind === 'image' || event.kind === 'completed') {
			if (event.model !== undefined) answer.model ??= event.model;
			if (event.created !== undefined) answer.created ??= event.created;
		}
	}
	answer.images = [...byIndex.values()].sort((a, b) => a.index - b.index);
	return answer;
}
