/**
 * The Seedream catalogue against the documented model table (docs/seedream.md): ids and spellings
 * per provider, and every per-model capability, as a table.
 */
import {
	findImageModel,
	IMAGE_MODELS,
	IMAGE_RATIOS,
	imageIdForProvider,
	imageModelsNewestFirst,
	imagePresetSize,
	type ImageModelInfo,
} from '../../../nodes/Seedance/request/imageModels';

const PRO = 'doubao-seedream-5-0-pro-260628';
const FLASH = 'doubao-seedream-5-0-flash-260915';
const LITE = 'doubao-seedream-5-0-260128';
const V45 = 'doubao-seedream-4-5-251128';
const V40 = 'doubao-seedream-4-0-250828';

const model = (id: string): ImageModelInfo => {
	const found = findImageModel(id);
	if (!found) throw new Error(`no model ${id}`);
	return found;
};

describe('ids and spellings', () => {
	it.each([
		// [Volcengine id, BytePlus id, other accepted spellings]
		[V40, 'seedream-4-0-250828', []],
		[V45, 'seedream-4-5-251128', []],
		[LITE, 'seedream-5-0-260128', ['doubao-seedream-5-0-lite-260128', 'seedream-5-0-lite-260128']],
		[PRO, 'dola-seedream-5-0-pro-260628', ['seedream-5-0-pro-260628']],
		[FLASH, 'dola-seedream-5-0-flash-260915', ['seedream-5-0-flash-260915']],
	])('%s: BytePlus %s, also %j', (volc, byteplus, others) => {
		for (const spelling of [volc, byteplus, ...others, `  ${volc.toUpperCase()} `]) {
			expect(findImageModel(spelling)?.id).toBe(volc);
			expect(imageIdForProvider(spelling, 'byteplus')).toBe(byteplus);
			for (const provider of ['volcengine', 'chainhub', 'custom', undefined]) expect(imageIdForProvider(spelling, provider)).toBe(volc);
		}
	});

	it('sends ids it does not know as typed (endpoints, newer or retired models)', () => {
		for (const id of ['ep-20260101-abcde', 'doubao-seedream-6-0-270101', 'doubao-seedream-3-0-t2i-250415', 'seededit-3-0-i2i-250628']) {
			expect(findImageModel(id)).toBeUndefined();
			expect(imageIdForProvider(`  ${id} `, 'byteplus')).toBe(id);
		}
	});

	it('does not confuse Seedream with Seedance ids', () => {
		expect(findImageModel('doubao-seedance-2-0-260128')).toBeUndefined();
	});

	it('lists the newest first', () => {
		expect(imageModelsNewestFirst().map((m) => m.name)).toEqual([
			'Seedream 5.0 Flash',
			'Seedream 5.0 Pro',
			'Seedream 5.0 Lite',
			'Seedream 4.5',
			'Seedream 4.0',
		]);
		expect(IMAGE_MODELS).toHaveLength(5);
	});

	it('has no spelling shared by two models', () => {
		const spellings = IMAGE_MODELS.flatMap((m) => [m.id, m.byteplusId, ...m.aliases]);
		expect(new Set(spellings).size).toBe(spellings.length);
	});
});

describe('what each model can do', () => {
	it.each([
		// id, max refs, group, stream, output formats, tiers, pixels, prompt modes, web search providers
		[V40, 14, true, true, undefined, ['1K', '2K', '4K'], [921_600, 16_777_216], ['standard', 'fast'], []],
		[V45, 14, true, true, undefined, ['2K', '4K'], [3_686_400, 16_777_216], ['standard'], []],
		[LITE, 14, true, true, ['png', 'jpeg'], ['2K', '3K', '4K'], [3_686_400, 16_777_216], ['standard'], ['volcengine', 'chainhub', 'custom']],
		[PRO, 10, false, false, ['png', 'jpeg'], ['1K', '1.5K', '2K'], [921_600, 4_624_220], ['standard', 'fast'], []],
		[FLASH, 10, false, false, ['png', 'jpeg'], ['1K', '1.5K', '2K'], [921_600, 4_624_220], ['standard'], []],
	])('%s: %d refs, group %s, stream %s, formats %j, tiers %j, pixels %j, modes %j, web search %j', (id, refs, group, stream, formats, tiers, pixels, modes, web) => {
		const m = model(id as string);
		expect(m.maxReferences).toBe(refs);
		expect(m.group).toBe(group);
		expect(m.stream).toBe(stream);
		expect(m.outputFormats).toEqual(formats);
		expect(m.tiers).toEqual(tiers);
		expect(m.pixels).toEqual(pixels);
		expect(m.promptModes).toEqual(modes);
		expect(m.webSearchProviders).toEqual(web);
	});

	it.each(IMAGE_MODELS.map((m) => [m.name, m] as const))('%s: shared rules (no seed, watermark on by default, 1/16–16, 10 MB, no HEIC)', (_, m) => {
		expect(m.seed).toBe(false);
		expect(m.watermarkDefault).toBe(true);
		expect(m.aspect).toEqual([1 / 16, 16]);
		expect(m.maxImageBytes).toBe(10 * 1024 * 1024);
		expect(m.imageFormats).toEqual(['jpeg', 'png', 'webp', 'bmp', 'tiff', 'gif']);
		expect(m.tiers).toContain(m.defaultTier);
		expect(m.retired).toBeUndefined();
	});

	it.each(IMAGE_MODELS.map((m) => [m.name, m] as const))('%s: a preset for every tier and ratio, each within its own bounds', (_, m) => {
		expect(Object.keys(m.presets).sort()).toEqual([...m.tiers].sort());
		for (const tier of m.tiers) {
			for (const ratio of IMAGE_RATIOS) {
				const [w, h] = m.presets[tier]![ratio].split('x').map(Number);
				expect(w * h).toBeGreaterThanOrEqual(m.pixels[0]);
				expect(w * h).toBeLessThanOrEqual(m.pixels[1]);
				const [rw, rh] = ratio.split(':').map(Number);
				// The tables round to multiples of 16: the shape is close to the ratio, not exact.
				expect(Math.abs(w / h - rw / rh) / (rw / rh)).toBeLessThan(0.05);
			}
		}
	});

	it('gives Pro/Flash their own 2K sizes and 4.0 its own 1K', () => {
		expect(model(PRO).presets['2K']!['16:9']).toBe('2816x1584');
		expect(model(LITE).presets['2K']!['16:9']).toBe('2848x1600');
		expect(model(V40).presets['1K']!['16:9']).toBe('1280x720');
		expect(model(FLASH).presets['1K']!['16:9']).toBe('1424x800');
	});

	it('answers the preset for a tier and a ratio in any spelling, and nothing for a tier the model lacks or a model it does not know', () => {
		expect(imagePresetSize('dola-seedream-5-0-pro-260628', '2K', '16:9')).toBe('2816x1584');
		expect(imagePresetSize('seedream-4-5-251128', '4K', '21:9')).toBe('6240x2656');
		expect(imagePresetSize(V45, '1K', '1:1')).toBeUndefined();
		expect(imagePresetSize('ep-20260101-abcde', '2K', '1:1')).toBeUndefined();
	});
});
