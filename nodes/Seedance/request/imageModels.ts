/**
 * The Seedream image model catalogue, as data, beside the video one (models.ts). Every rule the
 * image body builder applies to a known model is read from its entry here. Unknown ids and
 * endpoint ids (`ep-…`) are never blocked: they get only the checks every model shares, and the
 * API judges the rest. The facts, their sources and the choices made where sources disagree are
 * in docs/seedream.md.
 */
import type { ProviderName } from '../shared/providers';

export type ImageTier = '1K' | '1.5K' | '2K' | '3K' | '4K';
export const IMAGE_TIERS: readonly ImageTier[] = ['1K', '1.5K', '2K', '3K', '4K'];

export type ImageOutputFormat = 'png' | 'jpeg';
export const IMAGE_OUTPUT_FORMATS: readonly ImageOutputFormat[] = ['png', 'jpeg'];

export type PromptOptimisationMode = 'standard' | 'fast';
export const PROMPT_OPTIMISATION_MODES: readonly PromptOptimisationMode[] = ['standard', 'fast'];

/** The ratios the size tables give a `WxH` for; the model itself takes any ratio in its aspect bounds. */
export const IMAGE_RATIOS = ['1:1', '4:3', '3:4', '16:9', '9:16', '3:2', '2:3', '21:9'] as const;
export type ImageRatio = (typeof IMAGE_RATIOS)[number];

/** Input images every model takes; HEIC/HEIF and 30 MB appear only in newer docs (docs/seedream.md). */
export const SEEDREAM_INPUT_FORMATS = ['jpeg', 'png', 'webp', 'bmp', 'tiff', 'gif'] as const;
export const SEEDREAM_MAX_INPUT_BYTES = 10 * 1024 * 1024;

export interface ImageModelInfo {
	/** Volcengine Ark / ChainHub spelling. */
	id: string;
	/** BytePlus ModelArk spelling. */
	byteplusId: string;
	/** Other spellings accepted as this model; the provider's own spelling is what is sent. */
	aliases: string[];
	name: string;
	/** Taken from the version suffix of the id: the model pickers list the newest first. */
	released: string;
	/** Most reference images in one request. */
	maxReferences: number;
	/** `sequential_image_generation: auto`: up to `max_images` images from one request. */
	group: boolean;
	/** `stream: true` (server-sent events). */
	stream: boolean;
	/** `output_format` values; undefined: the model always makes JPEG and the field is not sent. */
	outputFormats?: ImageOutputFormat[];
	/** `size` tiers; a `WxH` size is checked against `pixels` and `aspect` instead. */
	tiers: ImageTier[];
	/** The tier the form offers first; the node sends no size the user did not choose. */
	defaultTier: ImageTier;
	/** The documented `WxH` per tier and ratio (what the model makes for a tier, per the size tables). */
	presets: Partial<Record<ImageTier, Record<ImageRatio, string>>>;
	/** Total pixels of a `WxH` size, both ends included. */
	pixels: [min: number, max: number];
	/** Width / height of a `WxH` size, both ends included. */
	aspect: [min: number, max: number];
	/** `seed`: documented only for Seedream 3.0 and SeedEdit 3.0, so no entry here takes it. */
	seed: boolean;
	/** `optimize_prompt_options.mode` values. */
	promptModes: PromptOptimisationMode[];
	/** Providers where `tools: [{type: web_search}]` is offered. */
	webSearchProviders: ProviderName[];
	/** What the API does when `watermark` is not sent. */
	watermarkDefault: boolean;
	/** Reference image formats (data URLs and binary files) and the size cap per image. */
	imageFormats: string[];
	maxImageBytes: number;
	/** Providers that switched the model off, with the date and the replacement. */
	retired?: Partial<Record<ProviderName, string>>;
}

const r = (sizes: string[]): Record<ImageRatio, string> =>
	Object.fromEntries(IMAGE_RATIOS.map((ratio, i) => [ratio, sizes[i]])) as Record<ImageRatio, string>;

/** The size tables, one column per tier and model group, rows in IMAGE_RATIOS order. */
const SIZES = {
	// 4.0 at 1K: two documents disagree on 16:9, 9:16 and 21:9; these are the API reference's.
	'1K (4.0)': r(['1024x1024', '1152x864', '864x1152', '1280x720', '720x1280', '1248x832', '832x1248', '1512x648']),
	'1K (5.0 Pro/Flash)': r(['1024x1024', '1152x864', '864x1152', '1424x800', '800x1424', '1248x832', '832x1248', '1568x672']),
	'1.5K (5.0 Pro/Flash)': r(['1536x1536', '1792x1344', '1344x1792', '2048x1152', '1152x2048', '1872x1248', '1248x1872', '2352x1008']),
	'2K (5.0 Pro/Flash)': r(['2048x2048', '2368x1776', '1776x2368', '2816x1584', '1584x2816', '2496x1664', '1664x2496', '3136x1344']),
	'2K': r(['2048x2048', '2304x1728', '1728x2304', '2848x1600', '1600x2848', '2496x1664', '1664x2496', '3136x1344']),
	'3K': r(['3072x3072', '3456x2592', '2592x3456', '4096x2304', '2304x4096', '3744x2496', '2496x3744', '4704x2016']),
	'4K': r(['4096x4096', '4704x3520', '3520x4704', '5504x3040', '3040x5504', '4992x3328', '3328x4992', '6240x2656']),
};

/** What every 4.x / 5.x model shares. */
const SEEDREAM = {
	aspect: [1 / 16, 16] as [number, number],
	seed: false,
	watermarkDefault: true,
	imageFormats: [...SEEDREAM_INPUT_FORMATS],
	maxImageBytes: SEEDREAM_MAX_INPUT_BYTES,
};

/** 5.0 Pro and 5.0 Flash: one image per request, no streaming, PNG or JPEG, 1K–2K. */
const PRO_FLASH = {
	...SEEDREAM,
	maxReferences: 10,
	group: false,
	stream: false,
	outputFormats: ['png', 'jpeg'] as ImageOutputFormat[],
	tiers: ['1K', '1.5K', '2K'] as ImageTier[],
	defaultTier: '2K' as ImageTier,
	presets: { '1K': SIZES['1K (5.0 Pro/Flash)'], '1.5K': SIZES['1.5K (5.0 Pro/Flash)'], '2K': SIZES['2K (5.0 Pro/Flash)'] },
	pixels: [921_600, 4_624_220] as [number, number],
	webSearchProviders: [] as ProviderName[],
};

/** 5.0 Lite, 4.5 and 4.0: groups of images, streaming, up to 14 references. */
const GROUP_MODELS = {
	...SEEDREAM,
	maxReferences: 14,
	group: true,
	stream: true,
	defaultTier: '2K' as ImageTier,
	webSearchProviders: [] as ProviderName[],
};

export const IMAGE_MODELS: readonly ImageModelInfo[] = [
	{
		id: 'doubao-seedream-4-0-250828',
		byteplusId: 'seedream-4-0-250828',
		aliases: [],
		name: 'Seedream 4.0',
		released: '2025-08-28',
		...GROUP_MODELS,
		tiers: ['1K', '2K', '4K'],
		presets: { '1K': SIZES['1K (4.0)'], '2K': SIZES['2K'], '4K': SIZES['4K'] },
		pixels: [921_600, 16_777_216],
		promptModes: ['standard', 'fast'],
	},
	{
		id: 'doubao-seedream-4-5-251128',
		byteplusId: 'seedream-4-5-251128',
		aliases: [],
		name: 'Seedream 4.5',
		released: '2025-11-28',
		...GROUP_MODELS,
		tiers: ['2K', '4K'],
		presets: { '2K': SIZES['2K'], '4K': SIZES['4K'] },
		pixels: [3_686_400, 16_777_216],
		promptModes: ['standard'],
	},
	{
		id: 'doubao-seedream-5-0-260128',
		byteplusId: 'seedream-5-0-260128',
		aliases: ['doubao-seedream-5-0-lite-260128', 'seedream-5-0-lite-260128'],
		name: 'Seedream 5.0 Lite',
		released: '2026-01-28',
		...GROUP_MODELS,
		outputFormats: ['png', 'jpeg'],
		// The newer docs (2K/3K/4K up to 16,777,216 px) over the early ones (2K/3K, 10,404,496 px).
		tiers: ['2K', '3K', '4K'],
		presets: { '2K': SIZES['2K'], '3K': SIZES['3K'], '4K': SIZES['4K'] },
		pixels: [3_686_400, 16_777_216],
		promptModes: ['standard'],
		// Documented on Volcengine; BytePlus lists the field only in its schema. ChainHub and custom
		// relays pass Volcengine Ark bodies through.
		webSearchProviders: ['volcengine', 'chainhub', 'custom'],
	},
	{
		id: 'doubao-seedream-5-0-pro-260628',
		byteplusId: 'dola-seedream-5-0-pro-260628',
		// How a third-party proxy spells it on BytePlus; BytePlus' own docs say `dola-…`.
		aliases: ['seedream-5-0-pro-260628'],
		name: 'Seedream 5.0 Pro',
		released: '2026-06-28',
		...PRO_FLASH,
		promptModes: ['standard', 'fast'],
	},
	{
		id: 'doubao-seedream-5-0-flash-260915',
		byteplusId: 'dola-seedream-5-0-flash-260915',
		aliases: ['seedream-5-0-flash-260915'],
		name: 'Seedream 5.0 Flash',
		released: '2026-09-15',
		...PRO_FLASH,
		promptModes: ['standard'],
	},
];

/** The catalogue entry for an image model id in any accepted spelling, or undefined for ids we don't know. */
export function findImageModel(id: string): ImageModelInfo | undefined {
	const key = id.trim().toLowerCase();
	return IMAGE_MODELS.find((model) => model.id === key || model.byteplusId === key || model.aliases.includes(key));
}

/** The id as the provider spells it; unknown ids (and endpoints) are sent as the user typed them. */
export function imageIdForProvider(id: string, provider: unknown): string {
	const known = findImageModel(id);
	if (!known) return id.trim();
	return provider === 'byteplus' ? known.byteplusId : known.id;
}

/** Every catalogued image model, newest first. */
export function imageModelsNewestFirst(): ImageModelInfo[] {
	return [...IMAGE_MODELS].sort((a, b) => b.released.localeCompare(a.released) || a.name.localeCompare(b.name));
}

/**
 * The documented `WxH` a catalogued model makes for a tier and a ratio (the size tables), or
 * undefined: the model is not catalogued, or does not have that tier.
 */
export function imagePresetSize(id: string, tier: ImageTier, ratio: ImageRatio): string | undefined {
	return findImageModel(id)?.presets[tier]?.[ratio];
}
