/**
 * Pure: the user's parameters in, the create-task body (or a clear input error) out.
 * No `this`, no n8n: everything here is tested as plain data.
 */
import {
	findModel,
	IMAGE_COUNT,
	MODE_NAMES,
	modelsFor,
	ratiosFor,
	resolutionsFor,
	type GenerationMode,
	type ModelInfo,
} from './models';

export const MAX_IMAGE_BYTES = 30 * 1024 * 1024;
export const MAX_BODY_BYTES = 64 * 1024 * 1024;
export const IMAGE_FORMATS = ['jpeg', 'png', 'webp', 'bmp', 'tiff', 'gif'] as const;
export type ImageFormat = (typeof IMAGE_FORMATS)[number];

/** Bad input: what is wrong (message) and how to fix it (description). */
export class SeedanceInputError extends Error {
	constructor(
		message: string,
		readonly description: string,
	) {
		super(message);
		this.name = 'SeedanceInputError';
	}
}

export interface ImageInput {
	/** How the user would name it: "Reference image 2", "First frame". */
	label: string;
	/** An http(s) URL or a `data:image/<format>;base64,` URL. */
	url: string;
}

export interface GenerationOptions {
	resolution?: string;
	ratio?: string;
	duration?: number;
	frames?: number;
	seed?: number;
	cameraFixed?: boolean;
	watermark?: boolean;
	returnLastFrame?: boolean;
	callbackUrl?: string;
	serviceTier?: string;
	executionExpiresAfter?: number;
	generateAudio?: boolean;
	draft?: boolean;
	/** Output parameters as body fields (default) or as `--rs 720p`-style prompt commands. */
	sendParametersAs?: 'body' | 'prompt';
}

export interface GenerationRequest {
	mode: GenerationMode;
	model: string;
	prompt: string;
	images: ImageInput[];
	options: GenerationOptions;
}

export type ContentItem =
	| { type: 'text'; text: string }
	| { type: 'image_url'; image_url: { url: string }; role: ImageRole };
export type ImageRole = 'first_frame' | 'last_frame' | 'reference_image';

export interface CreateTaskBody {
	model: string;
	content: ContentItem[];
	[option: string]: unknown;
}

const ROLES: Record<GenerationMode, ImageRole[]> = {
	text: [],
	firstFrame: ['first_frame'],
	firstLastFrame: ['first_frame', 'last_frame'],
	referenceImages: ['reference_image', 'reference_image', 'reference_image', 'reference_image'],
};

/** Output parameters: their body field and their prompt command. */
const OUTPUT_PARAMETERS = [
	{ option: 'resolution', field: 'resolution', command: 'rs' },
	{ option: 'ratio', field: 'ratio', command: 'rt' },
	{ option: 'duration', field: 'duration', command: 'dur' },
	{ option: 'seed', field: 'seed', command: 'seed' },
	{ option: 'cameraFixed', field: 'camera_fixed', command: 'cf' },
	{ option: 'watermark', field: 'watermark', command: 'wm' },
] as const;

/** Task parameters that exist only as body fields (`frames` has no prompt command). */
const BODY_ONLY_PARAMETERS = [
	{ option: 'frames', field: 'frames' },
	{ option: 'returnLastFrame', field: 'return_last_frame' },
	{ option: 'generateAudio', field: 'generate_audio' },
	{ option: 'draft', field: 'draft' },
	{ option: 'callbackUrl', field: 'callback_url' },
	{ option: 'serviceTier', field: 'service_tier' },
	{ option: 'executionExpiresAfter', field: 'execution_expires_after' },
] as const;

const FIGURE_REFERENCE = /\[(?:figure|image|图)\s*(\d+)\]/gi;

export function formatBytes(bytes: number): string {
	const mb = bytes / (1024 * 1024);
	return mb >= 1 ? `${mb.toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** The decoded size of a data URL's payload, without decoding it. */
export function dataUrlBytes(url: string): number {
	const comma = url.indexOf(',');
	const payload = comma === -1 ? '' : url.slice(comma + 1);
	const padding = payload.endsWith('==') ? 2 : payload.endsWith('=') ? 1 : 0;
	return Math.floor((payload.length * 3) / 4) - padding;
}

const DATA_URL = /^data:image\/([a-z]+);base64,[A-Za-z0-9+/]+={0,2}$/;

function validateImageUrl(image: ImageInput): void {
	const url = image.url.trim();
	if (url === '') {
		throw new SeedanceInputError(
			`${image.label} has no URL`,
			'Enter a public http(s) URL of the image, or switch its source to "Binary File".',
		);
	}
	if (url.startsWith('data:')) {
		const match = DATA_URL.exec(url);
		if (!match || !(IMAGE_FORMATS as readonly string[]).includes(match[1])) {
			throw new SeedanceInputError(
				`${image.label} is not a valid image data URL`,
				`A data URL must look like "data:image/png;base64,…" with one of the formats ${IMAGE_FORMATS.join(', ')} in lower case.`,
			);
		}
		const bytes = dataUrlBytes(url);
		if (bytes > MAX_IMAGE_BYTES) {
			throw new SeedanceInputError(
				`${image.label} is ${formatBytes(bytes)}; Seedance accepts up to ${formatBytes(MAX_IMAGE_BYTES)} per image`,
				'Use a smaller or more compressed image (JPEG or WebP), or pass it as a public URL.',
			);
		}
		return;
	}
	let parsed: URL | undefined;
	try {
		parsed = new URL(url);
	} catch {
		parsed = undefined;
	}
	if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
		throw new SeedanceInputError(
			`${image.label} is not an http(s) URL: "${url.length > 80 ? url.slice(0, 77) + '…' : url}"`,
			'Use a public URL starting with https:// (or http://), a "data:image/…;base64," URL, or switch the source to "Binary File" to send a file from an earlier node.',
		);
	}
}

function listModels(models: ModelInfo[]): string {
	return models.map((m) => m.id).join(', ');
}

function checkModelSupportsMode(model: ModelInfo, mode: GenerationMode): void {
	if (model.modes.includes(mode)) return;
	throw new SeedanceInputError(
		`Model ${model.id} can't "${MODE_NAMES[mode]}"`,
		`${model.name} supports: ${model.modes.map((m) => MODE_NAMES[m]).join(', ')}. Models for "${MODE_NAMES[mode]}": ${listModels(modelsFor(mode))}.`,
	);
}

function oneOf(name: string, value: unknown, allowed: readonly string[], why: string): void {
	if (value === undefined) return;
	if (!allowed.includes(String(value))) {
		throw new SeedanceInputError(
			`${name} "${String(value)}" is not supported ${why}`,
			`Choose one of: ${allowed.join(', ')}.`,
		);
	}
}

function integerIn(name: string, value: number | undefined, min: number, max: number, hint = ''): void {
	if (value === undefined) return;
	if (!Number.isInteger(value) || value < min || value > max) {
		throw new SeedanceInputError(
			`${name} must be a whole number from ${min} to ${max}, not ${String(value)}`,
			hint || `Set ${name} between ${min} and ${max}, or remove the option to use the default.`,
		);
	}
}

function validateOptions(mode: GenerationMode, model: ModelInfo | undefined, options: GenerationOptions): void {
	const modeName = `in "${MODE_NAMES[mode]}"`;
	oneOf('Resolution', options.resolution, resolutionsFor(mode, model), modeName);
	oneOf('Ratio', options.ratio, ratiosFor(mode), modeName);
	if (mode === 'referenceImages' && options.cameraFixed !== undefined) {
		throw new SeedanceInputError(
			`Camera Fixed is not supported ${modeName}`,
			'Remove the "Camera Fixed" option, or use "Generate from Text" / "Generate from First Frame".',
		);
	}
	if (options.duration !== undefined && options.frames !== undefined) {
		throw new SeedanceInputError(
			'Set either Duration or Frames, not both',
			'Frames sets the exact length; Duration sets it in seconds. Remove one of them.',
		);
	}
	if (options.duration !== undefined) {
		const d = model?.duration;
		if (!d) {
			// A model we don't know may allow other lengths: only the form of the value is ours to check.
			if (options.duration !== -1) {
				integerIn('Duration', options.duration, 1, 86400, 'Duration is in whole seconds (-1 lets the model choose, where it can).');
			}
		} else if (!(d.allowAuto && options.duration === -1)) {
			integerIn(
				'Duration',
				options.duration,
				d.min,
				d.max,
				`${model!.name} makes videos of ${d.min}–${d.max} seconds${d.allowAuto ? ' (or -1 to let the model choose)' : ''}.`,
			);
		}
	}
	if (options.frames !== undefined) {
		if (model && !model.frames) {
			throw new SeedanceInputError(
				`${model.name} doesn't take Frames`,
				'Use Duration (seconds) instead of Frames for this model.',
			);
		}
		const f = options.frames;
		if (!Number.isInteger(f) || f < 29 || f > 289 || (f - 25) % 4 !== 0) {
			throw new SeedanceInputError(
				`Frames must be 25 + 4n between 29 and 289 (29, 33, 37, … 289), not ${String(f)}`,
				'At 24 fps, 121 frames is about 5 seconds. Pick a value of the form 25 + 4n.',
			);
		}
	}
	integerIn('Seed', options.seed, -1, 4294967295, 'Use -1 for a random seed, or a whole number up to 4294967295.');
	integerIn(
		'Task Expiry',
		options.executionExpiresAfter,
		3600,
		259200,
		'Task Expiry is in seconds: from 3600 (1 hour) to 259200 (3 days). The default is 172800 (2 days).',
	);
	oneOf('Service Tier', options.serviceTier, ['default', 'flex'], '');
	if (options.callbackUrl !== undefined && !/^https?:\/\/\S+$/i.test(options.callbackUrl)) {
		throw new SeedanceInputError(
			`Callback URL must be an http(s) URL, not "${options.callbackUrl}"`,
			'Enter the full URL of a webhook that can receive POST requests, e.g. an n8n Webhook node URL.',
		);
	}
	for (const [option, label, supported] of [
		['generateAudio', 'Generate Audio', model?.audio],
		['draft', 'Draft', model?.draft],
	] as const) {
		if (options[option] !== undefined && model && !supported) {
			throw new SeedanceInputError(
				`${model.name} doesn't support ${label}`,
				`${label} is a Seedance 1.5 Pro feature. Remove the option or choose doubao-seedance-1-5-pro-251215.`,
			);
		}
	}
}

function validateFigureReferences(prompt: string, imageCount: number): void {
	for (const match of prompt.matchAll(FIGURE_REFERENCE)) {
		const n = Number(match[1]);
		if (n < 1 || n > imageCount) {
			throw new SeedanceInputError(
				`The prompt names ${match[0]} but only ${imageCount} reference image${imageCount === 1 ? ' is' : 's are'} given`,
				`Reference images are numbered in the order you add them: [Figure 1] to [Figure ${imageCount}]. Add the missing image or fix the prompt.`,
			);
		}
	}
}

/** Every rule we know, checked before anything is sent. Throws SeedanceInputError. */
export function validateGeneration(request: GenerationRequest): void {
	const { mode, images, options } = request;
	const modelId = request.model.trim();
	const prompt = request.prompt.trim();
	if (modelId === '') {
		throw new SeedanceInputError('No model is set', 'Choose a model from the list, or enter a model or endpoint ID (ep-…).');
	}
	const model = findModel(modelId);
	if (model) checkModelSupportsMode(model, mode);

	if (prompt === '' && images.length === 0) {
		throw new SeedanceInputError(
			'There is no prompt and no image',
			mode === 'text'
				? 'Enter a prompt that describes the video.'
				: 'Enter a prompt and add at least one image.',
		);
	}
	if (mode === 'text' && prompt === '') {
		throw new SeedanceInputError('The prompt is empty', 'Enter a prompt that describes the video.');
	}
	const count = IMAGE_COUNT[mode];
	if (images.length < count.min || images.length > count.max) {
		const wanted = count.min === count.max ? `${count.min}` : `${count.min} to ${count.max}`;
		throw new SeedanceInputError(
			`"${MODE_NAMES[mode]}" takes ${wanted} image${count.max === 1 ? '' : 's'}, but ${images.length} ${images.length === 1 ? 'was' : 'were'} given`,
			mode === 'referenceImages'
				? 'Add between 1 and 4 reference images (a product, a character, a place).'
				: 'Set an image for each frame.',
		);
	}
	images.forEach(validateImageUrl);
	if (mode === 'referenceImages') validateFigureReferences(prompt, images.length);
	validateOptions(mode, model, options);
}

function promptCommands(options: GenerationOptions): string {
	return OUTPUT_PARAMETERS.filter((p) => options[p.option] !== undefined)
		.map((p) => `--${p.command} ${String(options[p.option])}`)
		.join(' ');
}

/**
 * The body's size as JSON, without serializing megabytes of base64 twice: data URLs are plain
 * ASCII that JSON never escapes, so they count as their length plus quotes.
 */
export function jsonBytes(body: CreateTaskBody): number {
	let dataUrlBytes = 0;
	const content = body.content.map((item) => {
		if (item.type !== 'image_url' || !item.image_url.url.startsWith('data:')) return item;
		dataUrlBytes += item.image_url.url.length;
		return { ...item, image_url: { url: '' } };
	});
	return Buffer.byteLength(JSON.stringify({ ...body, content })) + dataUrlBytes;
}

/** The create-task body. Options the user did not set are not sent. */
export function buildCreateTaskBody(request: GenerationRequest): CreateTaskBody {
	validateGeneration(request);
	const { mode, options } = request;
	const asCommands = options.sendParametersAs === 'prompt';
	let text = request.prompt.trim();
	if (asCommands) text = [text, promptCommands(options)].filter((part) => part !== '').join(' ');

	const content: ContentItem[] = [];
	if (text !== '') content.push({ type: 'text', text });
	request.images.forEach((image, index) =>
		content.push({ type: 'image_url', image_url: { url: image.url.trim() }, role: ROLES[mode][index] }),
	);

	const body: CreateTaskBody = { model: request.model.trim(), content };
	if (!asCommands) {
		for (const p of OUTPUT_PARAMETERS) if (options[p.option] !== undefined) body[p.field] = options[p.option];
	}
	for (const p of BODY_ONLY_PARAMETERS) if (options[p.option] !== undefined) body[p.field] = options[p.option];

	const size = jsonBytes(body);
	if (size > MAX_BODY_BYTES) {
		throw new SeedanceInputError(
			`The request is ${formatBytes(size)}; Seedance accepts up to ${formatBytes(MAX_BODY_BYTES)} per request`,
			'Send large images as public URLs instead of binary files, or compress them.',
		);
	}
	return body;
}
