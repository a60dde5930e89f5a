/**
 * Pure: the user's parameters in, the create-task body (or a clear input error) out.
 * No `this`, no n8n: everything here is tested as plain data.
 */
import { formatBytes, SeedanceInputError } from '../shared/errors';
import { InlineFile, trimmedUrl, type MediaUrl } from './inlineFile';
import {
	validateFigureReferences,
	validateFrameImages,
	validateImageUrl,
	validateReferenceImagesOnly,
	type ImageInput,
} from './images';
import {
	checkPromptNames,
	checkReferenceCounts,
	validateAudioUrl,
	validateVideoUrl,
	type MediaInput,
	type References,
} from './media';
import {
	findModel,
	MODE_NAMES,
	modelsFor,
	ratiosFor,
	REFERENCE_MODES,
	resolutionsFor,
	type GenerationMode,
	type ModelInfo,
} from './models';
import type { ProviderName } from '../shared/providers';

export const MAX_BODY_BYTES = 64 * 1024 * 1024;

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
	/** 2.x body fields. */
	outputFormat?: string;
	webSearch?: boolean;
	priority?: number;
	safetyIdentifier?: string;
	/** Fields newer than the node, as a JSON object (text or parsed); never `model` or `content`. */
	additionalBodyFields?: string | Record<string, unknown>;
	/** Output parameters as body fields (default) or as `--rs 720p`-style prompt commands. */
	sendParametersAs?: 'body' | 'prompt';
}

export interface GenerationRequest {
	mode: GenerationMode;
	model: string;
	/** The credential's provider: some providers switched some models off. */
	provider?: string;
	prompt: string;
	images: ImageInput[];
	videos?: MediaInput[];
	audio?: MediaInput[];
	/** Draft → final (2.5): the draft task's id. */
	draftTaskId?: string;
	options: GenerationOptions;
}

export type ImageRole = 'first_frame' | 'last_frame' | 'reference_image';
export type ContentItem =
	| { type: 'text'; text: string }
	| { type: 'image_url'; image_url: { url: MediaUrl }; role: ImageRole }
	| { type: 'video_url'; video_url: { url: MediaUrl }; role: 'reference_video' }
	| { type: 'audio_url'; audio_url: { url: MediaUrl }; role: 'reference_audio' }
	| { type: 'draft_task'; draft_task: { id: string } };

export interface CreateTaskBody {
	model: string;
	content: ContentItem[];
	[option: string]: unknown;
}

function imageRole(mode: GenerationMode, index: number): ImageRole {
	if (mode === 'firstFrame') return 'first_frame';
	if (mode === 'firstLastFrame') return index === 0 ? 'first_frame' : 'last_frame';
	return 'reference_image';
}

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
	{ option: 'outputFormat', field: 'output_format' },
	{ option: 'priority', field: 'priority' },
	{ option: 'safetyIdentifier', field: 'safety_identifier' },
] as const;

/**
 * The options a final video from a 2.5 draft may still set; the draft fixed every other one
 * (prompt, media, ratio, duration, seed, audio…), and the API refuses them even with equal values.
 */
export const DRAFT_FINAL_OPTIONS = [
	'additionalBodyFields',
	'callbackUrl',
	'executionExpiresAfter',
	'outputFormat',
	'priority',
	'resolution',
	'returnLastFrame',
	'safetyIdentifier',
	'serviceTier',
	'watermark',
] as const satisfies ReadonlyArray<keyof GenerationOptions>;

/** How the form names the options a draft fixed. */
const OPTION_LABELS: Partial<Record<keyof GenerationOptions, string>> = {
	ratio: 'Ratio',
	duration: 'Duration',
	frames: 'Frames',
	seed: 'Seed',
	cameraFixed: 'Camera Fixed',
	generateAudio: 'Generate Audio',
	draft: 'Draft',
	webSearch: 'Web Search',
	sendParametersAs: 'Send Parameters As',
};

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

function checkNotRetired(model: ModelInfo, provider: string | undefined): void {
	const note = provider ? model.retired?.[provider as ProviderName] : undefined;
	if (!note) return;
	throw new SeedanceInputError(
		`${model.name} is switched off at this provider: ${note}`,
		`Choose another model in the Model field. The credential's provider is ${provider}; other providers may still serve ${model.id}.`,
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

function notFor(model: ModelInfo, label: string, supportedBy: (m: ModelInfo) => boolean): SeedanceInputError {
	const others = modelsFor('text')
		.concat(modelsFor('reference'))
		.filter((m, i, all) => all.indexOf(m) === i && supportedBy(m))
		.map((m) => m.name);
	return new SeedanceInputError(
		`${model.name} doesn't support ${label}`,
		`Remove the option${others.length ? `, or choose a model that has it: ${others.join(', ')}` : ''}.`,
	);
}

/**
 * The ranges of the number options the body carries (the form gives the same as minValue / maxValue).
 * Durations of known models come from the catalogue; for an ID the node does not know, 60 s is
 * twice the longest any Seedance model makes (30 s on 2.5), so a newer model still gets through.
 */
export const UNKNOWN_MODEL_MAX_DURATION = 60;
export const FRAMES = { min: 29, max: 289 } as const;
export const MAX_SEED = 4294967295;
export const TASK_EXPIRY = { min: 3600, max: 259200 } as const;

function validateDuration(mode: GenerationMode, model: ModelInfo | undefined, duration: number | undefined): void {
	if (duration === undefined) return;
	const fixed = model?.fixedDuration?.[mode];
	if (model && fixed !== undefined) {
		if (duration !== fixed) {
			throw new SeedanceInputError(
				`Duration must be ${fixed} for "${MODE_NAMES[mode]}" on ${model.name}, not ${String(duration)}`,
				`${model.name} makes an edited video about as long as its source: remove the Duration option (the node sends ${fixed}).`,
			);
		}
		return;
	}
	const d = model?.duration;
	if (!d) {
		// A model we don't know may allow other lengths: only the form of the value is ours to check.
		if (duration !== -1) {
			integerIn(
				'Duration',
				duration,
				1,
				UNKNOWN_MODEL_MAX_DURATION,
				`Duration is in whole seconds, up to ${UNKNOWN_MODEL_MAX_DURATION} for a model the node does not know (-1 lets the model choose, where it can).`,
			);
		}
	} else if (!(d.allowAuto && duration === -1)) {
		integerIn(
			'Duration',
			duration,
			d.min,
			d.max,
			`${model!.name} makes videos of ${d.min}–${d.max} seconds${d.allowAuto ? ' (or -1 to let the model choose)' : ''}.`,
		);
	}
}

function validateDraftFinal(model: ModelInfo | undefined, request: GenerationRequest): void {
	const { options } = request;
	if (!(request.draftTaskId ?? '').trim()) {
		throw new SeedanceInputError('No draft task ID is set', 'Enter the ID of a succeeded draft task (cgt-…), e.g. from the draft run\'s output.');
	}
	const allowed: readonly string[] = DRAFT_FINAL_OPTIONS;
	for (const option of Object.keys(options) as Array<keyof GenerationOptions>) {
		if (options[option] !== undefined && !allowed.includes(option)) {
			throw new SeedanceInputError(
				`${OPTION_LABELS[option] ?? option} can't be set for a final video: the draft fixed it`,
				'Remove the option. The final video keeps the draft\'s prompt, media, ratio, duration, seed and audio; Seedance refuses them even with equal values.',
			);
		}
	}
	if (model?.finalResolution) {
		oneOf('Resolution', options.resolution, [model.finalResolution], `for a final video from a ${model.name} draft`);
	} else {
		// A model we don't know: only the values the API documents at all.
		oneOf('Resolution', options.resolution, resolutionsFor('draftFinal', model), 'for a final video');
	}
}

function validateOptions(request: GenerationRequest, model: ModelInfo | undefined): void {
	const { mode, options } = request;
	const modeName = `in "${MODE_NAMES[mode]}"${model ? ` on ${model.name}` : ''}`;
	if (mode === 'draftFinal') validateDraftFinal(model, request);
	else oneOf('Resolution', options.resolution, resolutionsFor(mode, model), modeName);
	oneOf('Ratio', options.ratio, ratiosFor(mode, model), modeName);
	if (options.cameraFixed !== undefined && model && !model.cameraFixedModes.includes(mode)) {
		throw new SeedanceInputError(
			`Camera Fixed is not supported ${modeName}`,
			model.cameraFixedModes.length
				? `Remove the "Camera Fixed" option, or use ${model.cameraFixedModes.map((m) => `"${MODE_NAMES[m]}"`).join(' / ')}.`
				: 'Remove the "Camera Fixed" option; describe the camera in the prompt instead (e.g. "static camera").',
		);
	}
	if (options.duration !== undefined && options.frames !== undefined) {
		throw new SeedanceInputError(
			'Set either Duration or Frames, not both',
			'Frames sets the exact length; Duration sets it in seconds. Remove one of them.',
		);
	}
	validateDuration(mode, model, options.duration);
	if (options.frames !== undefined) {
		if (model && !model.frames) {
			throw new SeedanceInputError(
				`${model.name} doesn't take Frames`,
				'Use Duration (seconds) instead of Frames for this model.',
			);
		}
		const f = options.frames;
		if (!Number.isInteger(f) || f < FRAMES.min || f > FRAMES.max || (f - 25) % 4 !== 0) {
			throw new SeedanceInputError(
				`Frames must be 25 + 4n between 29 and 289 (29, 33, 37, … 289), not ${String(f)}`,
				'At 24 fps, 121 frames is about 5 seconds. Pick a value of the form 25 + 4n.',
			);
		}
	}
	const seedMax = model?.seedMax ?? MAX_SEED;
	integerIn('Seed', options.seed, -1, seedMax, `Use -1 for a random seed, or a whole number up to ${seedMax}.`);
	integerIn(
		'Task Expiry',
		options.executionExpiresAfter,
		TASK_EXPIRY.min,
		TASK_EXPIRY.max,
		'Task Expiry is in seconds: from 3600 (1 hour) to 259200 (3 days). The default is 172800 (2 days).',
	);
	oneOf('Service Tier', options.serviceTier, model?.serviceTiers ?? ['default', 'flex'], model ? `on ${model.name}` : '');
	if (options.callbackUrl !== undefined && !/^https?:\/\/\S+$/i.test(options.callbackUrl)) {
		throw new SeedanceInputError(
			`Callback URL must be an http(s) URL, not "${options.callbackUrl}"`,
			'Enter the full URL of a webhook that can receive POST requests, e.g. an n8n Webhook node URL.',
		);
	}
	if (model) {
		if (options.generateAudio !== undefined && !model.audio) throw notFor(model, 'Generate Audio', (m) => m.audio);
		if (options.draft !== undefined && !model.draft) throw notFor(model, 'Draft', (m) => m.draft);
		if (options.outputFormat !== undefined && !model.outputFormats) throw notFor(model, 'Output Format', (m) => Boolean(m.outputFormats));
		if (options.priority !== undefined && !model.priority) throw notFor(model, 'Priority', (m) => m.priority);
		if (options.safetyIdentifier !== undefined && !model.safetyIdentifier) {
			throw notFor(model, 'Safety Identifier', (m) => m.safetyIdentifier);
		}
		if (options.webSearch && !model.webSearchModes.includes(mode)) {
			throw new SeedanceInputError(
				`Web Search is not supported ${modeName}`,
				model.webSearchModes.length
					? `Web search works in ${model.webSearchModes.map((m) => `"${MODE_NAMES[m]}"`).join(', ')}. Remove the option here.`
					: `Remove the option: web search is not documented for ${model.name}.`,
			);
		}
		if (options.sendParametersAs === 'prompt' && !model.promptCommands) {
			throw new SeedanceInputError(
				`${model.name} doesn't take prompt commands`,
				'Set "Send Parameters As" to "Body Fields": 2.x models read their settings only from body fields.',
			);
		}
		if (options.draft && model.draftResolution) {
			oneOf('Resolution', options.resolution, [model.draftResolution], `for a ${model.name} draft`);
		}
	}
	oneOf('Output Format', options.outputFormat, model?.outputFormats ?? ['mp4', 'mov'], model ? `on ${model.name}` : '');
	integerIn('Priority', options.priority, 0, 9, 'Priority is a whole number from 0 to 9.');
	if (options.safetyIdentifier !== undefined && (typeof options.safetyIdentifier !== 'string' || options.safetyIdentifier.length > 64)) {
		throw new SeedanceInputError(
			'Safety Identifier must be text of at most 64 characters',
			'Use a short, stable ID of your end user (e.g. a hash of their account ID), not personal data.',
		);
	}
	parseAdditionalBodyFields(options.additionalBodyFields);
}

/** The Additional Body Fields option as an object; `model` and `content` stay the node's. */
export function parseAdditionalBodyFields(value: GenerationOptions['additionalBodyFields']): Record<string, unknown> {
	if (value === undefined || value === '') return {};
	const parsed = typeof value === 'string' ? parseJson(value) : { value };
	if ('error' in parsed) {
		throw new SeedanceInputError(
			`Additional Body Fields is not valid JSON: ${parsed.error}`,
			'Enter a JSON object, e.g. {"new_field": true}.',
		);
	}
	return checkedBodyFields(parsed.value);
}

function parseJson(text: string): { value: unknown } | { error: string } {
	try {
		return { value: JSON.parse(text) as unknown };
	} catch (error) {
		return { error: (error as Error).message };
	}
}

function checkedBodyFields(parsed: unknown): Record<string, unknown> {
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		throw new SeedanceInputError('Additional Body Fields must be a JSON object', 'Enter a JSON object, e.g. {"new_field": true}.');
	}
	for (const key of ['model', 'content']) {
		if (key in parsed) {
			throw new SeedanceInputError(
				`Additional Body Fields can't set "${key}"`,
				`The node sets "${key}" from the form (the Model field, the prompt and the references). Remove "${key}" from the JSON.`,
			);
		}
	}
	return parsed as Record<string, unknown>;
}

/** Every rule we know, checked before anything is sent. Throws SeedanceInputError. */
export function validateGeneration(request: GenerationRequest): void {
	const { mode, images } = request;
	const videos = request.videos ?? [];
	const audio = request.audio ?? [];
	const modelId = request.model.trim();
	const prompt = request.prompt.trim();
	if (modelId === '') {
		throw new SeedanceInputError('No model is set', 'Choose a model from the list, or enter a model or endpoint ID (ep-…).');
	}
	const model = findModel(modelId);
	if (model) {
		checkModelSupportsMode(model, mode);
		checkNotRetired(model, request.provider);
	}

	if (mode !== 'draftFinal') {
		const media = images.length + videos.length + audio.length;
		if (prompt === '' && media === 0) {
			throw new SeedanceInputError(
				'There is no prompt and no image',
				mode === 'text' ? 'Enter a prompt that describes the video.' : 'Enter a prompt and add at least one image.',
			);
		}
		if (mode === 'text' && prompt === '') {
			throw new SeedanceInputError('The prompt is empty', 'Enter a prompt that describes the video.');
		}
	}
	if (mode === 'referenceImages') validateReferenceImagesOnly(model, images);
	else if (REFERENCE_MODES.includes(mode)) {
		const refs: References = { image: images, video: videos, audio };
		checkReferenceCounts(mode, model, refs);
		checkPromptNames(prompt, model, refs);
	} else validateFrameImages(mode, images);
	images.forEach((image) => validateImageUrl(image, model));
	videos.forEach(validateVideoUrl);
	audio.forEach(validateAudioUrl);
	if (REFERENCE_MODES.includes(mode)) validateFigureReferences(prompt, images.length);
	validateOptions(request, model);
}

function promptCommands(options: GenerationOptions): string {
	return OUTPUT_PARAMETERS.filter((p) => options[p.option] !== undefined)
		.map((p) => `--${p.command} ${String(options[p.option])}`)
		.join(' ');
}

/** How many bytes a URL adds to the JSON besides its quotes, if it is inline data (a data URL or a file); else undefined. */
function inlineLength(url: MediaUrl): number | undefined {
	if (url instanceof InlineFile) return url.dataUrlLength;
	return url.startsWith('data:') ? url.length : undefined;
}

/**
 * The body's size as JSON, without serializing megabytes of base64: data URLs are plain ASCII
 * that JSON never escapes, so they count as their length plus quotes.
 */
export function jsonBytes(body: CreateTaskBody): number {
	let inlineBytes = 0;
	const content = body.content.map((item) => {
		const length =
			item.type === 'image_url' ? inlineLength(item.image_url.url) : item.type === 'audio_url' ? inlineLength(item.audio_url.url) : undefined;
		if (length === undefined) return item;
		inlineBytes += length;
		return item.type === 'image_url' ? { ...item, image_url: { url: '' } } : { ...item, audio_url: { url: '' } };
	});
	return Buffer.byteLength(JSON.stringify({ ...body, content })) + inlineBytes;
}

/** What the catalogue says a mode must send, whatever the form says (2.5: adaptive, -1, task type). */
function requiredFields(mode: GenerationMode, model: ModelInfo | undefined, options: GenerationOptions): Record<string, unknown> {
	if (!model) return {};
	const fields: Record<string, unknown> = {};
	if (model.adaptiveOnly?.includes(mode)) fields.ratio = 'adaptive';
	const duration = model.fixedDuration?.[mode];
	if (duration !== undefined) fields.duration = duration;
	if (model.taskTypeField && (mode === 'editVideo' || mode === 'extendVideo')) {
		fields.omni_reference_task_type = mode === 'editVideo' ? 'edit' : 'extend';
	}
	if (options.draft && model.draftResolution) fields.resolution = model.draftResolution;
	if (mode === 'draftFinal' && model.finalResolution) fields.resolution = model.finalResolution;
	return fields;
}

function content(request: GenerationRequest, text: string): ContentItem[] {
	if (request.mode === 'draftFinal') {
		return [{ type: 'draft_task', draft_task: { id: (request.draftTaskId ?? '').trim() } }];
	}
	const items: ContentItem[] = [];
	if (text !== '') items.push({ type: 'text', text });
	request.images.forEach((image, index) =>
		items.push({ type: 'image_url', image_url: { url: trimmedUrl(image.url) }, role: imageRole(request.mode, index) }),
	);
	for (const video of request.videos ?? []) {
		items.push({ type: 'video_url', video_url: { url: trimmedUrl(video.url) }, role: 'reference_video' });
	}
	for (const clip of request.audio ?? []) {
		items.push({ type: 'audio_url', audio_url: { url: trimmedUrl(clip.url) }, role: 'reference_audio' });
	}
	return items;
}

/** The create-task body. Options the user did not set are not sent (except what a mode requires). */
export function buildCreateTaskBody(request: GenerationRequest): CreateTaskBody {
	validateGeneration(request);
	const { mode, options } = request;
	const model = findModel(request.model);
	const asCommands = options.sendParametersAs === 'prompt';
	let text = request.prompt.trim();
	if (asCommands) text = [text, promptCommands(options)].filter((part) => part !== '').join(' ');

	const body: CreateTaskBody = { model: request.model.trim(), content: content(request, text) };
	if (!asCommands) {
		for (const p of OUTPUT_PARAMETERS) if (options[p.option] !== undefined) body[p.field] = options[p.option];
	}
	for (const p of BODY_ONLY_PARAMETERS) if (options[p.option] !== undefined) body[p.field] = options[p.option];
	if (options.webSearch) body.tools = [{ type: 'web_search' }];
	Object.assign(body, requiredFields(mode, model, options), parseAdditionalBodyFields(options.additionalBodyFields));

	const size = jsonBytes(body);
	if (size > MAX_BODY_BYTES) {
		throw new SeedanceInputError(
			`The request is ${formatBytes(size)}; Seedance accepts up to ${formatBytes(MAX_BODY_BYTES)} per request`,
			'Send large images and audio as public URLs instead of binary files, or compress them.',
		);
	}
	return body;
}
