/**
 * The model catalogue, as data: what each known Seedance model can do, as its provider documents it.
 * Every rule the validators apply to a known model is read from its
 * entry here; no rule of one family is written for another. Unknown ids and endpoint ids (`ep-…`)
 * are never blocked: they get only the checks every model shares, and the API judges the rest.
 */
import type { ProviderName } from '../shared/providers';

export type GenerationMode =
	| 'text'
	| 'firstFrame'
	| 'firstLastFrame'
	| 'referenceImages'
	| 'reference'
	| 'editVideo'
	| 'extendVideo'
	| 'draftFinal';
export type Resolution = '480p' | '720p' | '1080p' | '4k';
export type MediaKind = 'image' | 'video' | 'audio';

export const MODE_NAMES: Record<GenerationMode, string> = {
	text: 'Generate from Text',
	firstFrame: 'Generate from First Frame',
	firstLastFrame: 'Generate from First and Last Frame',
	referenceImages: 'Generate from Reference Images',
	reference: 'Generate from Multimodal Reference',
	editVideo: 'Edit Video',
	extendVideo: 'Extend Video',
	draftFinal: 'Generate Final Video from Draft',
};

/** Modes whose media all carry a `reference_*` role. */
export const REFERENCE_MODES: readonly GenerationMode[] = ['referenceImages', 'reference', 'editVideo', 'extendVideo'];

export const ALL_RESOLUTIONS: readonly Resolution[] = ['480p', '720p', '1080p', '4k'];
export const RATIOS = ['16:9', '4:3', '1:1', '3:4', '9:16', '21:9', 'adaptive'] as const;

export interface ReferenceLimits {
	/** Most items of each kind in one request. */
	max: Record<MediaKind, number>;
	/** The 2.0 family refuses audio without an image or a video. */
	audioNeedsVisual: boolean;
	/** Each clip's length and the total per kind, in seconds (where known). */
	clipSeconds: { min: number; max: number };
	totalSeconds: number;
	/** How prompts name the items: "Image 1" or "@Image1". */
	promptStyle: 'plain' | 'at';
}

export interface ModelInfo {
	/** Volcengine Ark / ChainHub / relay spelling. */
	id: string;
	/** BytePlus ModelArk spelling (1.x: without `doubao-`; 2.x: `dreamina-…`). */
	byteplusId: string;
	name: string;
	/** Release date: the model pickers list the newest first. */
	released: string;
	modes: GenerationMode[];
	/** Image formats (data URLs and binary files); 2.x adds HEIC/HEIF. */
	imageFormats: string[];
	resolutions: Resolution[];
	defaultResolution: Resolution;
	/** Narrower resolution / ratio sets in some modes (1.0 Lite's reference images). */
	modeResolutions?: Partial<Record<GenerationMode, Resolution[]>>;
	modeRatios?: Partial<Record<GenerationMode, string[]>>;
	/** Modes in which the model takes only `ratio: adaptive` (2.5: frames, edit, extend); the node sends it. */
	adaptiveOnly?: GenerationMode[];
	duration: { min: number; max: number; allowAuto: boolean };
	/** Modes with one fixed duration (2.5 edit: -1 only); the node sends it. */
	fixedDuration?: Partial<Record<GenerationMode, number>>;
	/** `frames` (25 + 4n in 29–289) instead of duration. */
	frames: boolean;
	/** Modes where `camera_fixed` is accepted. */
	cameraFixedModes: GenerationMode[];
	/** `generate_audio`, and what the API does when it is not sent. */
	audio: boolean;
	audioDefault?: boolean;
	/** `draft: true` previews; 2.5 makes them only at `draftResolution` and finishes at `finalResolution`. */
	draft: boolean;
	draftResolution?: Resolution;
	finalResolution?: Resolution;
	references?: ReferenceLimits;
	/** `output_format` values (2.5); undefined: the field is not sent. */
	outputFormats?: string[];
	/** `omni_reference_task_type` (2.5). */
	taskTypeField: boolean;
	/** `--rs 720p`-style prompt commands (1.x only). */
	promptCommands: boolean;
	serviceTiers: string[];
	seedMax: number;
	/**
	 * The model accepts `seed` and echoes it in the task object (create recovery recognises its task
	 * by it). 2.x accepts -1…2^31-1 and echoes it too, though its output is not reproducible by seed.
	 */
	takesSeed: boolean;
	/** `tools: [{type: web_search}]`, in these modes. */
	webSearchModes: GenerationMode[];
	/** 2.x body fields `priority` (0–9) and `safety_identifier`. */
	priority: boolean;
	safetyIdentifier: boolean;
	/** Providers that switched the model off, with the date and the replacement. */
	retired?: Partial<Record<ProviderName, string>>;
}

/** What the Seedance 1.0 family shares; each model adds its modes and defaults. */
const ONE_0 = {
	imageFormats: ['jpeg', 'png', 'webp', 'bmp', 'tiff', 'gif'],
	resolutions: ['480p', '720p', '1080p'] as Resolution[],
	duration: { min: 2, max: 12, allowAuto: false },
	frames: true,
	cameraFixedModes: ['text', 'firstFrame', 'firstLastFrame'] as GenerationMode[],
	audio: false,
	draft: false,
	taskTypeField: false,
	promptCommands: true,
	serviceTiers: ['default', 'flex'],
	seedMax: 4294967295,
	takesSeed: true,
	webSearchModes: [] as GenerationMode[],
	priority: false,
	safetyIdentifier: false,
};

const LITE_RETIRED = { byteplus: 'BytePlus switched it off on 2026-05-13; use Seedance 1.0 Pro Fast or a 2.x model' };

/** The Seedance 2.0 family. */
const TWO_0 = {
	imageFormats: ['jpeg', 'png', 'webp', 'bmp', 'tiff', 'gif', 'heic', 'heif'],
	modes: ['reference', 'referenceImages', 'text', 'firstFrame', 'firstLastFrame', 'editVideo', 'extendVideo'] as GenerationMode[],
	defaultResolution: '720p' as Resolution,
	duration: { min: 4, max: 15, allowAuto: true },
	frames: false,
	cameraFixedModes: [] as GenerationMode[],
	audio: true,
	audioDefault: true,
	draft: false,
	references: {
		max: { image: 9, video: 3, audio: 3 },
		audioNeedsVisual: true,
		clipSeconds: { min: 2, max: 15 },
		totalSeconds: 15,
		promptStyle: 'plain' as const,
	},
	taskTypeField: false,
	promptCommands: false,
	serviceTiers: ['default'],
	seedMax: 2147483647,
	takesSeed: true,
	webSearchModes: ['text'] as GenerationMode[],
	priority: true,
	safetyIdentifier: true,
};

/** Seedance 2.5. */
const TWO_5 = {
	...TWO_0,
	modes: [...TWO_0.modes, 'draftFinal'] as GenerationMode[],
	duration: { min: 4, max: 30, allowAuto: true },
	adaptiveOnly: ['firstFrame', 'firstLastFrame', 'editVideo', 'extendVideo'] as GenerationMode[],
	fixedDuration: { editVideo: -1 },
	draft: true,
	draftResolution: '480p' as Resolution,
	references: {
		max: { image: 30, video: 10, audio: 10 },
		audioNeedsVisual: false,
		clipSeconds: { min: 2, max: 30 },
		totalSeconds: 30,
		promptStyle: 'at' as const,
	},
	outputFormats: ['mp4', 'mov'],
	taskTypeField: true,
	// Web search on 2.5 is not documented: not offered until it is.
	webSearchModes: [] as GenerationMode[],
};

export const MODELS: readonly ModelInfo[] = [
	{
		id: 'doubao-seedance-1-0-lite-i2v-250428',
		byteplusId: 'seedance-1-0-lite-i2v-250428',
		name: 'Seedance 1.0 Lite (image to video)',
		released: '2025-04-28',
		// BytePlus lists text-to-video for this model too, so it is not refused there.
		modes: ['referenceImages', 'firstFrame', 'firstLastFrame', 'text'],
		...ONE_0,
		defaultResolution: '720p',
		modeResolutions: { referenceImages: ['480p', '720p'] },
		modeRatios: { referenceImages: RATIOS.filter((r) => r !== 'adaptive') },
		references: {
			max: { image: 4, video: 0, audio: 0 },
			audioNeedsVisual: true,
			clipSeconds: { min: 0, max: 0 },
			totalSeconds: 0,
			promptStyle: 'plain',
		},
		retired: LITE_RETIRED,
	},
	{
		id: 'doubao-seedance-1-0-lite-t2v-250428',
		byteplusId: 'seedance-1-0-lite-t2v-250428',
		name: 'Seedance 1.0 Lite (text to video)',
		released: '2025-04-28',
		modes: ['text'],
		...ONE_0,
		defaultResolution: '720p',
		retired: LITE_RETIRED,
	},
	{
		id: 'doubao-seedance-1-0-pro-250528',
		byteplusId: 'seedance-1-0-pro-250528',
		name: 'Seedance 1.0 Pro',
		released: '2025-05-28',
		modes: ['text', 'firstFrame', 'firstLastFrame'],
		...ONE_0,
		defaultResolution: '1080p',
	},
	{
		id: 'doubao-seedance-1-0-pro-fast-251015',
		byteplusId: 'seedance-1-0-pro-fast-251015',
		name: 'Seedance 1.0 Pro Fast',
		released: '2025-10-15',
		modes: ['text', 'firstFrame'],
		...ONE_0,
		defaultResolution: '1080p',
	},
	{
		id: 'doubao-seedance-1-5-pro-251215',
		byteplusId: 'seedance-1-5-pro-251215',
		name: 'Seedance 1.5 Pro',
		released: '2025-12-15',
		modes: ['text', 'firstFrame', 'firstLastFrame'],
		...ONE_0,
		resolutions: ['480p', '720p', '1080p'],
		defaultResolution: '720p',
		duration: { min: 4, max: 12, allowAuto: true },
		frames: false,
		audio: true,
		audioDefault: true,
		draft: true,
		retired: { byteplus: 'BytePlus stopped it on 2026-11-11; use Seedance 2.0 Mini' },
	},
	{
		id: 'doubao-seedance-2-0-260128',
		byteplusId: 'dreamina-seedance-2-0-260128',
		name: 'Seedance 2.0',
		released: '2026-01-28',
		...TWO_0,
		resolutions: ['480p', '720p', '1080p', '4k'],
	},
	{
		id: 'doubao-seedance-2-0-fast-260128',
		byteplusId: 'dreamina-seedance-2-0-fast-260128',
		name: 'Seedance 2.0 Fast',
		released: '2026-01-28',
		...TWO_0,
		resolutions: ['480p', '720p'],
	},
	{
		id: 'doubao-seedance-2-0-mini-260615',
		byteplusId: 'dreamina-seedance-2-0-mini-260615',
		name: 'Seedance 2.0 Mini',
		released: '2026-06-15',
		...TWO_0,
		resolutions: ['480p', '720p'],
	},
	{
		id: 'doubao-seedance-2-5-260628',
		byteplusId: 'dreamina-seedance-2-5-260628',
		name: 'Seedance 2.5',
		released: '2026-06-28',
		...TWO_5,
		resolutions: ['480p', '720p', '1080p'],
		finalResolution: '1080p',
	},
];

/** The catalogue entry for a model id in any provider's spelling, or undefined for ids we don't know. */
export function findModel(id: string): ModelInfo | undefined {
	const key = id.trim().toLowerCase();
	return MODELS.find((model) => model.id === key || model.byteplusId === key);
}

/**
 * Seedance family names as providers spell them (`doubao-…`, `dreamina-…`, BytePlus 1.x without a
 * prefix), with any date or none (relays take undated aliases): a model typed By ID that is one of
 * these families' releases, older or newer than the catalogue's, takes a seed like its family.
 */
const SEEDANCE_FAMILY =
	/^(?:doubao-|dreamina-)?seedance-(?:1-0-lite-[it]2v|1-0-pro(?:-fast)?|1-5-pro|2-0(?:-fast|-mini)?|2-5(?:-premium)?)(?:-\d{6})?$/;

/**
 * Whether create recovery may send a seed and recognise the task by it. Known models: the
 * catalogue says. Endpoint ids (`ep-…`) get one too: every Seedance version accepts 0…2^31-1, and
 * a task that does not echo the seed is never adopted, so the worst case is a reported, not a
 * wrong, task. Any other id may be a model that refuses the field: no seed, recovery is off.
 */
export function takesSeed(modelId: string): boolean {
	const id = modelId.trim().toLowerCase();
	const known = findModel(id);
	if (known) return known.takesSeed;
	return id.startsWith('ep-') || SEEDANCE_FAMILY.test(id);
}

/** The id as the provider spells it; unknown ids (and endpoints) are sent as the user typed them. */
export function idForProvider(id: string, provider: unknown): string {
	const known = findModel(id);
	if (!known) return id.trim();
	return provider === 'byteplus' ? known.byteplusId : known.id;
}

/** The models that can do `mode`, newest first. */
export function modelsFor(mode: GenerationMode): ModelInfo[] {
	return MODELS.filter((model) => model.modes.includes(mode)).sort(
		(a, b) => b.released.localeCompare(a.released) || a.name.localeCompare(b.name),
	);
}

/** Resolutions a model takes in a mode; an unknown model: every documented value. */
export function resolutionsFor(mode: GenerationMode, model?: ModelInfo): Resolution[] {
	if (!model) return [...ALL_RESOLUTIONS];
	return model.modeResolutions?.[mode] ?? model.resolutions;
}

export function ratiosFor(mode: GenerationMode, model?: ModelInfo): string[] {
	if (!model) return [...RATIOS];
	if (model.adaptiveOnly?.includes(mode)) return ['adaptive'];
	return model.modeRatios?.[mode] ?? [...RATIOS];
}

/** How many images each mode takes when the model is unknown (or has no reference limits). */
export const IMAGE_COUNT: Record<GenerationMode, { min: number; max: number }> = {
	text: { min: 0, max: 0 },
	firstFrame: { min: 1, max: 1 },
	firstLastFrame: { min: 2, max: 2 },
	referenceImages: { min: 1, max: Infinity },
	reference: { min: 0, max: Infinity },
	editVideo: { min: 0, max: Infinity },
	extendVideo: { min: 0, max: Infinity },
	draftFinal: { min: 0, max: 0 },
};

/** How a prompt names the n-th item of a kind for this model. */
export function referenceName(kind: MediaKind, n: number, model?: ModelInfo): string {
	const word = kind === 'image' ? 'Image' : kind === 'video' ? 'Video' : 'Audio';
	return model?.references?.promptStyle === 'at' ? `@${word}${n}` : `${word} ${n}`;
}

/** The prompt-naming hint, from the catalogue: one line per naming style. */
export function referenceNamingHint(mode: GenerationMode): string {
	const byStyle = new Map<string, string[]>();
	for (const model of modelsFor(mode)) {
		if (!model.references) continue;
		const example = ['image', 'video', 'audio']
			.filter((kind) => model.references!.max[kind as MediaKind] > 0)
			.map((kind) => `"${referenceName(kind as MediaKind, 1, model)}"`)
			.join(', ');
		byStyle.set(example, [...(byStyle.get(example) ?? []), model.name]);
	}
	const lines = [...byStyle].map(([example, names]) => `${names.join(' / ')}: ${example}`);
	return `Name each reference by its kind and its number among the items of that kind, in the order added (never by an asset ID). ${lines.join('; ')}.`;
}
