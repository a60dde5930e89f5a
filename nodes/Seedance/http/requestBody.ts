/**
 * A request body as what is sent: the JSON's bytes, or when it has inline files (request/inlineFile.ts),
 * a stream that writes each file's data URL while the request goes out. A file whose size changed
 * since it was checked fails the stream before the body's end, so the request is cut short of its
 * Content-Length and nothing is created.
 */
import { SeedanceInputError } from '../shared/errors';
import { InlineFile } from '../request/inlineFile';
import { BodyStream } from './bodyStream';

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
