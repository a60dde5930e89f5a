/**
 * The model catalogue, as data: what each known Seedance model can do.
 * Unknown ids and endpoint ids (`ep-…`) are never blocked: the API is the judge for those.
 */

export type GenerationMode = 'text' | 'firstFrame' | 'firstLastFrame' | 'referenceImages';
export type Resolution = '480p' | '720p' | '1080p';

export const MODE_NAMES: Record<GenerationMode, string> = {
	text: 'Generate from Text',
	firstFrame: 'Generate from First Frame',
	firstLastFrame: 'Generate from First and Last Frame',
	referenceImages: 'Generate from Reference Images',
};

export interface ModelInfo {
	/** Volcengine / ChainHub spelling; BytePlus spells the same model without `doubao-`. */
	id: string;
	name: string;
	modes: GenerationMode[];
	resolutions: Resolution[];
	defaultResolution: Resolution;
	duration: { min: number; max: number; allowAuto: boolean };
	/** `frames` (25 + 4n in 29–289) instead of duration. */
	frames: boolean;
	audio: boolean;
	draft: boolean;
	/** Takes `seed` and echoes it in the task object: create recovery matches on it. */
	takesSeed: boolean;
}

/** What the Seedance 1.0 family shares; each model adds its modes and defaults. */
const ONE_0 = {
	resolutions: ['480p', '720p', '1080p'] as Resolution[],
	duration: { min: 2, max: 12, allowAuto: false },
	frames: true,
	audio: false,
	draft: false,
	takesSeed: true,
};

export const MODELS: readonly ModelInfo[] = [
	{
		id: 'doubao-seedance-1-0-lite-i2v-250428',
		name: 'Seedance 1.0 Lite (image to video)',
		// BytePlus lists text-to-video for this model too, so it is not refused there.
		modes: ['referenceImages', 'firstFrame', 'firstLastFrame', 'text'],
		...ONE_0,
		defaultResolution: '720p',
	},
	{
		id: 'doubao-seedance-1-0-lite-t2v-250428',
		name: 'Seedance 1.0 Lite (text to video)',
		modes: ['text'],
		...ONE_0,
		defaultResolution: '720p',
	},
	{
		id: 'doubao-seedance-1-0-pro-250528',
		name: 'Seedance 1.0 Pro',
		modes: ['text', 'firstFrame', 'firstLastFrame'],
		...ONE_0,
		defaultResolution: '1080p',
	},
	{
		id: 'doubao-seedance-1-0-pro-fast-251015',
		name: 'Seedance 1.0 Pro Fast',
		modes: ['text', 'firstFrame'],
		...ONE_0,
		defaultResolution: '1080p',
	},
	{
		id: 'doubao-seedance-1-5-pro-251215',
		name: 'Seedance 1.5 Pro',
		modes: ['text', 'firstFrame', 'firstLastFrame'],
		resolutions: ['480p', '720p', '1080p'],
		defaultResolution: '720p',
		duration: { min: 4, max: 12, allowAuto: true },
		frames: false,
		audio: true,
		draft: true,
		takesSeed: true,
	},
];

const BYTEPLUS_PREFIX = 'doubao-';

/** The id as BytePlus ModelArk spells it. */
export function byteplusId(id: string): string {
	return id.startsWith(BYTEPLUS_PREFIX) ? id.slice(BYTEPLUS_PREFIX.length) : id;
}

/** The catalogue entry for a model id in either spelling, or undefined for ids we don't know. */
export function findModel(id: string): ModelInfo | undefined {
	const key = byteplusId(id.trim());
	return MODELS.find((model) => byteplusId(model.id) === key);
}

/**
 * Whether create recovery may send a random seed and match the task by it. Ids we don't know
 * (endpoints `ep-…`, newer models) get one too: every Seedance version accepts 0…2^31-1, and a
 * task that does not echo the seed is never adopted, so the worst case is a reported, not a
 * wrong, task.
 */
export function takesSeed(modelId: string): boolean {
	return findModel(modelId)?.takesSeed ?? true;
}

export function modelsFor(mode: GenerationMode): ModelInfo[] {
	return MODELS.filter((model) => model.modes.includes(mode));
}

/** Reference mode has its own, narrower output rules (seedance-api.md). */
export function resolutionsFor(mode: GenerationMode, model?: ModelInfo): Resolution[] {
	const all = model?.resolutions ?? (['480p', '720p', '1080p'] as Resolution[]);
	return mode === 'referenceImages' ? all.filter((r) => r !== '1080p') : all;
}

export const RATIOS = ['16:9', '4:3', '1:1', '3:4', '9:16', '21:9', 'adaptive'] as const;

export function ratiosFor(mode: GenerationMode): string[] {
	return mode === 'referenceImages' ? RATIOS.filter((r) => r !== 'adaptive') : [...RATIOS];
}

/** How many images each mode takes. */
export const IMAGE_COUNT: Record<GenerationMode, { min: number; max: number }> = {
	text: { min: 0, max: 0 },
	firstFrame: { min: 1, max: 1 },
	firstLastFrame: { min: 2, max: 2 },
	referenceImages: { min: 1, max: 4 },
};
