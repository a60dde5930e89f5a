/**
 * The price tables as data: every catalogue model priced at every resolution it makes, at both
 * providers; video-input rates exactly where the model takes videos; the rules per model; every
 * spelling of a Seedream model finds its prices.
 */
import { findImageModel, IMAGE_MODELS } from '../../../nodes/Seedance/request/imageModels';
import { findModel, MODELS } from '../../../nodes/Seedance/request/models';
import {
	BYTEPLUS_VIDEO_PRICES,
	IMAGE_PRICES,
	VIDEO_BILLING_RULES,
	VIDEO_PRICES,
	VOLCENGINE_VIDEO_PRICES,
} from '../../../nodes/Seedance/request/prices';

const PROVIDERS = ['volcengine', 'byteplus'] as const;

describe('video price tables', () => {
	it.each(PROVIDERS.flatMap((provider) => MODELS.map((model) => [provider, model.id] as const)))(
		'%s prices %s at each of its resolutions',
		(provider, id) => {
			const model = findModel(id)!;
			const bands = VIDEO_PRICES[provider].models[id];
			expect(bands).toBeDefined();
			expect(Object.keys(bands).sort()).toEqual([...model.resolutions].sort());
			for (const rate of Object.values(bands)) {
				expect(rate.perMillionTokens).toBeGreaterThan(0);
				// A rate with video input exactly where the model takes videos, and it is the lower one.
				if (model.references && model.references.max.video > 0) {
					expect(rate.withVideoInput).toBeGreaterThan(0);
					expect(rate.withVideoInput!).toBeLessThan(rate.perMillionTokens);
				} else {
					expect(rate.withVideoInput).toBeUndefined();
				}
			}
		},
	);

	it('keys every table by the catalogue spelling (findModel maps the BytePlus one)', () => {
		for (const table of Object.values(VIDEO_PRICES)) {
			for (const id of Object.keys(table.models)) expect(findModel(id)?.id).toBe(id);
		}
		expect(findModel('dreamina-seedance-2-0-260128')?.id).toBe('doubao-seedance-2-0-260128');
	});

	it('carries a source, its address and the day it was read', () => {
		for (const table of [...Object.values(VIDEO_PRICES), ...Object.values(IMAGE_PRICES)]) {
			expect(table.source.label).not.toBe('');
			expect(table.source.url).toMatch(/^https:\/\//);
			expect(table.source.readOn).toMatch(/^2026-\d\d-\d\d$/);
		}
		expect(VOLCENGINE_VIDEO_PRICES.currency).toBe('CNY');
		expect(BYTEPLUS_VIDEO_PRICES.currency).toBe('USD');
	});

	it('marks third-party prices: Volcengine 2.x, BytePlus 1.0 Lite and 2.5 1080p', () => {
		expect(VOLCENGINE_VIDEO_PRICES.models['doubao-seedance-2-0-260128']['720p']!.confidence).toBe('third-party');
		expect(VOLCENGINE_VIDEO_PRICES.models['doubao-seedance-1-0-pro-250528']['1080p']!.confidence).toBe('official');
		expect(BYTEPLUS_VIDEO_PRICES.models['doubao-seedance-1-0-lite-t2v-250428']['720p']!.confidence).toBe('third-party');
		expect(BYTEPLUS_VIDEO_PRICES.models['doubao-seedance-2-5-260628']['1080p']!.confidence).toBe('third-party');
		expect(BYTEPLUS_VIDEO_PRICES.models['doubao-seedance-2-0-260128']['4k']!.confidence).toBe('official');
	});

	it('has billing rules for every catalogue model: flex only on 1.0 Pro, 1.0 Pro Fast and 1.5 Pro', () => {
		for (const model of MODELS) expect(VIDEO_BILLING_RULES[model.id]).toBeDefined();
		const withFlex = MODELS.filter((m) => VIDEO_BILLING_RULES[m.id].flexMultiplier === 0.5).map((m) => m.id);
		expect(withFlex.sort()).toEqual(['doubao-seedance-1-0-pro-250528', 'doubao-seedance-1-0-pro-fast-251015', 'doubao-seedance-1-5-pro-251215']);
		const withMinimum = MODELS.filter((m) => VIDEO_BILLING_RULES[m.id].videoInputMinimum).map((m) => m.id);
		expect(withMinimum.sort()).toEqual([
			'doubao-seedance-2-0-260128',
			'doubao-seedance-2-0-fast-260128',
			'doubao-seedance-2-0-mini-260615',
			'doubao-seedance-2-5-260628',
		]);
	});

	it('1.5 Pro: BytePlus lists flex 0.6 / 1.2 = half of 1.2 silent / 2.4 with audio', () => {
		const rules = VIDEO_BILLING_RULES['doubao-seedance-1-5-pro-251215'];
		const silent = BYTEPLUS_VIDEO_PRICES.models['doubao-seedance-1-5-pro-251215']['480p']!.perMillionTokens;
		expect(silent * rules.flexMultiplier!).toBeCloseTo(0.6, 10);
		expect(silent * rules.audioMultiplier! * rules.flexMultiplier!).toBeCloseTo(1.2, 10);
	});
});

describe('Seedream price tables', () => {
	// One catalogue: the price tables are keyed by the image catalogue's ids, every spelling found there.
	it.each(IMAGE_MODELS.flatMap((model) => [model.id, model.byteplusId, ...model.aliases].map((id) => [id, model.id])))('%s finds the prices of %s', (id, canonical) => {
		expect(findImageModel(` ${id.toUpperCase()} `)?.id).toBe(canonical);
		for (const provider of PROVIDERS) expect(IMAGE_PRICES[provider].models[canonical]).toBeDefined();
	});

	it.each(PROVIDERS)('%s: every priced image id is a catalogue id or a model left out of it (3.0 t2i, SeedEdit 3.0)', (provider) => {
		const outside = Object.keys(IMAGE_PRICES[provider].models).filter((id) => findImageModel(id)?.id !== id);
		expect(outside).toEqual(['doubao-seedream-3-0-t2i-250415', 'doubao-seededit-3-0-i2i-250628']);
	});

	it.each(PROVIDERS)('%s prices every image model', (provider) => {
		for (const model of IMAGE_MODELS) {
			expect(IMAGE_PRICES[provider].models[model.id]?.perImage).toBeGreaterThan(0);
		}
	});

	it('5.0 Pro: two size bands split at 2.61 MP, first input image free, layers at half', () => {
		for (const provider of PROVIDERS) {
			const pro = IMAGE_PRICES[provider].models['doubao-seedream-5-0-pro-260628'];
			expect(pro.large!.abovePixels).toBe(2_610_000);
			expect(pro.large!.perImage).toBeCloseTo(pro.perImage * 2, 10);
			expect(pro.inputImages!.free).toBe(1);
			expect(pro.layer!.perImage).toBeCloseTo(pro.perImage / 2, 10);
		}
		expect(findImageModel('doubao-seedream-9-9-991231')).toBeUndefined();
	});
});
