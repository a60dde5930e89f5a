/**
 * A binary file sent inline, as a base64 data URL inside the JSON body, without ever holding that
 * data URL, or the body, whole. The file is checked from its first bytes and its size
 * (form/mediaSources.ts); the body holds this stand-in; `jsonPayload` makes a stream that reads
 * each file in slices only while the request goes out (request/bodyStream.ts).
 *
 * Memory, for one item with four 7 MB images: a few slices. Writing the body into one buffer
 * first held its 37 MB until the answer came; building data URL strings held 28 MB of files,
 * 37 MB of data URLs, 37 MB of JSON text and the 37 MB sent, all at once.
 */
import { SeedanceInputError } from '../shared/errors';
import { BodyStream } from './bodyStream';

export class InlineFile {
	constructor(
		/** `image/png`, `audio/mp3`: the format read from the bytes, not the name the file came with. */
		readonly mimeType: string,
		/** The file's size in bytes. */
		readonly bytes: number,
		/** The file in slices (any sizes), read only when its request is written. */
		readonly read: () => Promise<AsyncIterable<Buffer> | Iterable<Buffer>>,
	) {}

	get prefix(): string {
		return `data:${this.mimeType};base64,`;
	}

	/** The data URL's length: ASCII, which JSON never escapes. */
	get dataUrlLength(): number {
		return this.prefix.length + Math.ceil(this.bytes / 3) * 4;
	}

	/** A stand-in if anything ever serializes a body without `jsonPayload`: the API would refuse it, never pay for it. */
	toJSON(): string {
		return `[inline ${this.mimeType}, ${this.bytes} bytes]`;
	}
}

export type MediaUrl = string | InlineFile;

/** A URL as text (trimmed); an inline file as it is. */
export function trimmedUrl(url: MediaUrl): MediaUrl {
	return typeof url === 'string' ? url.trim() : url;
}

/** Files are read in slices of this size (a multiple of 3 bytes, so each encodes on its own). */
export const SLICE_BYTES = 3 * 64 * 1024;

/** Each slice is written as base64 text of at most 64 KB: small strings, collected young. */
const ENCODE_BYTES = 3 * 16 * 1024;

/** A body with inline files: its exact size, and a new stream of it for each attempt. */
export interface StreamedJson {
	bytes: number;
	open(): BodyStream;
}

/**
 * A request body as what is sent: the JSON's bytes, or when it has inline files, a stream that
 * writes each file's data URL while the request goes out (request/bodyStream.ts). A file whose
 * size changed since it was checked fails the stream before the body's end, so the request is cut
 * short of its Content-Length and nothing is created.
 */
export function jsonPayload(body: unknown): Buffer | StreamedJson {
	const files: InlineFile[] = [];
	const marker = `\u0000inline-${Math.random().toString(36).slice(2)}-`;
	// The holder's own value, not `value`: JSON.stringify hands a replacer what toJSON gave.
	const text = JSON.stringify(body, function (this: Record<string, unknown>, key: string, value: unknown) {
		const original = this[key];
		if (original instanceof InlineFile) {
			files.push(original);
			return `${marker}${files.length - 1}`;
		}
		return value;
	});
	if (files.length === 0) return Buffer.from(text);
	// JSON writes the marker's NUL as \u0000: split the text where each quoted marker stands.
	const quoted = (index: number) => JSON.stringify(`${marker}${index}`);
	const parts: string[] = [];
	let rest = text;
	for (let index = 0; index < files.length; index++) {
		const stand = quoted(index);
		const at = rest.indexOf(stand);
		parts.push(rest.slice(0, at));
		rest = rest.slice(at + stand.length);
	}
	parts.push(rest);

	const bytes = parts.reduce((sum, part) => sum + Buffer.byteLength(part), 0) + files.reduce((sum, file) => sum + file.dataUrlLength + 2, 0);
	async function* chunks(): AsyncIterable<string> {
		yield parts[0];
		for (let index = 0; index < files.length; index++) {
			yield `"${files[index].prefix}`;
			yield* base64Of(files[index]);
			yield `"${parts[index + 1]}`;
		}
	}
	return { bytes, open: () => new BodyStream(bytes, chunks) };
}

/** A file's base64 in pieces. The bytes left over from a slice (base64 encodes 3 at a time) go with the next one. */
async function* base64Of(file: InlineFile): AsyncIterable<string> {
	let carry = Buffer.alloc(0);
	let read = 0;
	const changed = () =>
		new SeedanceInputError(
			`An inline ${file.mimeType} file is no longer the ${file.bytes} bytes it was when checked; nothing was created`,
			'Its binary field changed while the node ran. Run the workflow again.',
		);
	for await (const slice of await file.read()) {
		read += slice.length;
		if (read > file.bytes) throw changed();
		const bytes = carry.length ? Buffer.concat([carry, slice]) : slice;
		const whole = bytes.length - (bytes.length % 3);
		for (let start = 0; start < whole; start += ENCODE_BYTES) {
			yield bytes.toString('base64', start, Math.min(start + ENCODE_BYTES, whole));
		}
		carry = Buffer.from(bytes.subarray(whole));
	}
	if (read !== file.bytes) throw changed();
	if (carry.length) yield carry.toString('base64');
}
