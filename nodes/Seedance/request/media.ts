/**
 * Pure: the rules for reference videos and audio clips (the formats, sizes and lengths the API's
 * content field takes), and the counts and prompt names of all references. Images have theirs in
 * images.ts.
 */
import { referenceName, type GenerationMode, type MediaKind, type ModelInfo } from './models';
import { formatBytes, SeedanceInputError } from '../shared/errors';
import { InlineFile, type MediaUrl } from './inlineFile';

/** Audio clips: wav or mp3, up to 15 MB each. */
export const MAX_AUDIO_BYTES = 15 * 1024 * 1024;
export const AUDIO_FORMATS = ['wav', 'mp3'] as const;
export type AudioFormat = (typeof AUDIO_FORMATS)[number];

export interface MediaInput {
	/** How the user would name it: "Reference video 2". */
	label: string;
	/** http(s), `asset://…`, or (images, audio) a base64 data URL or a binary file sent inline. */
	url: MediaUrl;
	/** The clip's length, when the node could read it (binary audio). */
	seconds?: number;
}

const ASSET_URL = /^asset:\/\/\S+$/;
const DATA_URL_HEAD = /^data:([a-z]+)\/([A-Za-z0-9.+-]*);base64,/;

/** A base64 data URL taken apart: `data:<kind>/<type>;base64,<payload>`. */
export interface DataUrl {
	kind: string;
	type: string;
	payload: string;
}

/** The data URL's parts, or undefined when it has no `data:<kind>/<type>;base64,` head. The payload is not checked here. */
export function splitDataUrl(url: string): DataUrl | undefined {
	const head = DATA_URL_HEAD.exec(url);
	return head ? { kind: head[1], type: head[2], payload: url.slice(head[0].length) } : undefined;
}

const isBase64Char = (c: number): boolean =>
	(c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47;

/**
 * Only base64 characters, with at most two "=" at the end. A loop, not a regular expression:
 * matching a 40 MB payload with one overflows the regular-expression engine's stack.
 */
export function isBase64(payload: string): boolean {
	let end = payload.length;
	if (end > 0 && payload.charCodeAt(end - 1) === 61) end--;
	if (end > 0 && payload.charCodeAt(end - 1) === 61) end--;
	for (let i = 0; i < end; i++) if (!isBase64Char(payload.charCodeAt(i))) return false;
	return true;
}

/** An inline audio clip's declared type, when the URL is a well-formed `data:audio/…;base64,` URL. */
function audioDataUrlType(url: string): string | undefined {
	const parts = splitDataUrl(url);
	const wellFormed = parts?.kind === 'audio' && /^[a-z0-9]+$/.test(parts.type) && parts.payload !== '' && isBase64(parts.payload);
	return wellFormed ? parts.type : undefined;
}

export function isAssetUrl(url: string): boolean {
	return ASSET_URL.test(url.trim());
}

/** `asset://<id>`, whether the user typed the id alone or with the scheme. */
export function assetUrl(id: string): string {
	const trimmed = id.trim();
	return trimmed === '' || trimmed.startsWith('asset://') ? trimmed : `asset://${trimmed}`;
}

export function isHttpUrl(url: string): boolean {
	try {
		const { protocol } = new URL(url);
		return protocol === 'http:' || protocol === 'https:';
	} catch {
		return false;
	}
}

function shortened(url: string): string {
	return url.length > 80 ? url.slice(0, 77) + '…' : url;
}

/** Videos: a URL or an asset id, never inline (the API takes no base64 video). */
export function validateVideoUrl(video: MediaInput): void {
	const url = video.url instanceof InlineFile ? 'data:' : video.url.trim();
	if (url === '') {
		throw new SeedanceInputError(`${video.label} has no URL`, 'Enter a public http(s) URL of the MP4 or MOV file, or an asset://… ID.');
	}
	if (url.startsWith('data:')) {
		throw new SeedanceInputError(
			`${video.label} is inline data; Seedance takes reference videos only by URL or asset ID`,
			'Upload the video somewhere Seedance can fetch it (e.g. S3 or any public file host) and pass its https:// URL, or pass an asset://… ID.',
		);
	}
	if (!isHttpUrl(url) && !isAssetUrl(url)) {
		throw new SeedanceInputError(
			`${video.label} is not an http(s) URL or asset ID: "${shortened(url)}"`,
			'Use a public URL starting with https:// (or http://), or an asset://… ID from your Seedance asset library.',
		);
	}
}

function checkInlineAudioSize(label: string, bytes: number): void {
	if (bytes > MAX_AUDIO_BYTES) {
		throw new SeedanceInputError(
			`${label} is ${formatBytes(bytes)}; Seedance accepts up to ${formatBytes(MAX_AUDIO_BYTES)} per audio clip`,
			'Shorten or compress the clip (MP3), or pass it as a public URL.',
		);
	}
}

export function validateAudioUrl(audio: MediaInput): void {
	if (audio.url instanceof InlineFile) {
		checkInlineAudioSize(audio.label, audio.url.bytes);
		return;
	}
	const url = audio.url.trim();
	if (url === '') {
		throw new SeedanceInputError(`${audio.label} has no URL`, 'Enter a public http(s) URL of the WAV or MP3 file, an asset://… ID, or switch its source to "Binary File".');
	}
	if (url.startsWith('data:')) {
		const type = audioDataUrlType(url);
		if (!type || !['wav', 'mp3', 'mpeg'].includes(type)) {
			throw new SeedanceInputError(
				`${audio.label} is not a valid audio data URL`,
				'A data URL must look like "data:audio/mp3;base64,…" or "data:audio/wav;base64,…".',
			);
		}
		checkInlineAudioSize(audio.label, dataUrlBytes(url));
		// The bytes, not the label: a WAV or MP3 file (clips are at most 15 MB, read whole).
		checkAudioBytes(audio.label, dataUrlHead(url, Infinity), `audio/${type}`);
		return;
	}
	if (!isHttpUrl(url) && !isAssetUrl(url)) {
		throw new SeedanceInputError(
			`${audio.label} is not an http(s) URL or asset ID: "${shortened(url)}"`,
			'Use a public URL starting with https://, an asset://… ID, or switch the source to "Binary File".',
		);
	}
}

/** The decoded size of a data URL's payload, without decoding it. */
export function dataUrlBytes(url: string): number {
	const comma = url.indexOf(',');
	const payload = comma === -1 ? '' : url.slice(comma + 1);
	const padding = payload.endsWith('==') ? 2 : payload.endsWith('=') ? 1 : 0;
	return Math.floor((payload.length * 3) / 4) - padding;
}

/** The first `bytes` bytes of a base64 data URL's payload (all of it when shorter), decoded. */
export function dataUrlHead(url: string, bytes: number): Buffer {
	const payload = url.slice(url.indexOf(',') + 1);
	const chars = Number.isFinite(bytes) ? Math.ceil(bytes / 3) * 4 : payload.length;
	return Buffer.from(payload.slice(0, chars), 'base64');
}

// ---- Audio bytes (binary fields) ---------------------------------------------------------------------

export function detectAudioFormat(bytes: Buffer): AudioFormat | undefined {
	if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WAVE') return 'wav';
	if (bytes.length >= 3 && bytes.toString('latin1', 0, 3) === 'ID3') return 'mp3';
	if (bytes.length >= 2 && bytes[0] === 0xff && (bytes[1] & 0xe0) === 0xe0) return 'mp3';
	return undefined;
}

/** A WAV file's length from its `fmt ` and `data` chunks. */
function wavSeconds(bytes: Buffer): number | undefined {
	let offset = 12;
	let byteRate: number | undefined;
	while (offset + 8 <= bytes.length) {
		const id = bytes.toString('latin1', offset, offset + 4);
		const size = bytes.readUInt32LE(offset + 4);
		if (id === 'fmt ' && offset + 16 <= bytes.length) byteRate = bytes.readUInt32LE(offset + 16);
		if (id === 'data') return byteRate ? size / byteRate : undefined;
		offset += 8 + size + (size % 2);
	}
	return undefined;
}

const MP3_BITRATES_V1_L3 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const MP3_BITRATES_V2_L3 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];

/** An MP3's length, estimated from its first frame's bitrate (exact for constant bitrate). */
function mp3Seconds(bytes: Buffer): number | undefined {
	let offset = 0;
	if (bytes.toString('latin1', 0, 3) === 'ID3' && bytes.length >= 10) {
		offset = 10 + (((bytes[6] & 0x7f) << 21) | ((bytes[7] & 0x7f) << 14) | ((bytes[8] & 0x7f) << 7) | (bytes[9] & 0x7f));
	}
	for (; offset + 4 <= bytes.length; offset++) {
		if (bytes[offset] !== 0xff || (bytes[offset + 1] & 0xe0) !== 0xe0) continue;
		const version = (bytes[offset + 1] >> 3) & 0x03; // 3 = MPEG1
		const layer = (bytes[offset + 1] >> 1) & 0x03; // 1 = layer III
		const index = (bytes[offset + 2] >> 4) & 0x0f;
		if (layer !== 1 || index === 0 || index === 15 || version === 1) continue;
		const kbps = (version === 3 ? MP3_BITRATES_V1_L3 : MP3_BITRATES_V2_L3)[index];
		return ((bytes.length - offset) * 8) / (kbps * 1000);
	}
	return undefined;
}

export function audioSeconds(bytes: Buffer, format: AudioFormat): number | undefined {
	try {
		return format === 'wav' ? wavSeconds(bytes) : mp3Seconds(bytes);
	} catch {
		return undefined; // a truncated header: the API has the last word
	}
}

/** A binary audio clip: wav or mp3, ≤ 15 MB; returns its format and, where readable, its length. */
export function checkAudioBytes(label: string, bytes: Buffer, declaredMimeType?: string): { format: AudioFormat; seconds?: number } {
	const format = detectAudioFormat(bytes);
	if (!format) {
		throw new SeedanceInputError(
			`${label} is not an audio clip Seedance accepts${declaredMimeType ? ` (its type is ${declaredMimeType})` : ''}`,
			'Seedance takes WAV or MP3 audio. Convert the file, or check that the binary field holds the clip.',
		);
	}
	if (bytes.length > MAX_AUDIO_BYTES) {
		throw new SeedanceInputError(
			`${label} is ${formatBytes(bytes.length)}; Seedance accepts up to ${formatBytes(MAX_AUDIO_BYTES)} per audio clip`,
			'Shorten or compress the clip (MP3) before this node, or pass it as a public URL.',
		);
	}
	return { format, seconds: audioSeconds(bytes, format) };
}

// ---- Counts, lengths and names ----------------------------------------------------------------------

const KIND_LABEL: Record<MediaKind, [string, string]> = {
	image: ['reference image', 'reference images'],
	video: ['reference video', 'reference videos'],
	audio: ['reference audio clip', 'reference audio clips'],
};

function plural(kind: MediaKind, n: number): string {
	return `${n} ${KIND_LABEL[kind][n === 1 ? 0 : 1]}`;
}

export interface References {
	image: MediaInput[];
	video: MediaInput[];
	audio: MediaInput[];
}

/** A clip's length: as read from its binary field, or from an inline audio data URL; else unknown. */
export function clipSeconds(clip: MediaInput): number | undefined {
	if (clip.seconds !== undefined || clip.url instanceof InlineFile) return clip.seconds;
	if (!audioDataUrlType(clip.url.trim())) return undefined;
	const bytes = Buffer.from(clip.url.slice(clip.url.indexOf(',') + 1), 'base64');
	const format = detectAudioFormat(bytes);
	return format ? audioSeconds(bytes, format) : undefined;
}

/** Counts, the audio-needs-a-picture rule and clip lengths, from the model's catalogue entry. */
export function checkReferenceCounts(mode: GenerationMode, model: ModelInfo | undefined, refs: References): void {
	const total = refs.image.length + refs.video.length + refs.audio.length;
	if (total === 0) {
		throw new SeedanceInputError(
			'No reference is given',
			'Add at least one reference image, video or audio clip (a product, a character, a scene, a voice).',
		);
	}
	if ((mode === 'editVideo' || mode === 'extendVideo') && refs.video.length === 0) {
		throw new SeedanceInputError(
			`"${mode === 'editVideo' ? 'Edit Video' : 'Extend Video'}" needs a reference video, but none is given`,
			'Add the video to edit or extend as a reference video (a URL or an asset://… ID).',
		);
	}
	const limits = model?.references;
	if (!model || !limits) return; // an unknown model: the API judges counts and lengths
	for (const kind of ['image', 'video', 'audio'] as const) {
		const max = limits.max[kind];
		if (refs[kind].length > max) {
			throw new SeedanceInputError(
				`${model.name} takes ${max === 0 ? `no ${KIND_LABEL[kind][1]}` : `up to ${plural(kind, max)}`}, but ${refs[kind].length} ${refs[kind].length === 1 ? 'is' : 'are'} given`,
				`Remove ${KIND_LABEL[kind][1]} down to ${max}, or choose a model that takes more (Seedance 2.5 takes 30 images, 10 videos and 10 audio clips).`,
			);
		}
	}
	if (limits.audioNeedsVisual && refs.audio.length > 0 && refs.image.length + refs.video.length === 0) {
		throw new SeedanceInputError(
			`${model.name} can't take reference audio alone`,
			'Add at least one reference image or video next to the audio, or choose Seedance 2.5 (which accepts audio alone).',
		);
	}
	for (const kind of ['video', 'audio'] as const) {
		let sum = 0;
		for (const clip of refs[kind]) {
			const seconds = clipSeconds(clip);
			if (seconds === undefined) continue;
			sum += seconds;
			const { min, max } = limits.clipSeconds;
			if (seconds < min || seconds > max) {
				throw new SeedanceInputError(
					`${clip.label} is ${seconds.toFixed(1)} s long; ${model.name} takes clips of ${min}–${max} s`,
					`Trim the clip to between ${min} and ${max} seconds.`,
				);
			}
		}
		if (sum > limits.totalSeconds) {
			throw new SeedanceInputError(
				`The ${KIND_LABEL[kind][1]} are ${sum.toFixed(1)} s together; ${model.name} takes at most ${limits.totalSeconds} s in all`,
				`Shorten or remove clips so that they add up to ${limits.totalSeconds} seconds or less.`,
			);
		}
	}
}

/** "Image 3", "[Image 3]", "@Image3", "图片3" …: the kind and number a prompt names. */
// One or two digits and a word end: "video 1080p" or "audio 2s" are not names.
const PROMPT_NAME = /(?:@|\[)?\s*(?<![A-Za-z])(image|video|audio|图片|视频|音频)\s*(\d{1,2})\b\s*\]?/gi;
const KIND_OF: Record<string, MediaKind> = { image: 'image', video: 'video', audio: 'audio', 图片: 'image', 视频: 'video', 音频: 'audio' };
const ASSET_ID_IN_PROMPT = /\basset-\d{6,}/i;

/** Every reference the prompt names must exist; assets are named by kind and number, not by id. */
export function checkPromptNames(prompt: string, model: ModelInfo | undefined, refs: References): void {
	const asset = ASSET_ID_IN_PROMPT.exec(prompt);
	if (asset) {
		throw new SeedanceInputError(
			`The prompt names an asset by its ID (${asset[0]}…)`,
			`Name references by kind and number instead, e.g. "${referenceName('image', 1, model)}" for the first reference image.`,
		);
	}
	for (const match of prompt.matchAll(PROMPT_NAME)) {
		const kind = KIND_OF[match[1].toLowerCase()];
		const n = Number(match[2]);
		const count = refs[kind].length;
		if (n < 1 || n > count) {
			throw new SeedanceInputError(
				`The prompt names "${match[0].trim()}" but ${count === 0 ? `no ${KIND_LABEL[kind][0]} is` : `only ${plural(kind, count)} ${count === 1 ? 'is' : 'are'}`} given`,
				`References are numbered per kind in the order you add them: ${referenceName(kind, 1, model)}${count > 1 ? ` to ${referenceName(kind, count, model)}` : ''}. Add the missing ${KIND_LABEL[kind][0]} or fix the prompt.`,
			);
		}
	}
}
