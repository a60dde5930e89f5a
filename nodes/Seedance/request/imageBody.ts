/**
 * Pure: a Seedream image request in, the `POST /images/generations` body (or a clear input error)
 * out. No `this`, no n8n: everything here is tested as plain data.
 *
 * A known model gets every rule its catalogue entry states (imageModels.ts), and no field it does
 * not take is sent. A model typed by ID that the catalogue does not know (an endpoint `ep-…`, a
 * newer version, an older model) gets only the checks every model shares, and its fields as given.
 * The answer's readers live in imageAnswer.ts and are exported here too.
 */
import { formatBytes, SeedanceInputError } from '../shared/errors';
import { InlineFile, trimmedUrl, type MediaUrl } from './inlineFile';
import { detectImageFormat, headIsEnough, imageDimensions, type Dimensions, type ImageFormat, type ImageInput } from './images';
import { dataUrlBytes, isAssetUrl, isBase64, isHttpUrl, splitDataUrl } from './media';
import {
	findImageModel,
	IMAGE_OUTPUT_FORMATS,
	IMAGE_TIERS,
	imageIdForProvider,
	imageModelsNewestFirst,
	PROMPT_OPTIMISATION_MODES,
	SEEDREAM_INPUT_FORMATS,
	type ImageModelInfo,
	type ImageOutputFormat,
	type ImageTier,
	type PromptOptimisationMode,
} from './imageModels';
import type { ProviderName } from '../shared/providers';

export {
	ImageStreamParser,
	imagesFromStream,
	isFailedImage,
	parseImageSize,
	readImagesAnswer,
	type FailedImage,
	type GeneratedImage,
	type ImageOutcome,
	type ImagesAnswer,
	type ImageStreamEvent,
	type ImageUsage,
} from './imageAnswer';

/** Reference images and output images of one request, together. */
export const MAX_REFERENCES_AND_OUTPUTS = 15;
/** `max_images`: 1 to 15. */
export const MAX_GROUP_IMAGES = 15;
/** `seed`: -1 (random) to 2^31 - 1. */
export const IMAGE_SEED_MAX = 2147483647;
/** Reference images, every model: each side more than 14 px, at most 36,000,000 px in all, width/height 1/16 to 16. */
export const INPUT_MIN_SIDE = 15;
export const INPUT_MAX_PIXELS = 36_000_000;
export const INPUT_MAX_ASPECT = 16;
/** A model we don't know gets the loosest documented limits: HEIC/HEIF and 30 MB appear in newer docs. */
const ANY_MODEL_FORMATS: readonly string[] = [...SEEDREAM_INPUT_FORMATS, 'heic', 'heif'];
const ANY_MODEL_MAX_BYTES = 30 * 1024 * 1024;
/** The request body cap of the Ark gateways, which serve images and videos alike. */
export const MAX_IMAGE_BODY_BYTES = 64 * 1024 * 1024;
/** Sizes the API takes besides tiers and `WxH`, on models we don't catalogue (SeedEdit 3.0, layer decomposition). */
const SIZE_KEYWORDS = ['adaptive', 'auto'];

export type ImageSize = string | Dimensions;

export interface ImageRequest {
	/** A catalogued id in any spelling, an endpoint id, or any other model id typed by the user. */
	model: string;
	/** The credential's provider: spellings, web search and retirements differ per provider. */
	provider?: string;
	prompt: string;
	/** http(s) URLs, `data:image/<format>;base64,` URLs, or binary files sent inline. */
	references?: ImageInput[];
	/** A tier (`2K`), a `WxH` text (`2048x2048`, `×` also read) or a width and height. */
	size?: ImageSize;
	/** Up to `maxImages` images from one request (the model decides how many); absent or 1: one image. */
	group?: { maxImages: number };
	watermark?: boolean;
	seed?: number;
	promptOptimisation?: PromptOptimisationMode;
	outputFormat?: ImageOutputFormat;
	webSearch?: boolean;
	responseFormat?: 'url' | 'b64_json';
	/** Stream the images as they are made, where the model can; elsewhere the answer comes whole. */
	stream?: boolean;
}

export interface ImageGenerationBody {
	model: string;
	prompt: string;
	/** One reference as a string, several as a list: both forms are documented. */
	image?: MediaUrl | MediaUrl[];
	size?: string;
	seed?: number;
	sequential_image_generation?: 'auto';
	sequential_image_generation_options?: { max_images: number };
	stream?: true;
	response_format?: 'url' | 'b64_json';
	watermark?: boolean;
	output_format?: ImageOutputFormat;
	optimize_prompt_options?: { mode: PromptOptimisationMode };
	tools?: Array<{ type: 'web_search' }>;
}

// ---- small helpers ---------------------------------------------------------------------------------

/** 16777216 → "16,777,216", the same on every locale. */
function grouped(n: number): string {
	return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function names(models: ImageModelInfo[]): string {
	return models.map((m) => m.name).join(', ');
}

function integerIn(name: string, value: unknown, min: number, max: number, hint: string): void {
	if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
		throw new SeedanceInputError(`${name} must be a whole number from ${min} to ${max}, not ${String(value)}`, hint);
	}
}

function booleanOrUnset(name: string, value: unknown): void {
	if (value !== undefined && typeof value !== 'boolean') {
		throw new SeedanceInputError(`${name} must be true or false, not ${String(value)}`, `Turn ${name} on or off, or remove the option.`);
	}
}

function shortened(text: string): string {
	return text.length > 80 ? text.slice(0, 77) + '…' : text;
}

/** Whether width/height lies in [1/max, max], compared in whole numbers. */
function aspectWithin(width: number, height: number, max: number): boolean {
	return width * max >= height && height * max >= width;
}

// ---- reference images ------------------------------------------------------------------------------

function checkDimensions(label: string, { width, height }: Dimensions): void {
	if (Math.min(width, height) < INPUT_MIN_SIDE || width * height > INPUT_MAX_PIXELS) {
		throw new SeedanceInputError(
			`${label} is ${width}×${height} px; Seedream takes images with each side over 14 px and at most ${grouped(INPUT_MAX_PIXELS)} px in all (6000×6000)`,
			'Resize the image (e.g. with the Edit Image node) before this node.',
		);
	}
	if (!aspectWithin(width, height, INPUT_MAX_ASPECT)) {
		throw new SeedanceInputError(
			`${label} is ${width}×${height} px, a width/height ratio of ${(width / height).toFixed(3)}; Seedream takes 1/16 to 16`,
			'Crop the image to a less extreme shape.',
		);
	}
}

function checkFormat(label: string, format: string, model: ImageModelInfo | undefined): void {
	const formats = model?.imageFormats ?? ANY_MODEL_FORMATS;
	if (!formats.includes(format)) {
		throw new SeedanceInputError(
			`${label} is ${format.toUpperCase()}, which ${model ? model.name : 'Seedream'} doesn't take`,
			`Convert it to one of ${formats.join(', ')} (e.g. with the Edit Image node).`,
		);
	}
}

function checkBytes(label: string, bytes: number, model: ImageModelInfo | undefined): void {
	const max = model?.maxImageBytes ?? ANY_MODEL_MAX_BYTES;
	if (bytes > max) {
		throw new SeedanceInputError(
			`${label} is ${formatBytes(bytes)}; Seedream accepts up to ${formatBytes(max)} per reference image`,
			'Use a smaller or more compressed image (JPEG or WebP), or pass it as a public URL.',
		);
	}
}

/**
 * Seedream's rules for one reference image given as bytes (a binary file, or a decoded data URL):
 * the format read from the bytes, the size, the dimensions. `bytes` may be the file's first bytes
 * only, with `size` the whole file's size. Returns the format, for the data URL's type.
 */
export function checkSeedreamImageBytes(
	label: string,
	bytes: Buffer,
	declaredMimeType?: string,
	size = bytes.length,
	model?: ImageModelInfo,
): ImageFormat {
	const format = detectImageFormat(bytes);
	if (!format) {
		throw new SeedanceInputError(
			`${label} is not an image${declaredMimeType ? ` (its type is ${declaredMimeType})` : ''}`,
			`Seedream takes ${(model?.imageFormats ?? ANY_MODEL_FORMATS).join(', ')} images. Convert the file, or check that the field holds the image.`,
		);
	}
	checkFormat(label, format, model);
	checkBytes(label, size, model);
	const dimensions = imageDimensions(bytes, format);
	// A header we can't read (TIFF, HEIC, a truncated file) leaves the dimensions to the API.
	if (dimensions && dimensions.width > 0 && dimensions.height > 0) checkDimensions(label, dimensions);
	return format;
}

/** Base64 characters decoded first (a multiple of 4): enough for every header but a JPEG's after long metadata. */
const HEAD_CHARS = 4 * 16 * 1024;

function checkDataUrl(label: string, url: string, model: ImageModelInfo | undefined): void {
	const formats = model?.imageFormats ?? ANY_MODEL_FORMATS;
	const head = splitDataUrl(url);
	if (head?.kind !== 'image') {
		throw new SeedanceInputError(
			`${label} is not an image data URL: "${shortened(url)}"`,
			`A data URL must look like "data:image/png;base64,…" with one of ${formats.join(', ')} in lower case.`,
		);
	}
	const declared = head.type;
	if (declared !== declared.toLowerCase()) {
		throw new SeedanceInputError(
			`${label}'s data URL type "image/${declared}" must be in lower case`,
			`Write it as "data:image/${declared.toLowerCase()};base64,…".`,
		);
	}
	if (!formats.includes(declared)) {
		throw new SeedanceInputError(
			`${label} is a data URL of type image/${declared}, which ${model ? model.name : 'Seedream'} doesn't take`,
			`Use one of ${formats.map((f) => `image/${f}`).join(', ')} (JPEG is "image/jpeg", not "image/jpg").`,
		);
	}
	const payload = head.payload;
	if (payload === '') {
		throw new SeedanceInputError(`${label} is an empty data URL (0 bytes)`, 'Check that the field holds the image data after "base64,".');
	}
	if (!isBase64(payload)) {
		throw new SeedanceInputError(
			`${label} is not valid base64 after "base64,"`,
			'Base64 uses only A–Z, a–z, 0–9, "+" and "/", with at most two "=" at the end: no spaces, line breaks or URL-safe "-" and "_".',
		);
	}
	const size = dataUrlBytes(url);
	checkBytes(label, size, model);
	let bytes = Buffer.from(payload.slice(0, HEAD_CHARS), 'base64');
	if (payload.length > HEAD_CHARS && !headIsEnough(bytes)) bytes = Buffer.from(payload, 'base64');
	const format = checkSeedreamImageBytes(label, bytes, `image/${declared}`, size, model);
	if (format !== declared) {
		throw new SeedanceInputError(
			`${label} says image/${declared} but its bytes are ${format.toUpperCase()}`,
			`Write the data URL as "data:image/${format};base64,…", the type its bytes have.`,
		);
	}
}

function checkReference(image: ImageInput, model: ImageModelInfo | undefined): void {
	if (image.url instanceof InlineFile) {
		// A binary file was checked from its bytes when it was read; its type is the one read there.
		checkFormat(image.label, image.url.mimeType.replace(/^image\//, ''), model);
		checkBytes(image.label, image.url.bytes, model);
		return;
	}
	const url = image.url.trim();
	if (url === '') {
		throw new SeedanceInputError(
			`${image.label} has no URL`,
			'Enter a public http(s) URL of the image, or switch its source to "Binary File".',
		);
	}
	if (url.startsWith('data:')) {
		checkDataUrl(image.label, url, model);
		return;
	}
	if (isAssetUrl(url)) {
		throw new SeedanceInputError(
			`${image.label} is an asset ID; Seedream takes images only by URL or inline`,
			'Use a public https:// URL of the image, or switch the source to "Binary File".',
		);
	}
	if (!isHttpUrl(url)) {
		throw new SeedanceInputError(
			`${image.label} is not an http(s) URL: "${shortened(url)}"`,
			'Use a public URL starting with https:// (or http://), a "data:image/…;base64," URL, or switch the source to "Binary File".',
		);
	}
}

function checkReferenceCounts(references: ImageInput[], maxImages: number, model: ImageModelInfo | undefined): void {
	const n = references.length;
	if (model && n > model.maxReferences) {
		const bigger = imageModelsNewestFirst().filter((m) => m.maxReferences >= n);
		throw new SeedanceInputError(
			`Reference Images: ${model.name} takes up to ${model.maxReferences} reference images, but ${n} were given`,
			`Remove ${n - model.maxReferences}${bigger.length ? `, or choose a model that takes ${n}: ${names(bigger)}` : ''}.`,
		);
	}
	if (n + maxImages > MAX_REFERENCES_AND_OUTPUTS) {
		const room = MAX_REFERENCES_AND_OUTPUTS - n;
		throw new SeedanceInputError(
			`Reference Images and Max Images add up to ${n + maxImages} (${n} + ${maxImages}); Seedream allows ${MAX_REFERENCES_AND_OUTPUTS} together`,
			room >= 1
				? `Each reference image takes the place of one output image: with ${n} references, set Max Images to ${room} or less, or remove references.`
				: `Remove references: with one image made, at most ${MAX_REFERENCES_AND_OUTPUTS - 1} reference images fit.`,
		);
	}
}

// ---- size ------------------------------------------------------------------------------------------

type ParsedSize = { tier: ImageTier } | { width: number; height: number } | { keyword: string };

function sizeError(size: unknown): SeedanceInputError {
	return new SeedanceInputError(
		`Size "${String(size)}" is neither a tier nor a width x height`,
		`Use a tier (${IMAGE_TIERS.join(', ')}) or pixels as WIDTHxHEIGHT, e.g. 2048x2048.`,
	);
}

function parseSize(size: ImageSize): ParsedSize {
	if (typeof size === 'object' && size !== null) return { width: size.width, height: size.height };
	if (typeof size !== 'string') throw sizeError(size);
	const text = size.trim();
	const tier = IMAGE_TIERS.find((t) => t.toLowerCase() === text.toLowerCase());
	if (tier) return { tier };
	const wxh = /^(\d+)\s*[x×X*]\s*(\d+)$/.exec(text);
	if (wxh) return { width: Number(wxh[1]), height: Number(wxh[2]) };
	if (SIZE_KEYWORDS.includes(text.toLowerCase())) return { keyword: text.toLowerCase() };
	throw sizeError(size);
}

function tierHint(model: ImageModelInfo): string {
	const square = model.presets[model.defaultTier]?.['1:1'];
	return `${model.name} takes the tiers ${model.tiers.join(', ')}, or WIDTHxHEIGHT of ${grouped(model.pixels[0])} to ${grouped(model.pixels[1])} pixels${square ? ` (e.g. ${square})` : ''}.`;
}

/** The size as sent: a tier, or `WxH` with a lowercase x. */
function wireSize(size: ImageSize, model: ImageModelInfo | undefined): string {
	const parsed = parseSize(size);
	if ('keyword' in parsed) {
		if (model) {
			throw new SeedanceInputError(`Size "${parsed.keyword}" is not supported on ${model.name}`, tierHint(model));
		}
		return parsed.keyword;
	}
	if ('tier' in parsed) {
		if (model && !model.tiers.includes(parsed.tier)) {
			throw new SeedanceInputError(`Size ${parsed.tier} is not a tier of ${model.name}`, tierHint(model));
		}
		return parsed.tier;
	}
	const { width, height } = parsed;
	if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
		throw new SeedanceInputError(
			`Size ${String(width)}x${String(height)} must be two whole numbers of pixels`,
			'Enter the width and height in whole pixels, e.g. 2048x2048.',
		);
	}
	if (model) {
		const pixels = width * height;
		const [min, max] = model.pixels;
		if (pixels < min || pixels > max) {
			throw new SeedanceInputError(
				`Size ${width}x${height} is ${grouped(pixels)} pixels; ${model.name} makes ${grouped(min)} to ${grouped(max)}`,
				tierHint(model),
			);
		}
		if (!aspectWithin(width, height, model.aspect[1])) {
			throw new SeedanceInputError(
				`Size ${width}x${height} has a width/height ratio of ${(width / height).toFixed(3)}; ${model.name} makes 1/16 to 16`,
				'Choose a less extreme shape, e.g. 16:9 (2848x1600) or 21:9 (3136x1344).',
			);
		}
	}
	return `${width}x${height}`;
}

// ---- options ---------------------------------------------------------------------------------------

function checkGroup(group: ImageRequest['group'], model: ImageModelInfo | undefined): number {
	if (group === undefined) return 1;
	const { maxImages } = group;
	integerIn('Max Images', maxImages, 1, MAX_GROUP_IMAGES, `Max Images is how many images one request may make: 1 to ${MAX_GROUP_IMAGES}.`);
	if (model && !model.group && maxImages > 1) {
		throw new SeedanceInputError(
			`${model.name} makes one image per request; Max Images is ${maxImages}`,
			`Set Max Images to 1, or choose a model that makes groups of images: ${names(imageModelsNewestFirst().filter((m) => m.group))}.`,
		);
	}
	return maxImages;
}

function checkSeed(seed: unknown, model: ImageModelInfo | undefined): void {
	if (seed === undefined) return;
	if (model && !model.seed) {
		throw new SeedanceInputError(
			`${model.name} takes no seed`,
			'Remove the Seed option: Seedream 4.x and 5.x document no seed (only Seedream 3.0 and SeedEdit 3.0 did), so a seed would not repeat an image.',
		);
	}
	integerIn('Seed', seed, -1, IMAGE_SEED_MAX, `Use -1 for a random seed, or a whole number up to ${IMAGE_SEED_MAX}.`);
}

function oneOf(name: string, value: unknown, allowed: readonly string[], where: string, hint?: string): void {
	if (value === undefined || allowed.includes(String(value))) return;
	throw new SeedanceInputError(`${name} "${String(value)}" is not supported${where}`, hint ?? `Choose one of: ${allowed.join(', ')}.`);
}

function checkPromptOptimisation(mode: unknown, model: ImageModelInfo | undefined): void {
	oneOf('Prompt Optimisation', mode, PROMPT_OPTIMISATION_MODES, '');
	if (!model || mode === undefined) return;
	const offering = imageModelsNewestFirst().filter((m) => m.promptModes.includes(mode as PromptOptimisationMode));
	oneOf(
		'Prompt Optimisation',
		mode,
		model.promptModes,
		` on ${model.name}`,
		`${model.name} takes ${model.promptModes.join(', ')}. "${String(mode)}" is offered by ${names(offering)}.`,
	);
}

/** The output format to send: none where the model makes only JPEG (asking for JPEG there is fine). */
function checkOutputFormat(format: unknown, model: ImageModelInfo | undefined): ImageOutputFormat | undefined {
	oneOf('Output Format', format, IMAGE_OUTPUT_FORMATS, '', 'Choose png or jpeg (JPEG is "jpeg", not "jpg").');
	if (format === undefined || !model) return format as ImageOutputFormat | undefined;
	if (!model.outputFormats) {
		if (format === 'jpeg') return undefined;
		throw new SeedanceInputError(
			`Output Format "${String(format)}" is not supported on ${model.name}`,
			`${model.name} always makes JPEG images: remove the option, or choose a model that makes PNG: ${names(imageModelsNewestFirst().filter((m) => m.outputFormats?.includes('png')))}.`,
		);
	}
	oneOf('Output Format', format, model.outputFormats, ` on ${model.name}`);
	return format as ImageOutputFormat;
}

function checkWebSearch(webSearch: unknown, model: ImageModelInfo | undefined, provider: string | undefined): void {
	booleanOrUnset('Web Search', webSearch);
	if (!webSearch || !model) return;
	const providers: readonly string[] = model.webSearchProviders;
	if (providers.length > 0 && (provider === undefined || providers.includes(provider))) return;
	const offering = imageModelsNewestFirst().filter((m) => m.webSearchProviders.length > 0);
	throw new SeedanceInputError(
		`Web Search is not supported on ${model.name}${providers.length > 0 ? ` at this provider (${provider})` : ''}`,
		providers.length > 0
			? `Web search is documented for ${model.name} on ${providers.join(', ')} only. Remove the option here.`
			: `Remove the option, or choose ${names(offering)} (Volcengine Ark, ChainHub or a custom relay).`,
	);
}

function checkNotRetired(model: ImageModelInfo, provider: string | undefined): void {
	const note = provider ? model.retired?.[provider as ProviderName] : undefined;
	if (!note) return;
	throw new SeedanceInputError(
		`${model.name} is switched off at this provider: ${note}`,
		`Choose another model in the Model field. The credential's provider is ${provider}; other providers may still serve ${model.id}.`,
	);
}

// ---- the body --------------------------------------------------------------------------------------

/** Every rule we know, checked before anything is sent; the body as it will be sent. Throws SeedanceInputError. */
function checkedBody(request: ImageRequest): ImageGenerationBody {
	const modelText = typeof request.model === 'string' ? request.model.trim() : '';
	if (modelText === '') {
		throw new SeedanceInputError('No model is set', 'Choose a Seedream model from the list, or enter a model or endpoint ID (ep-…).');
	}
	const model = findImageModel(modelText);
	if (model) checkNotRetired(model, request.provider);
	const prompt = typeof request.prompt === 'string' ? request.prompt.trim() : '';
	if (prompt === '') throw new SeedanceInputError('The prompt is empty', 'Enter a prompt that describes the image.');

	const references = request.references ?? [];
	const maxImages = checkGroup(request.group, model);
	checkReferenceCounts(references, maxImages, model);
	references.forEach((image) => checkReference(image, model));
	checkSeed(request.seed, model);
	checkPromptOptimisation(request.promptOptimisation, model);
	const outputFormat = checkOutputFormat(request.outputFormat, model);
	checkWebSearch(request.webSearch, model, request.provider);
	oneOf('Response Format', request.responseFormat, ['url', 'b64_json'], '');
	booleanOrUnset('Watermark', request.watermark);
	booleanOrUnset('Stream', request.stream);

	const body: ImageGenerationBody = { model: imageIdForProvider(modelText, request.provider), prompt };
	if (references.length === 1) body.image = trimmedUrl(references[0].url);
	if (references.length > 1) body.image = references.map((image) => trimmedUrl(image.url));
	if (request.size !== undefined) body.size = wireSize(request.size, model);
	if (request.seed !== undefined) body.seed = request.seed;
	if (maxImages > 1) {
		body.sequential_image_generation = 'auto';
		body.sequential_image_generation_options = { max_images: maxImages };
	}
	// Where a model can't stream, its answer comes whole: the caller reads `body.stream` to know which.
	if (request.stream && (!model || model.stream)) body.stream = true;
	if (request.responseFormat !== undefined) body.response_format = request.responseFormat;
	if (request.watermark !== undefined) body.watermark = request.watermark;
	if (outputFormat !== undefined) body.output_format = outputFormat;
	if (request.promptOptimisation !== undefined) body.optimize_prompt_options = { mode: request.promptOptimisation };
	if (request.webSearch) body.tools = [{ type: 'web_search' }];
	return body;
}

/** Every rule we know, checked before anything is sent. Throws SeedanceInputError. */
export function validateImageRequest(request: ImageRequest): void {
	checkedBody(request);
}

function inlineLength(url: MediaUrl): number | undefined {
	if (url instanceof InlineFile) return url.dataUrlLength;
	return url.startsWith('data:') ? url.length : undefined;
}

/** The body's size as JSON, without serializing megabytes of base64 (data URLs are ASCII that JSON never escapes). */
export function imageBodyBytes(body: ImageGenerationBody): number {
	if (body.image === undefined) return Buffer.byteLength(JSON.stringify(body));
	let inlineBytes = 0;
	const light = (url: MediaUrl): MediaUrl => {
		const length = inlineLength(url);
		if (length === undefined) return url;
		inlineBytes += length;
		return '';
	};
	const image = Array.isArray(body.image) ? body.image.map(light) : light(body.image);
	return Buffer.byteLength(JSON.stringify({ ...body, image })) + inlineBytes;
}

/** The `POST /images/generations` body. Options the user did not set, and fields the model does not take, are not sent. */
export function buildImageBody(request: ImageRequest): ImageGenerationBody {
	const body = checkedBody(request);
	const bytes = imageBodyBytes(body);
	if (bytes > MAX_IMAGE_BODY_BYTES) {
		throw new SeedanceInputError(
			`The request is ${formatBytes(bytes)}; Seedream accepts up to ${formatBytes(MAX_IMAGE_BODY_BYTES)} per request`,
			'Send large reference images as public URLs instead of binary files, or compress them.',
		);
	}
	return body;
}
